import { ImapFlow } from 'imapflow';

const client = new ImapFlow({
  host: process.env.IMAP_HOST,
  port: Number(process.env.IMAP_PORT ?? 993),
  secure: (process.env.IMAP_PORT ?? '993') === '993',
  auth: { user: process.env.IMAP_USER, pass: process.env.IMAP_PASS },
  logger: false,
});

await client.connect();
