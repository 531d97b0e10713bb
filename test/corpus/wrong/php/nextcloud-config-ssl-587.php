<?php
$CONFIG = array (
  'htaccess.RewriteBase' => '/',
  'memcache.local' => '\\OC\\Memcache\\APCu',
  'trusted_domains' => array ( 0 => 'cloud.example.org' ),
  'datadirectory' => '/var/www/html/data',
  'mail_from_address' => 'cloud',
  'mail_domain' => 'example.org',
  'mail_smtpmode' => 'smtp',
  'mail_sendmailmode' => 'smtp',
  'mail_smtphost' => 'smtp.example.org',
  'mail_smtpport' => '587',
  'mail_smtpsecure' => 'ssl',
  'mail_smtpauth' => 1,
  'mail_smtpname' => 'cloud@example.org',
  'mail_smtppassword' => 'secret',
  'installed' => true,
);
