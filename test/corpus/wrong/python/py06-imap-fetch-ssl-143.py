import email
import imaplib
import os

IMAP_HOST = os.getenv("IMAP_HOST", "imap.example.org")


def fetch_unseen():
    conn = imaplib.IMAP4_SSL(IMAP_HOST, 143)
    conn.login(os.environ["IMAP_USER"], os.environ["IMAP_PASSWORD"])
    conn.select("INBOX")
    _, data = conn.search(None, "UNSEEN")
    for num in data[0].split():
        _, msg_data = conn.fetch(num, "(RFC822)")
        yield email.message_from_bytes(msg_data[0][1])
    conn.logout()
