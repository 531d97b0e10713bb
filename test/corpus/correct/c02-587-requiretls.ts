import nodemailer from 'nodemailer';

export const transporter = nodemailer.createTransport({
  host: 'smtp.office365.com',
  port: 587,
  secure: false, // STARTTLS
  requireTLS: true,
  auth: {
    user: process.env.O365_USER,
    pass: process.env.O365_PASSWORD,
  },
  tls: { ciphers: 'TLSv1.2', minVersion: 'TLSv1.2' },
});
