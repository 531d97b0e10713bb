import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

function smtpOptions(): SMTPTransport.Options {
  const port = Number(process.env.SMTP_PORT ?? '587');
  return {
    host: process.env.SMTP_HOST,
    port,
    secure: port === 465,
    requireTLS: port !== 465,
    auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
  };
}

export const transporter = nodemailer.createTransport(smtpOptions());
