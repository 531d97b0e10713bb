import nodemailer from 'nodemailer';

export const transporter = nodemailer.createTransport({
  service: 'SES-EU-WEST-1',
  auth: {
    user: process.env.SES_SMTP_USER,
    pass: process.env.SES_SMTP_PASS,
  },
});
