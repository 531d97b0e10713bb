import { Injectable } from '@nestjs/common';
import { MailerOptions, MailerOptionsFactory } from '@nestjs-modules/mailer';

@Injectable()
export class MailerConfigService implements MailerOptionsFactory {
  createMailerOptions(): MailerOptions {
    return {
      transport: {
        host: 'smtp.ethereal.email',
        port: 587,
        secure: true,
        auth: { user: process.env.ETHEREAL_USER, pass: process.env.ETHEREAL_PASS },
      },
      defaults: { from: '"App" <app@example.com>' },
    };
  }
}
