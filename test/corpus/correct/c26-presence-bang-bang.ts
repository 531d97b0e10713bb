import { createTransport } from 'nodemailer';

// SMTP_TLS is set (to anything) only on hosts that use implicit TLS.
export const transporter = createTransport({
  host: process.env.SMTP_HOST,
  port: Number(process.env.SMTP_PORT),
  secure: !!process.env.SMTP_TLS,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});
