import nodemailer from 'nodemailer';
import { env } from '@/env.mjs';

// env is validated with zod: SMTP_SECURE is z.coerce.boolean(), SMTP_PORT z.coerce.number()
export const transporter = nodemailer.createTransport({
  host: env.SMTP_HOST,
  port: env.SMTP_PORT,
  secure: env.SMTP_SECURE,
  auth: { user: env.SMTP_USER, pass: env.SMTP_PASSWORD },
});
