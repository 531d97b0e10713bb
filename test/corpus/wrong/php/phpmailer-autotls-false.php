<?php
function mailer(): PHPMailer {
    $mail = new PHPMailer();
    $mail->isSMTP();
    $mail->Host = 'smtp.mailgun.org';
    $mail->Port = 587;
    $mail->SMTPAutoTLS = false;
    $mail->SMTPSecure = '';
    $mail->SMTPAuth = true;
    $mail->Username = 'postmaster@mg.example.com';
    $mail->Password = MAILGUN_PASSWORD;
    return $mail;
}
