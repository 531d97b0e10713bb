const nodemailer = require('nodemailer');

const transporter = nodemailer.createTransport(
  process.env.SMTP_URL || 'smtps://user%40example.com:secret@smtp.example.com:465',
);

module.exports = transporter;
