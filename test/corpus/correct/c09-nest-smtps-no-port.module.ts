import { Module } from '@nestjs/common';
import { MailerModule } from '@nestjs-modules/mailer';

@Module({
  imports: [
    MailerModule.forRoot({
      transport: 'smtps://user%40gmail.com:app-password@smtp.gmail.com',
      defaults: { from: '"nest-modules" <modules@nestjs.com>' },
    }),
  ],
})
export class AppModule {}
