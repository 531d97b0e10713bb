import nodemailer from "nodemailer";

const transporter = nodemailer.createTransport({
  host: "smtp.titan.email",
  port: 587,
  secure: true,
  auth: {
    user: process.env.TITAN_USER,
    pass: process.env.TITAN_PASS,
  },
});

export default transporter;
