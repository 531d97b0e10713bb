const nodemailer = require('nodemailer');

const transporter = nodemailer.createTransport({
  host: 'smtp.gmail.com',
  port: 465,
  secure: undefined, // let nodemailer decide from the port
  auth: { user: process.env.GMAIL_USER, pass: process.env.GMAIL_PASS },
});

module.exports = transporter;
