<?php

namespace App\Service;

use PHPMailer\PHPMailer\PHPMailer;

final class MailService
{
    private PHPMailer $mailer;

    public function __construct(private readonly array $config)
    {
        $this->mailer = new PHPMailer(true);
        $this->mailer->isSMTP();
        $this->mailer->Host = $config['host'];
        $this->mailer->Port = 465;
        $this->mailer->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
        $this->mailer->SMTPAuth = true;
        $this->mailer->Username = $config['user'];
        $this->mailer->Password = $config['pass'];
        $this->mailer->CharSet = 'UTF-8';
    }
}
