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
