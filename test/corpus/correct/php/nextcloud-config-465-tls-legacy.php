<?php
$CONFIG = array (
  'mail_smtpmode' => 'smtp',
  'mail_smtphost' => 'smtp.mailbox.org',
  'mail_smtpport' => 465,
  'mail_smtpsecure' => 'tls',
  'mail_smtpauth' => true,
  'mail_smtpname' => 'cloud@example.org',
  'mail_smtppassword' => 'secret',
);
