import { createTransport } from 'nodemailer';
import config from './config';

const { host, port, secure, user, pass } = config.smtp;

export const transporter = createTransport({ host, port, secure, auth: { user, pass } });
