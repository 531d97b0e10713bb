import nodemailer, { Transporter } from 'nodemailer';
import { logger } from '../logger';

export class MailService {
  private transporter: Transporter;

  constructor() {
    this.transporter = nodemailer.createTransport({
      host: 'smtp.zoho.eu',
      port: 465,
      secure: false,
      auth: {
        user: process.env.ZOHO_USER,
        pass: process.env.ZOHO_APP_PASSWORD,
      },
    });
  }

  async send(to: string, subject: string, text: string): Promise<void> {
    await this.transporter.sendMail({ from: process.env.ZOHO_USER, to, subject, text });
    logger.info(`mail sent to ${to}`);
  }
}
