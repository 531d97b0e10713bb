import nodemailer from 'nodemailer';

const isProd = process.env.NODE_ENV === 'production';

export const transporter = nodemailer.createTransport({
  host: isProd ? 'smtp.postmarkapp.com' : 'localhost',
  port: isProd ? 587 : 1025,
  secure: false,
  auth: isProd ? { user: process.env.POSTMARK_TOKEN!, pass: process.env.POSTMARK_TOKEN! } : undefined,
});
