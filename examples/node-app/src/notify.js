const nodemailer = require('nodemailer');

// Correct: the TLS mode follows the port, whatever the environment says.
const port = Number(process.env.SMTP_PORT || 465);
module.exports = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  port,
  secure: port === 465,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});

// Wrong: "false" from the environment is a non-empty string, so this is always true.
module.exports.alerts = nodemailer.createTransport({
  host: 'smtp.example.com',
  port: 587,
  secure: process.env.ALERTS_SMTP_SECURE,
  tls: { rejectUnauthorized: false },
});
