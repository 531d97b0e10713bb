import { SMTPClient } from 'emailjs';

// emailjs, not nodemailer: ssl is implicit TLS here
export const client = new SMTPClient({
  user: process.env.SMTP_USER,
  password: process.env.SMTP_PASS,
  host: 'smtp.your-email.com',
  ssl: true,
});
