const nodemailer = require('nodemailer');

let port = 587;
let secure = false;
if (process.env.SMTP_IMPLICIT_TLS === 'true') {
  port = 465;
  secure = true;
}

module.exports = nodemailer.createTransport({
  host: 'smtp.fastmail.com',
  port,
  secure,
  requireTLS: !secure,
  auth: { user: process.env.FASTMAIL_USER, pass: process.env.FASTMAIL_PASS },
});
