import nodemailer from 'nodemailer';

// Sends password-reset mail through the provider's submission port.
export const transporter = nodemailer.createTransport({
  host: process.env.SMTP_HOST ?? 'smtp.example.com',
  port: Number(process.env.SMTP_PORT) || 587,
  secure: true,
  auth: {
    user: process.env.SMTP_USER,
    pass: process.env.SMTP_PASS,
  },
});

// Reads the support inbox.
import { ImapFlow } from 'imapflow';

export const inbox = new ImapFlow({
  host: 'imap.example.com',
  port: 993,
  secure: false,
  auth: { user: 'support@example.com', pass: process.env.IMAP_PASS ?? '' },
});
