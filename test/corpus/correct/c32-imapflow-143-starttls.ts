import { ImapFlow } from 'imapflow';

// Proton Bridge style: plain IMAP upgraded with STARTTLS, mandatory
export const client = new ImapFlow({
  host: 'imap.example.org',
  port: 143,
  secure: false,
  doSTARTTLS: true,
  auth: { user: process.env.IMAP_USER!, pass: process.env.IMAP_PASS! },
});
