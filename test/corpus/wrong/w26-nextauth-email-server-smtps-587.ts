import NextAuth from 'next-auth';
import EmailProvider from 'next-auth/providers/email';

export default NextAuth({
  providers: [
    EmailProvider({
      server: 'smtps://apikey:SG.xxxxx@smtp.sendgrid.net:587',
      from: 'Acme <login@acme.dev>',
    }),
  ],
});
