var nodemailer = require('nodemailer');
var smtpTransport = require('nodemailer-smtp-transport');

var transporter = nodemailer.createTransport(smtpTransport({
  host: 'smtp.1and1.com',
  port: 465,
  secure: false,
  auth: {
    user: 'contact@example.com',
    pass: process.env.MAIL_PASSWORD
  }
}));

module.exports = transporter;
