'use strict';
const nodemailer = require('nodemailer');

const smtpConfig = {
  host: 'smtp.sendgrid.net',
  port: 2525,
  secure: true,
  auth: {
    user: 'apikey',
    pass: process.env.SENDGRID_API_KEY,
  },
};

const transporter = nodemailer.createTransport(smtpConfig);

exports.sendWelcome = (to) =>
  transporter.sendMail({ from: 'hello@example.com', to, subject: 'Welcome', text: 'Hi!' });
