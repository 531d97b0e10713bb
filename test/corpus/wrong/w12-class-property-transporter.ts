import { Injectable, Logger } from '@nestjs/common';
import * as nodemailer from 'nodemailer';

@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  private readonly transporter = nodemailer.createTransport({
    host: 'smtp.strato.de',
    port: 465,
    secure: false,
    requireTLS: true,
    auth: {
      user: process.env.STRATO_USER,
      pass: process.env.STRATO_PASSWORD,
    },
  });

  async notify(to: string, text: string) {
    await this.transporter.sendMail({ from: process.env.STRATO_USER, to, subject: 'Notification', text });
    this.logger.log(`sent to ${to}`);
  }
}
