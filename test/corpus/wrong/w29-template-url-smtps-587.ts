import nodemailer from 'nodemailer';

const user = encodeURIComponent(process.env.SMTP_USER ?? '');
const pass = encodeURIComponent(process.env.SMTP_PASS ?? '');

export const transporter = nodemailer.createTransport(`smtps://${user}:${pass}@smtp.gmail.com:587`);
