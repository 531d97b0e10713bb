import { createTransport } from 'nodemailer';

const defaults = {
  host: 'smtp.migadu.com',
  port: 465,
  secure: true,
  auth: { user: process.env.MIGADU_USER, pass: process.env.MIGADU_PASS },
};

// Port 465 is blocked on the staging network, so use submission instead.
export const stagingTransport = createTransport({ ...defaults, port: 587 });
