// Error text -> cause and fix. The texts are the ones users paste from their logs (sources in
// shared/reference/config-matrix.md §2 and mail-peers.md); each entry explains what happened on
// the wire and what to change. Unknown text gets an honest "not recognised".

export type ErrorCause =
  | 'implicit-tls-on-plaintext-port'
  | 'plaintext-on-implicit-tls-port'
  | 'connect-timeout'
  | 'connection-refused'
  | 'dns-failure'
  | 'starttls-required-by-server'
  | 'starttls-not-offered'
  | 'starttls-handshake-failed'
  | 'auth-needs-tls'
  | 'both-tls-modes'
  | 'certificate-self-signed'
  | 'certificate-expired'
  | 'certificate-wrong-name'
  | 'certificate-incomplete-chain'
  | 'certificate-untrusted'
  | 'tls-version-mismatch'
  | 'rate-limited'
  | 'authentication-failed';

export interface ErrorExplanation {
  readonly cause: ErrorCause;
  readonly title: string;
  /** What happened on the wire, in plain words. */
  readonly explanation: string;
  /** What to change, concretely. */
  readonly fix: readonly string[];
  /** The part of the user's text that matched. */
  readonly matched: string;
  /** Which rule of the linter finds this in a config file, when one does. */
  readonly ruleId?: string;
}

interface CatalogueEntry {
  readonly cause: ErrorCause;
  readonly title: string;
  readonly patterns: readonly RegExp[];
  readonly explanation: string;
  readonly fix: readonly string[];
  readonly ruleId?: string;
}

const CATALOGUE: readonly CatalogueEntry[] = [
  {
    cause: 'implicit-tls-on-plaintext-port',
    title: 'Implicit TLS against a port that speaks plaintext first',
    patterns: [
      /wrong[ _]version[ _]number/i,
      /ERR_SSL_WRONG_VERSION_NUMBER/,
      /SSL23_GET_SERVER_HELLO:unknown protocol/i,
      /state=unknown state: unknown protocol/i,
      /Unrecognized SSL message, plaintext connection\?/i,
      /first record does not look like a TLS handshake/i,
      /received corrupt message( of type InvalidContentType)?/i,
      /port 587 is typically reserved for plain-text connections/i,
    ],
    explanation:
      'The client started a TLS handshake at once (implicit TLS: secure: true, ssl, smtps://, SslOnConnect…), but the server on this port greets in plaintext ("220 …", "* OK", "+OK") and expects STARTTLS. The TLS library read the plaintext greeting as a TLS record and gave up within a second.',
    fix: [
      'Keep the port (587, 25, 2525, 143, 110) and switch to STARTTLS: nodemailer `secure: false` (add `requireTLS: true`), Django `EMAIL_USE_TLS = True`, PHPMailer `SMTPSecure = "tls"`, Laravel `MAIL_SCHEME=smtp`, Symfony `smtp://`, Spring `mail.smtp.starttls.enable=true`, Rails `enable_starttls: true`, MailKit `SecureSocketOptions.StartTls`.',
      'Or keep implicit TLS and use the implicit-TLS port: 465 for SMTP, 993 for IMAP, 995 for POP3.',
    ],
    ruleId: 'starttls-port-with-implicit-tls',
  },
  {
    cause: 'both-tls-modes',
    title: 'Implicit TLS and STARTTLS both switched on',
    patterns: [
      /EMAIL_USE_TLS\/EMAIL_USE_SSL are mutually exclusive/i,
      /:enable_starttls and :tls are mutually exclusive/i,
      /start_tls and use_tls options are not compatible/i,
      /Cannot set both secure=true for TLS and doSTARTTLS=true/i,
    ],
    explanation: 'The configuration asks for implicit TLS and for STARTTLS at the same time; the library refuses to guess which one is meant.',
    fix: ['Keep only the setting that matches the port: the implicit-TLS one (EMAIL_USE_SSL, tls, use_tls, secure) on 465/993/995, the STARTTLS one on 587/25/143/110.'],
    ruleId: 'conflicting-tls-flags',
  },
  {
    cause: 'plaintext-on-implicit-tls-port',
    title: 'Plaintext or STARTTLS against an implicit-TLS port',
    patterns: [
      /Greeting never received/i,
      /GRE+TING_TIMEOUT/,
      /Failed to receive greeting from server in required time/i,
      /Maybe should use TLS\?/i,
      /Timed out while connecting to server/i,
      /timedout while connecting to smtp server/i,
      /Net::ReadTimeout/,
      /Connection unexpectedly closed/i,
      /Expected response code "220" but got empty code/i,
      /get_lines\(\): (stream|select) timed-out/i,
      /response: -1/,
      /server sent empty reply/i,
      /Timed out waiting for server response/i,
    ],
    explanation:
      'The client connected and waited for the server to greet in plaintext, while the server (on 465, 993 or 995) waited for a TLS ClientHello. Both sides waited until a timeout. This is what `secure: false` (or `smtp://…:465`, EMAIL_USE_TLS, SMTPSecure = "tls") on an implicit-TLS port looks like.',
    fix: [
      'Keep the port (465, 993, 995) and switch to implicit TLS: nodemailer `secure: true`, Django `EMAIL_USE_SSL = True`, PHPMailer `SMTPSecure = "ssl"`, Laravel `MAIL_SCHEME=smtps`, Symfony `smtps://`, Rails `tls: true`, MailKit `SecureSocketOptions.SslOnConnect`.',
      'Or keep STARTTLS and use the STARTTLS port: 587 for SMTP, 143 for IMAP, 110 for POP3.',
      'If the port is right, a firewall may also hold the greeting back: `mail-tls probe HOST` tells the two apart.',
    ],
    ruleId: 'implicit-port-without-implicit-tls',
  },
  {
    cause: 'starttls-required-by-server',
    title: 'The server requires STARTTLS before anything else',
    patterns: [/Must issue a STARTTLS command first/i, /530[ -]5\.7\.0/],
    explanation: 'The server refuses to authenticate or accept mail on a plaintext connection. The client did not upgrade with STARTTLS — TLS is switched off (ignoreTLS, auto_tls=false, EnableSsl = false) or the client skipped the upgrade.',
    fix: ['Enable STARTTLS and make it required: nodemailer remove `ignoreTLS` and set `requireTLS: true`; System.Net.Mail `EnableSsl = true`; Symfony drop `auto_tls=false`.', 'Or use implicit TLS on 465.'],
    ruleId: 'tls-disabled-with-credentials',
  },
  {
    cause: 'auth-needs-tls',
    title: 'Login attempted before TLS',
    patterns: [/SMTP AUTH extension not supported by server/i, /unencrypted connection/i, /LOGINDISABLED/],
    explanation: 'The server only offers authentication after TLS (it hides AUTH, or says LOGINDISABLED, on the plaintext connection), and the client tried to log in without upgrading.',
    fix: ['Call STARTTLS before logging in (Python `server.starttls()` before `login()`; Go use `StartTLS` or implicit TLS), or connect with implicit TLS on 465/993/995.'],
  },
  {
    cause: 'starttls-not-offered',
    title: 'STARTTLS was required but the server did not offer it',
    patterns: [
      /STARTTLS extension not supported by server/i,
      /does not support required STARTTLS/i,
      /STARTTLS is required but host does not support STARTTLS/i,
      /Server does not support STARTTLS/i,
      /STLS not supported by server/i,
      /target host does not support STARTTLS/i,
      /Didn't find STARTTLS in server response/i,
    ],
    explanation:
      'The client asked for STARTTLS, but the server did not advertise it. Either this port is an implicit-TLS port already inside TLS (a STARTTLS client inside TLS, as Flask-Mail does with both flags on), the server has TLS switched off, or something on the path removed STARTTLS from the reply (a downgrade attack or a "security" middlebox).',
    fix: ['Check what the port really does: `mail-tls probe HOST --ports PORT`.', 'On 465/993/995 use implicit TLS instead of STARTTLS; on 587/143/110 ask the server operator to enable STARTTLS — do not switch TLS off.'],
  },
  {
    cause: 'certificate-self-signed',
    title: 'Self-signed certificate',
    patterns: [/DEPTH_ZERO_SELF_SIGNED_CERT/, /SELF_SIGNED_CERT_IN_CHAIN/, /self[- ]signed certificate/i],
    explanation: 'The server presented a certificate that no trusted authority signed. Encryption works, but the client cannot know it is talking to the right server.',
    fix: ['Give the client the CA or certificate to trust (Node `tls: { ca: fs.readFileSync("ca.pem") }`, Python `ssl.create_default_context(cafile=…)`), or install a certificate from a public CA on the server.', 'Do not switch verification off outside a local test server.'],
    ruleId: 'certificate-verification-disabled',
  },
  {
    cause: 'certificate-expired',
    title: 'Expired certificate',
    patterns: [/CERT_HAS_EXPIRED/, /certificate has expired/i, /certificate expired/i],
    explanation: 'The server\'s certificate is past its "not after" date (or the client\'s clock is wrong).',
    fix: ['Renew the certificate on the server (and reload the mail daemon); check the client machine\'s clock.'],
  },
  {
    cause: 'certificate-wrong-name',
    title: 'The certificate names a different host',
    patterns: [/ERR_TLS_CERT_ALTNAME_INVALID/, /does not match certificate'?s altnames/i, /Hostname\/IP does not match/i, /hostname mismatch/i, /No subject alternative (DNS )?names? matching/i, /certificate is not valid for/i],
    explanation: 'The certificate is valid but issued for other names. Usually the client uses an alias (an IP, a CNAME, `mail.` instead of `smtp.`) rather than the name in the certificate.',
    fix: ['Connect to the host name the certificate was issued for (see the probe\'s certificate SANs), or get a certificate that includes the name you use.'],
  },
  {
    cause: 'certificate-incomplete-chain',
    title: 'The server sends an incomplete certificate chain',
    patterns: [/UNABLE_TO_VERIFY_LEAF_SIGNATURE/, /unable to verify the first certificate/i],
    explanation: 'The server sent its own certificate without the intermediate certificate that links it to a trusted root.',
    fix: ['Configure the server with the full chain file (Postfix `smtpd_tls_chain_files`, Dovecot `ssl_cert` with the intermediate appended).'],
  },
  {
    cause: 'certificate-untrusted',
    title: 'Certificate from an unknown authority',
    patterns: [/UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?/, /unable to get local issuer certificate/i, /PKIX path building failed/i, /CERTIFICATE_VERIFY_FAILED/, /certificate verify failed/i, /Could not convert socket to TLS/i],
    explanation: 'The certificate chain ends at an authority the client does not trust (a private CA, or a corporate TLS-inspecting proxy).',
    fix: ['Add that CA to the client\'s trust store (Node `ca`, Java keystore, Python `cafile`), or use a certificate from a public CA.'],
  },
  {
    cause: 'starttls-handshake-failed',
    title: 'STARTTLS was offered, but the handshake after it failed',
    patterns: [/Error upgrading connection with STARTTLS/i, /Unable to connect with STARTTLS/i, /\bETLS\b/, /Cannot start TLS: handshake failure/i],
    explanation: 'The server accepted STARTTLS, but the TLS handshake that followed failed — most often a certificate problem, sometimes no common TLS version or cipher.',
    fix: ['Look at the nested error for the certificate reason, or run `mail-tls probe HOST --ports PORT` to see the certificate and TLS version the server offers.'],
  },
  {
    cause: 'tls-version-mismatch',
    title: 'No TLS version in common',
    patterns: [/unsupported protocol/i, /TLSV1_ALERT_PROTOCOL_VERSION/i, /no protocols available/i, /wrong ssl version/i],
    explanation: 'Client and server share no TLS version: usually an old server that speaks only TLS 1.0/1.1, which current clients refuse (RFC 8997 deprecates them for mail).',
    fix: ['Upgrade the server to TLS 1.2 or later. Lowering the client\'s minimum version is a stop-gap that weakens every connection.'],
  },
  {
    cause: 'connect-timeout',
    title: 'The connection itself timed out',
    patterns: [/Connection timeout/i, /Net::OpenTimeout/, /Timed out connecting to/i, /connect ETIMEDOUT/i, /Connection timed out/i, /A connection attempt failed because the connected party did not properly respond/i],
    explanation: 'No TCP connection was established: a firewall drops the packets. Outbound port 25 is blocked by default on AWS, Azure, Google Cloud, DigitalOcean and Oracle Cloud.',
    fix: ['Use the submission ports 587 (STARTTLS) or 465 (implicit TLS) instead of 25 — and change the TLS mode together with the port.', '`mail-tls probe HOST` shows which ports are filtered from where you are.'],
    ruleId: 'port-25-submission',
  },
  {
    cause: 'connection-refused',
    title: 'Connection refused',
    patterns: [/ECONNREFUSED/, /Connection refused/i],
    explanation: 'The host answered at once that nothing listens on that port: wrong port, wrong host (often localhost inside a container), or the mail service is down.',
    fix: ['Check host and port; inside Docker, `localhost` is the container itself — use the service name or host.docker.internal.'],
  },
  {
    cause: 'dns-failure',
    title: 'The host name does not resolve',
    patterns: [/ENOTFOUND/, /EAI_AGAIN/, /getaddrinfo/i, /Name or service not known/i, /nodename nor servname provided/i, /No such host is known/i],
    explanation: 'The mail host name could not be looked up.',
    fix: ['Check the spelling of the host and the DNS available where the application runs.'],
  },
  {
    cause: 'rate-limited',
    title: 'The server turned the client away',
    patterns: [/^\s*421[ -]/m, /too many connections/i, /4\.7\.0 Try again later/i, /Too many login failures/i],
    explanation: 'The server is rate-limiting or temporarily refusing service. This says nothing about TLS settings.',
    fix: ['Wait and retry; reduce connection rate or reuse a pooled connection.'],
  },
  {
    cause: 'authentication-failed',
    title: 'Authentication failed (not a TLS problem)',
    patterns: [/535[ -]5\.7\.\d/, /Username and Password not accepted/i, /Invalid login/i, /Authentication unsuccessful/i, /AUTHENTICATIONFAILED/],
    explanation: 'TLS worked; the server rejected the credentials.',
    fix: ['Check the user name and password; providers such as Gmail and Microsoft 365 need an app password or OAuth2 instead of the account password.'],
  },
];

const MAX_INPUT = 64 * 1024;

/** Every catalogue entry that matches, most specific first (catalogue order). */
export function explainError(text: string): ErrorExplanation[] {
  const input = text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text;
  const found: ErrorExplanation[] = [];
  for (const entry of CATALOGUE) {
    for (const pattern of entry.patterns) {
      const match = pattern.exec(input);
      if (!match) continue;
      found.push({
        cause: entry.cause,
        title: entry.title,
        explanation: entry.explanation,
        fix: entry.fix,
        matched: match[0].trim(),
        ...(entry.ruleId ? { ruleId: entry.ruleId } : {}),
      });
      break;
    }
  }
  // The ETLS entry is a wrapper; when the nested reason is known, show the specific cause only.
  const specific = found.filter((item) => item.cause !== 'starttls-handshake-failed');
  if (specific.some((item) => item.cause.startsWith('certificate-') || item.cause === 'tls-version-mismatch')) return specific;
  return found;
}

export const UNKNOWN_ERROR_TEXT =
  'This text does not match any mail TLS error we know. It may still be one: run `mail-tls probe HOST` to see what the server does on each port, and compare with the settings in your file.';
