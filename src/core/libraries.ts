// What each library does at run time when its settings are wrong, in its users' own error texts
// (sources: shared/reference/config-matrix.md §2). Rules quote these so a message says what the
// user will actually see.

export interface LibraryInfo {
  readonly id: string;
  readonly name: string;
  /** Where the library documents its TLS options. */
  readonly docs: string;
  /** Implicit TLS against a plaintext port: fails at once. */
  readonly implicitOnPlaintextPort: string;
  /** Plaintext/STARTTLS against an implicit-TLS port: both sides wait. */
  readonly plaintextOnImplicitPort: string;
  /** What happens when implicit and STARTTLS flags are both set. */
  readonly bothModes: { readonly outcome: 'throws' | 'fails' | 'ignored'; readonly text: string };
}

const OPENSSL_WRONG_VERSION = "fails at once with 'wrong version number'";

const LIBRARIES: Record<string, LibraryInfo> = {
  nodemailer: {
    id: 'nodemailer',
    name: 'nodemailer',
    docs: 'https://nodemailer.com/smtp/',
    implicitOnPlaintextPort: `${OPENSSL_WRONG_VERSION} (code ESOCKET)`,
    plaintextOnImplicitPort: "hangs until 'Greeting never received' (ETIMEDOUT after 30 s)",
    bothModes: { outcome: 'ignored', text: 'nodemailer skips STARTTLS once `secure` is on, so the STARTTLS option does nothing' },
  },
  imapflow: {
    id: 'imapflow',
    name: 'ImapFlow',
    docs: 'https://imapflow.com/module-imapflow-ImapFlow.html',
    implicitOnPlaintextPort: OPENSSL_WRONG_VERSION,
    plaintextOnImplicitPort: "hangs until 'Failed to receive greeting from server in required time. Maybe should use TLS?' (after 16 s)",
    bothModes: { outcome: 'throws', text: "ImapFlow throws 'Misconfiguration: Cannot set both secure=true for TLS and doSTARTTLS=true for STARTTLS.'" },
  },
  'node-imap': {
    id: 'node-imap',
    name: 'node-imap',
    docs: 'https://github.com/mscdex/node-imap#connection-instance-methods',
    implicitOnPlaintextPort: OPENSSL_WRONG_VERSION,
    plaintextOnImplicitPort: "hangs until 'Timed out while connecting to server' (after 10 s)",
    bothModes: { outcome: 'ignored', text: 'node-imap only looks at `autotls` when `tls` is off, so it does nothing here' },
  },
  django: {
    id: 'django',
    name: 'Django',
    docs: 'https://docs.djangoproject.com/en/stable/ref/settings/#email-use-tls',
    implicitOnPlaintextPort: "fails at once with '[SSL: WRONG_VERSION_NUMBER] wrong version number'",
    plaintextOnImplicitPort: "hangs until 'SMTPServerDisconnected: Connection unexpectedly closed' or a timeout",
    bothModes: { outcome: 'throws', text: "Django raises 'ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive'" },
  },
  'flask-mail': {
    id: 'flask-mail',
    name: 'Flask-Mail',
    docs: 'https://flask-mail.readthedocs.io/',
    implicitOnPlaintextPort: "fails at once with '[SSL: WRONG_VERSION_NUMBER] wrong version number'",
    plaintextOnImplicitPort: "hangs until 'SMTPServerDisconnected: Connection unexpectedly closed' or a timeout",
    bothModes: { outcome: 'fails', text: "Flask-Mail sends STARTTLS inside the TLS session and fails with 'STARTTLS extension not supported by server.'" },
  },
  'fastapi-mail': {
    id: 'fastapi-mail',
    name: 'fastapi-mail',
    docs: 'https://sabuhish.github.io/fastapi-mail/getting-started/',
    implicitOnPlaintextPort: "fails at once with '[SSL: WRONG_VERSION_NUMBER] wrong version number'",
    plaintextOnImplicitPort: "hangs until 'Timed out waiting for server response'",
    bothModes: { outcome: 'throws', text: "aiosmtplib raises 'ValueError: The start_tls and use_tls options are not compatible.'" },
  },
  smtplib: {
    id: 'smtplib',
    name: 'smtplib',
    docs: 'https://docs.python.org/3/library/smtplib.html',
    implicitOnPlaintextPort: "fails at once with '[SSL: WRONG_VERSION_NUMBER] wrong version number'",
    plaintextOnImplicitPort: "hangs until the server closes the connection ('SMTPServerDisconnected') or the timeout",
    bothModes: { outcome: 'fails', text: "smtplib opens SMTP_SSL and then sends STARTTLS inside it, which the server rejects ('STARTTLS extension not supported by server')" },
  },
  imaplib: {
    id: 'imaplib',
    name: 'imaplib',
    docs: 'https://docs.python.org/3/library/imaplib.html',
    implicitOnPlaintextPort: "fails at once with '[SSL: WRONG_VERSION_NUMBER] wrong version number'",
    plaintextOnImplicitPort: 'hangs waiting for the greeting until the server closes the connection or the timeout',
    bothModes: { outcome: 'fails', text: "imaplib opens IMAP4_SSL and then sends STARTTLS inside it, which the server rejects" },
  },
  poplib: {
    id: 'poplib',
    name: 'poplib',
    docs: 'https://docs.python.org/3/library/poplib.html',
    implicitOnPlaintextPort: "fails at once with '[SSL: WRONG_VERSION_NUMBER] wrong version number'",
    plaintextOnImplicitPort: 'hangs waiting for the greeting until the server closes the connection or the timeout',
    bothModes: { outcome: 'fails', text: "poplib opens POP3_SSL and then sends STLS inside it ('-ERR STLS not supported by server')" },
  },
  yagmail: {
    id: 'yagmail',
    name: 'yagmail',
    docs: 'https://github.com/kootenpv/yagmail#usage',
    implicitOnPlaintextPort: "fails at once with '[SSL: WRONG_VERSION_NUMBER] wrong version number' (smtp_ssl defaults to True)",
    plaintextOnImplicitPort: "hangs until the server closes the connection ('SMTPServerDisconnected: Connection unexpectedly closed')",
    bothModes: { outcome: 'fails', text: "yagmail opens SMTP_SSL and then calls starttls(), which fails with 'STARTTLS extension not supported by server.'" },
  },
  sentry: {
    id: 'sentry',
    name: 'Sentry (Django mail backend)',
    docs: 'https://develop.sentry.dev/self-hosted/email/',
    implicitOnPlaintextPort: "fails at once with '[SSL: WRONG_VERSION_NUMBER] wrong version number'",
    plaintextOnImplicitPort: "hangs until 'SMTPServerDisconnected('Connection unexpectedly closed: timed out')'",
    bothModes: { outcome: 'throws', text: "Django raises 'ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive'" },
  },
  laravel: {
    id: 'laravel',
    name: 'Laravel',
    docs: 'https://laravel.com/docs/mail#smtp-driver',
    implicitOnPlaintextPort: `fails at once with 'Connection could not be established with host "ssl://…"' and 'wrong version number'`,
    plaintextOnImplicitPort: `hangs until 'Connection to "…" timed out.'`,
    bothModes: { outcome: 'ignored', text: 'Laravel ignores MAIL_ENCRYPTION once MAIL_SCHEME is set' },
  },
  symfony: {
    id: 'symfony',
    name: 'Symfony Mailer',
    docs: 'https://symfony.com/doc/current/mailer.html#tls-peer-verification',
    implicitOnPlaintextPort: `fails at once with 'Connection could not be established with host "ssl://…"' and 'wrong version number'`,
    plaintextOnImplicitPort: `hangs until 'Connection to "…" timed out.'`,
    bothModes: { outcome: 'ignored', text: 'Symfony uses the scheme and ignores the rest' },
  },
  mastodon: {
    id: 'mastodon',
    name: 'Mastodon (Ruby mail gem)',
    docs: 'https://docs.joinmastodon.org/admin/config/#smtp',
    implicitOnPlaintextPort: "fails at once with 'SSL_connect returned=1 errno=0 … wrong version number'",
    plaintextOnImplicitPort: "hangs until 'Net::ReadTimeout'",
    bothModes: { outcome: 'throws', text: "the mail gem (≥ 2.9) raises 'ArgumentError: :enable_starttls and :tls are mutually exclusive'" },
  },
  vaultwarden: {
    id: 'vaultwarden',
    name: 'Vaultwarden (lettre)',
    docs: 'https://github.com/dani-garcia/vaultwarden/wiki/SMTP-Configuration',
    implicitOnPlaintextPort: "fails at once with a TLS handshake error ('wrong version number')",
    plaintextOnImplicitPort: 'hangs until the SMTP timeout, because both sides wait for the other to speak',
    bothModes: { outcome: 'ignored', text: 'SMTP_SECURITY takes one value, so only one of them applies' },
  },
  // Ruby, .NET, Go, Rust (config-matrix §2.5–2.8)
  'rails-mail': {
    id: 'rails-mail',
    name: 'ActionMailer (mail gem)',
    docs: 'https://guides.rubyonrails.org/action_mailer_basics.html#action-mailer-configuration',
    implicitOnPlaintextPort: "fails at once with 'OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 … wrong version number'",
    plaintextOnImplicitPort: "hangs until 'Net::ReadTimeout' (the mail gem's read_timeout, 5 s)",
    bothModes: { outcome: 'throws', text: "the mail gem (≥ 2.9) raises 'ArgumentError: :enable_starttls and :tls are mutually exclusive'" },
  },
  'rails-mail-legacy': {
    id: 'rails-mail-legacy',
    name: 'ActionMailer (mail gem < 2.9)',
    docs: 'https://guides.rubyonrails.org/action_mailer_basics.html#action-mailer-configuration',
    implicitOnPlaintextPort: "fails at once with 'OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 … wrong version number'",
    plaintextOnImplicitPort: "hangs until 'Net::ReadTimeout' (the mail gem's read_timeout, 5 s)",
    bothModes: { outcome: 'ignored', text: "this mail gem lets tls win and ignores the STARTTLS key, but mail 2.9 and later raise 'ArgumentError: :enable_starttls and :tls are mutually exclusive'" },
  },
  gitlab: {
    id: 'gitlab',
    name: 'GitLab',
    docs: 'https://docs.gitlab.com/omnibus/settings/smtp/',
    implicitOnPlaintextPort: "fails at once with 'SSL_connect returned=1 errno=0 … wrong version number'",
    plaintextOnImplicitPort: "hangs until 'Net::ReadTimeout'",
    bothModes: { outcome: 'throws', text: "GitLab raises ':enable_starttls and :tls are mutually exclusive' and sends no mail" },
  },
  mailkit: {
    id: 'mailkit',
    name: 'MailKit',
    docs: 'https://github.com/jstedfast/MailKit/blob/master/FAQ.md#ssl-handshake-exception',
    implicitOnPlaintextPort: "fails at once with 'MailKit.Security.SslHandshakeException: An error occurred while attempting to establish an SSL or TLS connection.'",
    plaintextOnImplicitPort: 'hangs until the 2-minute Timeout, then throws an IOException or TimeoutException',
    bothModes: { outcome: 'ignored', text: 'MailKit takes one SecureSocketOptions value, so only one of them applies' },
  },
  'system-net-mail': {
    id: 'system-net-mail',
    name: 'System.Net.Mail.SmtpClient',
    docs: 'https://learn.microsoft.com/dotnet/api/system.net.mail.smtpclient.enablessl',
    implicitOnPlaintextPort: "cannot do implicit TLS at all (EnableSsl means STARTTLS)",
    plaintextOnImplicitPort: "hangs until 'System.Net.Mail.SmtpException: The operation has timed out.' (100 s): SmtpClient has no implicit TLS, so port 465 never works with it",
    bothModes: { outcome: 'ignored', text: 'SmtpClient only knows EnableSsl' },
  },
  gomail: {
    id: 'gomail',
    name: 'gomail',
    docs: 'https://pkg.go.dev/gopkg.in/gomail.v2#Dialer',
    implicitOnPlaintextPort: "fails at once with 'tls: first record does not look like a TLS handshake'",
    plaintextOnImplicitPort: 'hangs: gomail sets no read deadline, so it waits for a greeting the server never sends',
    bothModes: { outcome: 'ignored', text: 'gomail skips STARTTLS once SSL is on' },
  },
  'go-mail': {
    id: 'go-mail',
    name: 'go-mail (wneessen)',
    docs: 'https://pkg.go.dev/github.com/wneessen/go-mail#WithSSL',
    implicitOnPlaintextPort: "fails at once with 'tls: first record does not look like a TLS handshake'",
    plaintextOnImplicitPort: 'hangs until the 15-second timeout, because both sides wait for the other to speak',
    bothModes: { outcome: 'ignored', text: 'go-mail skips the STARTTLS policy once SSL is on' },
  },
  'go-net-smtp': {
    id: 'go-net-smtp',
    name: 'net/smtp',
    docs: 'https://pkg.go.dev/net/smtp',
    implicitOnPlaintextPort: "fails at once with 'tls: first record does not look like a TLS handshake'",
    plaintextOnImplicitPort: "blocks with no timeout until the server drops the connection ('EOF')",
    bothModes: { outcome: 'ignored', text: 'one of the two has no effect' },
  },
  lettre: {
    id: 'lettre',
    name: 'lettre',
    docs: 'https://docs.rs/lettre/latest/lettre/transport/smtp/struct.SmtpTransport.html',
    implicitOnPlaintextPort: "fails at once with 'received corrupt message of type InvalidContentType' (rustls) or 'wrong version number' (native-tls)",
    plaintextOnImplicitPort: 'hangs until the 60-second timeout, because both sides wait for the other to speak',
    bothModes: { outcome: 'ignored', text: 'lettre takes one Tls value, so only one of them applies' },
  },
  msmtp: {
    id: 'msmtp',
    name: 'msmtp',
    docs: 'https://marlam.de/msmtp/msmtp.html',
    implicitOnPlaintextPort: "fails at once with 'TLS handshake failed' (a TLS handshake against the plaintext greeting)",
    plaintextOnImplicitPort: "waits for a greeting that never comes (no timeout by default) and ends with 'the server sent an empty reply' or a read error",
    bothModes: { outcome: 'ignored', text: 'tls_starttls decides, so only one mode applies' },
  },
  mutt: {
    id: 'mutt',
    name: 'mutt/NeoMutt',
    docs: 'https://neomutt.org/guide/reference#smtp-url',
    implicitOnPlaintextPort: "fails at once with an SSL error ('wrong version number')",
    plaintextOnImplicitPort: 'hangs waiting for the greeting until the connection times out',
    bothModes: { outcome: 'ignored', text: 'the URL scheme decides' },
  },
  postfix: {
    id: 'postfix',
    name: 'Postfix',
    docs: 'https://www.postfix.org/postconf.5.html#smtp_tls_wrappermode',
    implicitOnPlaintextPort: "fails at once ('SSL_connect error to host[…]:587: -1', 'wrong version number') and defers the mail",
    plaintextOnImplicitPort: 'times out waiting for the greeting and logs \'SMTPS wrappermode (TCP port 465) requires setting "smtp_tls_wrappermode = yes", and "smtp_tls_security_level = encrypt" (or stronger)\'',
    bothModes: { outcome: 'ignored', text: 'smtp_tls_wrappermode wins over smtp_tls_security_level' },
  },
  'git-send-email': {
    id: 'git-send-email',
    name: 'git send-email',
    docs: 'https://git-scm.com/docs/git-send-email#Documentation/git-send-email.txt---smtp-encryptionltencryptiongt',
    implicitOnPlaintextPort: "fails at once with an SSL error ('wrong version number') from IO::Socket::SSL",
    plaintextOnImplicitPort: "hangs until 'Unable to initialize SMTP properly' after the connection times out",
    bothModes: { outcome: 'ignored', text: 'smtpEncryption wins over the deprecated smtpSSL' },
  },
  gitea: {
    id: 'gitea',
    name: 'Gitea/Forgejo',
    docs: 'https://docs.gitea.com/administration/email-setup',
    implicitOnPlaintextPort: "fails at once with 'tls: first record does not look like a TLS handshake'",
    plaintextOnImplicitPort: 'hangs until the dial times out, because both sides wait for the other to speak',
    bothModes: { outcome: 'ignored', text: 'PROTOCOL takes one value, so only one of them applies' },
  },
  grafana: {
    id: 'grafana',
    name: 'Grafana',
    docs: 'https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#smtp',
    implicitOnPlaintextPort: "fails at once with 'tls: first record does not look like a TLS handshake'",
    plaintextOnImplicitPort: 'hangs until a timeout, because both sides wait for the other to speak',
    bothModes: { outcome: 'ignored', text: 'the port decides, so only one mode applies' },
  },
  phpmailer: {
    id: 'phpmailer',
    name: 'PHPMailer',
    docs: 'https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting',
    implicitOnPlaintextPort: "fails at once with 'SSL routines:ssl3_get_record:wrong version number' … 'SMTP Error: Could not connect to SMTP host.'",
    plaintextOnImplicitPort: "hangs until 'SMTP -> get_lines(): stream timed-out (300 sec)', then 'SMTP Error: Could not connect to SMTP host.'",
    bothModes: { outcome: 'ignored', text: 'PHPMailer uses the ssl:// or tls:// host prefix and ignores SMTPSecure' },
  },
  'wp-mail-smtp': {
    id: 'wp-mail-smtp',
    name: 'WP Mail SMTP (PHPMailer)',
    docs: 'https://wpmailsmtp.com/docs/how-to-set-up-the-other-smtp-mailer-in-wp-mail-smtp/',
    implicitOnPlaintextPort: "fails at once with 'SSL routines:ssl3_get_record:wrong version number' … 'SMTP Error: Could not connect to SMTP host.'",
    plaintextOnImplicitPort: "hangs until 'SMTP -> get_lines(): stream timed-out (300 sec)', then 'SMTP Error: Could not connect to SMTP host.'",
    bothModes: { outcome: 'ignored', text: 'WPMS_SSL takes one value, so only one of them applies' },
  },
  nextcloud: {
    id: 'nextcloud',
    name: 'Nextcloud (Symfony Mailer)',
    docs: 'https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html',
    implicitOnPlaintextPort: `fails at once with 'Connection could not be established with host "ssl://…"' and 'wrong version number'`,
    plaintextOnImplicitPort: `hangs until 'Connection to "…" timed out.'`,
    bothModes: { outcome: 'ignored', text: "Nextcloud honours only mail_smtpsecure 'ssl'" },
  },
  'jakarta-mail': {
    id: 'jakarta-mail',
    name: 'Jakarta Mail',
    docs: 'https://eclipse-ee4j.github.io/angus-mail/docs/api/org.eclipse.angus.mail/org/eclipse/angus/mail/smtp/package-summary.html',
    implicitOnPlaintextPort: "fails at once with 'Could not connect to SMTP host: …; nested exception is: javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?'",
    plaintextOnImplicitPort: "hangs (connection and read timeouts are infinite by default) or fails with 'Could not connect to SMTP host: …, port: 465, response: -1'",
    bothModes: { outcome: 'ignored', text: "Jakarta Mail skips STARTTLS on a socket that is already SSL ('STARTTLS requested but already using SSL'), so the pair works on 465 but the SSL part breaks 587" },
  },
  spring: {
    id: 'spring',
    name: 'Spring Boot (Jakarta Mail)',
    docs: 'https://docs.spring.io/spring-boot/reference/io/email.html',
    implicitOnPlaintextPort: "fails at once with 'MailSendException: … Could not connect to SMTP host: …; nested exception is: javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?'",
    plaintextOnImplicitPort: "hangs (connection and read timeouts are infinite by default) or fails with 'Could not connect to SMTP host: …, port: 465, response: -1'",
    bothModes: { outcome: 'ignored', text: "Jakarta Mail skips STARTTLS on a socket that is already SSL ('STARTTLS requested but already using SSL'), so the pair works on 465 but the SSL part breaks 587" },
  },
};

export function libraryInfo(id: string): LibraryInfo {
  return (
    LIBRARIES[id] ?? {
      id,
      name: id,
      docs: '',
      implicitOnPlaintextPort: "fails at once with a TLS error such as 'wrong version number'",
      plaintextOnImplicitPort: 'hangs until a timeout, because both sides wait for the other to speak',
      bothModes: { outcome: 'ignored', text: 'one of the two settings has no effect' },
    }
  );
}
