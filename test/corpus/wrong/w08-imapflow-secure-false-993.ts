import { ImapFlow } from 'imapflow';

export async function openInbox(user: string, pass: string) {
  const client = new ImapFlow({
    host: 'outlook.office365.com',
    port: 993,
    secure: false,
    auth: { user, pass },
    logger: false,
  });
  await client.connect();
  return client;
}
