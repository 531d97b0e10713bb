// Fixture for the real-editor test: implicit TLS on its own port; must stay free of diagnostics.
const nodemailer = require('nodemailer');

const transporter = nodemailer.createTransport({
  host: 'smtp.example.com',
  port: 465,
  secure: true,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});

module.exports = { transporter };
