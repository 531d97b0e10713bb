import { Module } from '@nestjs/common';
import { MailerModule } from '@nestjs-modules/mailer';

@Module({
  imports: [
    MailerModule.forRoot({
      transport: 'smtp://my.address%40gmail.com:app-password@smtp.gmail.com:465',
      defaults: { from: '"Support" <support@example.com>' },
    }),
  ],
})
export class MailModule {}
