package mailer

import (
	"github.com/wneessen/go-mail"
)

func client(user, pass string) (*mail.Client, error) {
	return mail.NewClient("smtp.fastmail.com",
		mail.WithSSL(),
		mail.WithSMTPAuth(mail.SMTPAuthPlain),
		mail.WithUsername(user),
		mail.WithPassword(pass),
	)
}
