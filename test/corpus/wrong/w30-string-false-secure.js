// config copied from a YAML file where every value is a string
const nodemailer = require('nodemailer');

const transporter = nodemailer.createTransport({
  host: 'smtp.mail.yahoo.com',
  port: '587',
  secure: 'false',
  auth: { user: 'me@yahoo.com', pass: process.env.YAHOO_APP_PASSWORD },
});

module.exports = transporter;
