import nodemailer from 'nodemailer';

const host = process.env.SMTP_HOST;
const port = process.env.SMTP_PORT;

export const transporter = nodemailer.createTransport(`smtps://${process.env.SMTP_USER}:${process.env.SMTP_PASS}@${host}:${port}`);
