import { Injectable } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';

@Injectable()
export class MailerService {
  private readonly smtpOptions = {
    host: 'smtp.sendgrid.net',
    port: 587,
    secure: false,
    requireTLS: true,
    auth: { user: 'apikey', pass: process.env.SENDGRID_API_KEY },
  };

  private readonly transporter: Transporter = createTransport(this.smtpOptions);

  send(to: string, subject: string, html: string) {
    return this.transporter.sendMail({ from: 'noreply@example.com', to, subject, html });
  }
}
