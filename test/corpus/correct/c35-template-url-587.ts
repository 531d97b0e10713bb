import nodemailer from 'nodemailer';

const { SMTP_USER = '', SMTP_PASS = '' } = process.env;

export const transporter = nodemailer.createTransport(
  `smtp://${encodeURIComponent(SMTP_USER)}:${encodeURIComponent(SMTP_PASS)}@smtp.sendgrid.net:587`,
);
