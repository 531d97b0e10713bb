import { ImapFlow } from 'imapflow';

const client = new ImapFlow({
  host: 'imap.fastmail.com',
  port: 143,
  secure: true,
  auth: {
    user: process.env.IMAP_USER,
    pass: process.env.IMAP_PASS,
  },
  logger: false,
});

await client.connect();
const lock = await client.getMailboxLock('INBOX');
try {
  for await (const message of client.fetch('1:*', { envelope: true })) {
    console.log(`${message.uid}: ${message.envelope.subject}`);
  }
} finally {
  lock.release();
}
await client.logout();
