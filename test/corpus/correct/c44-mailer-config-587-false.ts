export const mailerConfig = {
  transport: {
    host: 'smtp-relay.brevo.com',
    port: 587,
    secure: false,
    auth: { user: process.env.BREVO_LOGIN, pass: process.env.BREVO_SMTP_KEY },
  },
  defaults: { from: '"Shop" <shop@example.com>' },
};
