package notifications

import (
	"os"
	"strconv"

	"gopkg.in/gomail.v2"
)

type Mailer struct {
	dialer *gomail.Dialer
}

func NewMailer() *Mailer {
	d := gomail.NewDialer("smtp.office365.com", 587, os.Getenv("MAIL_USER"), os.Getenv("MAIL_PASSWORD"))
	// Office 365 requires TLS
	d.SSL = true
	return &Mailer{dialer: d}
}

func (m *Mailer) Retries() int {
	n, _ := strconv.Atoi(os.Getenv("MAIL_RETRIES"))
	return n
}
