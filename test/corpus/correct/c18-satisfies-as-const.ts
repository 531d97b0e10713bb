import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

const smtpOptions = {
  host: 'smtp.eu.mailgun.org',
  port: 465,
  secure: true,
  auth: {
    user: process.env.MAILGUN_SMTP_LOGIN!,
    pass: process.env.MAILGUN_SMTP_PASSWORD!,
  },
} as const satisfies SMTPTransport.Options;

export const transporter = nodemailer.createTransport(smtpOptions);
