const nodemailer = require('nodemailer');

const transporter = nodemailer.createTransport(process.env.SMTP_CONNECTION_URL || 'smtp://localhost:1025');

module.exports = transporter;
