# This file is just Python, with a touch of Django which means
# you can inherit and tweak settings to your hearts content.

from sentry.conf.server import *  # NOQA

SENTRY_OPTIONS["mail.backend"] = "smtp"
SENTRY_OPTIONS["mail.host"] = "smtp.example.com"
SENTRY_OPTIONS["mail.port"] = 587
SENTRY_OPTIONS["mail.use-tls"] = True
SENTRY_OPTIONS["mail.use-ssl"] = False
