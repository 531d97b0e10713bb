import { ImapFlow } from 'imapflow';

const imapConfig = {
  host: 'imap.mail.me.com',
  port: 993,
  secure: false,
  auth: {
    user: process.env.ICLOUD_USER!,
    pass: process.env.ICLOUD_APP_PASSWORD!,
  },
};

export const createClient = () => new ImapFlow({ ...imapConfig, logger: false });
