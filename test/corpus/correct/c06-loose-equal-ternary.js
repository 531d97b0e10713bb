const nodemailer = require('nodemailer');
const config = require('./config');

const port = config.mail.port;
const transporter = nodemailer.createTransport({
  host: config.mail.host,
  port: port,
  secure: port == 465 ? true : false,
  auth: { user: config.mail.user, pass: config.mail.pass },
});

module.exports = { transporter };
