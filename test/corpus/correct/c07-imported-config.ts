import nodemailer from 'nodemailer';
import { smtpConfig } from '../config/smtp';
import type { SentMessageInfo } from 'nodemailer';

const transporter = nodemailer.createTransport(smtpConfig);

export function send(to: string, subject: string, html: string): Promise<SentMessageInfo> {
  return transporter.sendMail({ from: smtpConfig.from, to, subject, html });
}
