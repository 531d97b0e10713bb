package main

import (
	"log"
	"net/smtp"
	"os"
)

func main() {
	from := os.Getenv("GMAIL_USER")
	auth := smtp.PlainAuth("", from, os.Getenv("GMAIL_APP_PASSWORD"), "smtp.gmail.com")
	msg := []byte("Subject: backup finished\r\n\r\nAll good.\r\n")
	if err := smtp.SendMail("smtp.gmail.com:465", auth, from, []string{"ops@example.com"}, msg); err != nil {
		log.Fatal(err)
	}
}
