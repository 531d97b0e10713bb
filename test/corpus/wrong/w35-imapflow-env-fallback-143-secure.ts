import { ImapFlow, type ImapFlowOptions } from 'imapflow';

const options: ImapFlowOptions = {
  host: process.env.IMAP_HOST ?? 'imap.example.com',
  port: Number(process.env.IMAP_PORT) || 143,
  secure: true,
  auth: { user: process.env.IMAP_USER ?? '', pass: process.env.IMAP_PASS ?? '' },
  logger: false,
};

export const client = new ImapFlow(options);
