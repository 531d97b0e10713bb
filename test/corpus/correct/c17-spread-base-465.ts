import nodemailer from 'nodemailer';

const base = {
  host: 'smtp.fastmail.com',
  auth: { user: process.env.FASTMAIL_USER, pass: process.env.FASTMAIL_TOKEN },
};

export const transporter = nodemailer.createTransport({ ...base, port: 465, secure: true });
export const fallbackTransporter = nodemailer.createTransport({ ...base, port: 587, secure: false, requireTLS: true });
