import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

const baseOptions: SMTPTransport.Options = {
  host: 'smtp.eu.mailgun.org',
  auth: {
    user: process.env.MAILGUN_SMTP_LOGIN,
    pass: process.env.MAILGUN_SMTP_PASSWORD,
  },
  pool: true,
};

export const bulkTransport = nodemailer.createTransport({ ...baseOptions, port: 587, secure: true, maxConnections: 5 });
