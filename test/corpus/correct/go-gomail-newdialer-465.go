package mail

import (
	"os"
	"strconv"

	gomail "gopkg.in/mail.v2"
)

func Dialer() *gomail.Dialer {
	port, err := strconv.Atoi(os.Getenv("SMTP_PORT"))
	if err != nil {
		port = 465
	}
	d := gomail.NewDialer(os.Getenv("SMTP_HOST"), port, os.Getenv("SMTP_USER"), os.Getenv("SMTP_PASS"))
	d.StartTLSPolicy = gomail.MandatoryStartTLS
	return d
}

func Gmail() *gomail.Dialer {
	return gomail.NewDialer("smtp.gmail.com", 465, os.Getenv("GMAIL_USER"), os.Getenv("GMAIL_APP_PASSWORD"))
}
