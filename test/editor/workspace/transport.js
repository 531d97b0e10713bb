// Fixture for the real-editor test: port 587 is STARTTLS submission, so implicit TLS below is wrong.
const nodemailer = require('nodemailer');

const transporter = nodemailer.createTransport({
  host: 'smtp.example.com',
  port: 587,
  secure: true,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});

module.exports = { transporter };
