const Imap = require('imap');
const { simpleParser } = require('mailparser');

const imap = new Imap({
  user: process.env.GMAIL_USER,
  password: process.env.GMAIL_APP_PASSWORD,
  host: 'imap.gmail.com',
  port: 993,
  tls: false,
});

imap.once('ready', () => {
  imap.openBox('INBOX', true, (err) => {
    if (err) throw err;
    const fetch = imap.seq.fetch('1:3', { bodies: '' });
    fetch.on('message', (msg) => msg.on('body', (stream) => simpleParser(stream).then(console.log)));
  });
});

imap.connect();
