import smtplib


class Mailer:
    def __init__(self, host, user, password):
        self.server = smtplib.SMTP(host="smtp.mailgun.org", port=587)
        self.server.login(user, password)

    def send(self, sender, to, message):
        self.server.sendmail(sender, to, message)
