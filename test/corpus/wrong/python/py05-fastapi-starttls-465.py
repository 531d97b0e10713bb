from fastapi_mail import ConnectionConfig, FastMail, MessageSchema
from pydantic import EmailStr

conf = ConnectionConfig(
    MAIL_USERNAME="noreply@example.com",
    MAIL_PASSWORD="change-me",
    MAIL_FROM="noreply@example.com",
    MAIL_PORT=465,
    MAIL_SERVER="smtp.zoho.eu",
    MAIL_FROM_NAME="Example",
    MAIL_STARTTLS=True,
    MAIL_SSL_TLS=False,
    USE_CREDENTIALS=True,
    VALIDATE_CERTS=True,
)


async def send(to: EmailStr, body: str) -> None:
    message = MessageSchema(subject="Hello", recipients=[to], body=body, subtype="html")
    await FastMail(conf).send_message(message)
