import type { NextAuthConfig } from 'next-auth';
import Nodemailer from 'next-auth/providers/nodemailer';

export default {
  providers: [
    Nodemailer({
      server: {
        host: 'smtp.resend.com',
        port: 587,
        secure: true,
        auth: {
          user: 'resend',
          pass: process.env.RESEND_API_KEY,
        },
      },
      from: 'onboarding@resend.dev',
    }),
  ],
} satisfies NextAuthConfig;
