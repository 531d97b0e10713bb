import nodemailer from 'nodemailer';

export const transporter = nodemailer.createTransport({
  host: 'smtp.purelymail.com',
  port: '465' as unknown as number,
  secure: true,
  auth: { user: 'me@example.com', pass: process.env.PURELYMAIL_PASS! },
});
