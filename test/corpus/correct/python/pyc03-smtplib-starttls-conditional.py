import smtplib
import ssl


def open_connection(host: str, port: int, user: str, password: str, use_tls: bool = True):
    if port == 465:
        server = smtplib.SMTP_SSL(host, port, context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(host, port)
        if use_tls:
            server.starttls(context=ssl.create_default_context())
    server.login(user, password)
    return server


def local_debug():
    server = smtplib.SMTP("localhost", 1025)
    server.login("test", "test")
    server.quit()
