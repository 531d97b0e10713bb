import poplib

import yagmail


def notify(user, password, to):
    yag = yagmail.SMTP(user, password)
    yag.send(to=to, subject="ok", contents="done")


def fetch(host, user, password):
    box = poplib.POP3_SSL(host, 995)
    box.user(user)
    box.pass_(password)
    return box.stat()
