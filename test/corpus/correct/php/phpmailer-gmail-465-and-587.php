<?php
use PHPMailer\PHPMailer\PHPMailer;

function gmail(): PHPMailer
{
    $mail = new PHPMailer(true);
    $mail->isSMTP();
    $mail->Host = 'smtp.gmail.com';
    $mail->SMTPAuth = true;
    $mail->Username = getenv('GMAIL_USER');
    $mail->Password = getenv('GMAIL_APP_PASSWORD');
    $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
    $mail->Port = 465;
    return $mail;
}

function office(): PHPMailer
{
    $mail = new PHPMailer(true);
    $mail->isSMTP();
    $mail->Host = 'tls://smtp.office365.com:587';
    $mail->SMTPAuth = true;
    $mail->Username = getenv('O365_USER');
    $mail->Password = getenv('O365_PASSWORD');
    return $mail;
}

function local(): PHPMailer
{
    $mail = new PHPMailer();
    $mail->isSMTP();
    $mail->Host = 'mailpit';
    $mail->Port = 1025;
    $mail->SMTPAutoTLS = false;
    return $mail;
}
