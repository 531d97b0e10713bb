const nodemailer = require('nodemailer');

module.exports = nodemailer.createTransport({
  service: 'Outlook365',
  auth: {
    user: process.env.OUTLOOK_USER,
    pass: process.env.OUTLOOK_PASS,
  },
});
