import nodemailer from 'nodemailer';

interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
}

export function createMailer(settings: SmtpSettings) {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.pass },
  });
}

export const mailer = createMailer({
  host: 'smtp.example.com',
  port: 587,
  secure: false,
  user: 'app',
  pass: process.env.SMTP_PASS ?? '',
});
