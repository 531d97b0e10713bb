import Imap from 'imap';

const connection = new Imap({
  user: 'reports@example.net',
  password: process.env.IMAP_PASSWORD as string,
  host: 'mail.example.net',
  port: 143,
  tls: true,
  tlsOptions: { servername: 'mail.example.net' },
});

export default connection;
