import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

const options: SMTPTransport.Options = {
  host: 'smtp.postmarkapp.com',
  port: 2525,
  secure: true,
  auth: {
    user: process.env.POSTMARK_TOKEN,
    pass: process.env.POSTMARK_TOKEN,
  },
};

export const transporter: Transporter = createTransport(options);
