from .base import *  # noqa: F401,F403

DEBUG = False
EMAIL_HOST = "smtp.postmarkapp.com"
EMAIL_HOST_USER = "token"
EMAIL_HOST_PASSWORD = "token"
