import nodemailer from 'nodemailer';

// Local development: MailHog / Mailpit from docker-compose
export const devTransport = nodemailer.createTransport({
  host: 'localhost',
  port: 1025,
  secure: false,
  ignoreTLS: true,
  auth: { user: 'test', pass: 'test' },
});
