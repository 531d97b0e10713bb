import NextAuth from 'next-auth';
import Nodemailer from 'next-auth/providers/nodemailer';

export const { handlers, auth, signIn, signOut } = NextAuth({
  providers: [
    Nodemailer({
      server: 'smtp://resend:re_123@smtp.resend.com:587',
      from: 'login@example.com',
    }),
  ],
});
