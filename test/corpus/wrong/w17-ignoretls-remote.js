const nodemailer = require('nodemailer');

module.exports = nodemailer.createTransport({
  host: 'mail.company-intranet.com',
  port: 587,
  secure: false,
  ignoreTLS: true,
  auth: {
    user: 'noreply@company-intranet.com',
    pass: process.env.MAIL_PASSWORD,
  },
});
