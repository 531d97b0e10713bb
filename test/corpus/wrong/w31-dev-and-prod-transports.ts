import nodemailer from 'nodemailer';

export const devTransport = nodemailer.createTransport({
  host: 'localhost',
  port: 1025,
  ignoreTLS: true,
});

export const prodTransport = nodemailer.createTransport({
  host: 'smtp.postmarkapp.com',
  port: 587,
  secure: true,
  auth: { user: process.env.POSTMARK_TOKEN, pass: process.env.POSTMARK_TOKEN },
});

export const transport = process.env.NODE_ENV === 'production' ? prodTransport : devTransport;
