import { createTransport } from 'nodemailer';

export const transport = createTransport({
  host: 'mailpit',
  port: 1025,
  secure: false,
});
