const Imap = require('imap');

const imap = new Imap({
  user: process.env.MAIL_USER,
  password: process.env.MAIL_PASSWORD,
  host: 'imap.gmail.com',
  port: 993,
  tls: true,
  tlsOptions: { servername: 'imap.gmail.com' },
  authTimeout: 10000,
});

module.exports = imap;
