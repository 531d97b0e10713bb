import smtplib
from email.message import EmailMessage

GMAIL_USER = "bot@gmail.com"


def send_report(password: str, recipients: list[str], body: str) -> None:
    msg = EmailMessage()
    msg["Subject"] = "Daily report"
    msg["From"] = GMAIL_USER
    msg["To"] = ", ".join(recipients)
    msg.set_content(body)

    with smtplib.SMTP_SSL("smtp.gmail.com", 587) as smtp:
        smtp.login(GMAIL_USER, password)
        smtp.send_message(msg)
