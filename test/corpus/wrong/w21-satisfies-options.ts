import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

const transportOptions = {
  host: 'smtp.ionos.de',
  port: 465,
  secure: false,
  auth: {
    user: process.env.IONOS_USER!,
    pass: process.env.IONOS_PASS!,
  },
} satisfies SMTPTransport.Options;

export const transporter = nodemailer.createTransport(transportOptions);
