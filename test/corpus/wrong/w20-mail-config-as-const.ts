export const mailConfig = {
  host: 'smtp.mailgun.org',
  port: 587,
  secure: true,
  auth: {
    user: process.env.MAILGUN_USER ?? '',
    pass: process.env.MAILGUN_PASS ?? '',
  },
  from: 'Acme <no-reply@acme.dev>',
} as const;

export type MailConfig = typeof mailConfig;
