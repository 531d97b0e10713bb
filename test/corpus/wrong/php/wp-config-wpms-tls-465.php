<?php
define( 'DB_NAME', 'wp' );
define( 'DB_USER', 'wp' );

/* WP Mail SMTP */
define( 'WPMS_ON', true );
define( 'WPMS_MAILER', 'smtp' );
define( 'WPMS_SMTP_HOST', 'mail.example.net' );
define( 'WPMS_SMTP_PORT', 465 );
define( 'WPMS_SSL', 'tls' );
define( 'WPMS_SMTP_AUTH', true );
define( 'WPMS_SMTP_USER', 'site@example.net' );
define( 'WPMS_SMTP_PASS', 'hunter2' );

require_once ABSPATH . 'wp-settings.php';
