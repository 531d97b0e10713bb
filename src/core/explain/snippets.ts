// "What to write": the settings that match what a server does, in the syntax of each library.
// Credentials are always references to the environment (or left empty with a note), never
// values, so a snippet can be pasted into a repository as it is.
import type { Protocol } from '../model';
import type { Recommendation } from './recommend';

export type SnippetLibrary = 'nodemailer' | 'imapflow' | 'django' | 'phpmailer' | 'laravel' | 'symfony' | 'spring' | 'rails' | 'msmtp';

export interface SnippetTarget {
  readonly protocol: Protocol;
  readonly host: string;
  readonly port: number;
  readonly mode: 'implicit' | 'starttls';
}

export interface Snippet {
  readonly library: SnippetLibrary;
  /** Library name as users know it. */
  readonly label: string;
  /** Where this usually goes, e.g. `config/mail.php` or `.env`. */
  readonly file: string;
  /** A language id for display (`javascript`, `python`, `properties`, …). */
  readonly language: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly mode: 'implicit' | 'starttls';
  readonly text: string;
}

export interface SnippetLibraryInfo {
  readonly id: SnippetLibrary;
  readonly label: string;
  readonly protocols: readonly Protocol[];
}

export const SNIPPET_LIBRARIES: readonly SnippetLibraryInfo[] = [
  { id: 'nodemailer', label: 'nodemailer', protocols: ['smtp'] },
  { id: 'imapflow', label: 'ImapFlow', protocols: ['imap'] },
  { id: 'django', label: 'Django', protocols: ['smtp'] },
  { id: 'phpmailer', label: 'PHPMailer', protocols: ['smtp'] },
  { id: 'laravel', label: 'Laravel (.env)', protocols: ['smtp'] },
  { id: 'symfony', label: 'Symfony Mailer (DSN)', protocols: ['smtp'] },
  { id: 'spring', label: 'Spring Boot', protocols: ['smtp'] },
  { id: 'rails', label: 'Rails (Action Mailer)', protocols: ['smtp'] },
  { id: 'msmtp', label: 'msmtp', protocols: ['smtp'] },
];

/** Host names and IP literals only; anything else would be pasted into code as it stands. */
const HOST_SHAPE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?)*\.?|\[?[0-9A-Fa-f:.]+\]?)$/;

export function isSnippetHost(host: string): boolean {
  return host.length > 0 && host.length <= 253 && HOST_SHAPE.test(host);
}

function placeholderHost(protocol: Protocol): string {
  return protocol === 'smtp' ? 'smtp.example.com' : protocol === 'imap' ? 'imap.example.com' : 'pop.example.com';
}

function hostFor(target: SnippetTarget): string {
  const host = target.host.trim().replace(/^\[(.*)\]$/, '$1');
  return isSnippetHost(host) ? host : placeholderHost(target.protocol);
}

// Quoting stays explicit per syntax even though hostFor already limits the characters: a later
// change to the host check must not turn into code injection in a snippet.
const singleQuoted = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const doubleQuoted = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

type Generator = (target: SnippetTarget, host: string) => Omit<Snippet, 'library' | 'label' | 'protocol' | 'port' | 'mode'> | undefined;

const GENERATORS: Record<SnippetLibrary, Generator> = {
  nodemailer: (t, host) => {
    if (t.protocol !== 'smtp') return undefined;
    const tls =
      t.mode === 'implicit'
        ? ['  secure: true, // implicit TLS: TLS from the first byte']
        : ['  secure: false, // plaintext greeting, then STARTTLS', '  requireTLS: true, // refuse to continue if STARTTLS is missing'];
    return {
      file: 'mailer.js',
      language: 'javascript',
      text: [
        'const transporter = nodemailer.createTransport({',
        `  host: ${singleQuoted(host)},`,
        `  port: ${t.port},`,
        ...tls,
        '  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },',
        '});',
      ].join('\n'),
    };
  },
  imapflow: (t, host) => {
    if (t.protocol !== 'imap') return undefined;
    const tls =
      t.mode === 'implicit'
        ? ['  secure: true, // implicit TLS: TLS from the first byte']
        : ['  secure: false,', '  doSTARTTLS: true, // require the STARTTLS upgrade before login'];
    return {
      file: 'imap.js',
      language: 'javascript',
      text: [
        'const client = new ImapFlow({',
        `  host: ${singleQuoted(host)},`,
        `  port: ${t.port},`,
        ...tls,
        '  auth: { user: process.env.IMAP_USER, pass: process.env.IMAP_PASS },',
        '});',
      ].join('\n'),
    };
  },
  django: (t, host) => {
    if (t.protocol !== 'smtp') return undefined;
    return {
      file: 'settings.py',
      language: 'python',
      text: [
        `EMAIL_HOST = ${doubleQuoted(host)}`,
        `EMAIL_PORT = ${t.port}`,
        t.mode === 'implicit' ? 'EMAIL_USE_SSL = True  # implicit TLS' : 'EMAIL_USE_TLS = True  # STARTTLS',
        t.mode === 'implicit' ? 'EMAIL_USE_TLS = False  # the two are mutually exclusive' : 'EMAIL_USE_SSL = False  # the two are mutually exclusive',
        'EMAIL_HOST_USER = os.environ["EMAIL_HOST_USER"]',
        'EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]',
      ].join('\n'),
    };
  },
  phpmailer: (t, host) => {
    if (t.protocol !== 'smtp') return undefined;
    return {
      file: 'mail.php',
      language: 'php',
      text: [
        '$mail->isSMTP();',
        `$mail->Host = ${singleQuoted(host)};`,
        `$mail->Port = ${t.port};`,
        t.mode === 'implicit'
          ? "$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; // 'ssl' = implicit TLS"
          : "$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; // 'tls' = STARTTLS",
        '$mail->SMTPAuth = true;',
        "$mail->Username = getenv('SMTP_USER');",
        "$mail->Password = getenv('SMTP_PASS');",
      ].join('\n'),
    };
  },
  laravel: (t, host) => {
    if (t.protocol !== 'smtp') return undefined;
    return {
      file: '.env',
      language: 'dotenv',
      text: [
        'MAIL_MAILER=smtp',
        t.mode === 'implicit' ? 'MAIL_SCHEME=smtps' : 'MAIL_SCHEME=smtp',
        `MAIL_HOST=${host}`,
        `MAIL_PORT=${t.port}`,
        '# Credentials: set these in the deployment environment, not in a committed file.',
        'MAIL_USERNAME=',
        'MAIL_PASSWORD=',
        ...(t.mode === 'starttls'
          ? ["# smtp uses STARTTLS when offered; to require it, add 'require_tls' => true to the smtp mailer in config/mail.php (Symfony Mailer 7.3+)."]
          : []),
      ].join('\n'),
    };
  },
  symfony: (t, host) => {
    if (t.protocol !== 'smtp') return undefined;
    const hostPart = host.includes(':') ? `[${host}]` : host;
    return {
      file: '.env.local',
      language: 'dotenv',
      text:
        t.mode === 'implicit'
          ? `MAILER_DSN=smtps://\${MAILER_USER}:\${MAILER_PASSWORD}@${hostPart}:${t.port}`
          : [`MAILER_DSN=smtp://\${MAILER_USER}:\${MAILER_PASSWORD}@${hostPart}:${t.port}?require_tls=true`, '# require_tls needs Symfony Mailer 7.3+; without it STARTTLS is used only when offered.'].join('\n'),
    };
  },
  spring: (t, host) => {
    if (t.protocol !== 'smtp') return undefined;
    return {
      file: 'application.properties',
      language: 'properties',
      text: [
        `spring.mail.host=${host}`,
        `spring.mail.port=${t.port}`,
        'spring.mail.username=${SMTP_USER}',
        'spring.mail.password=${SMTP_PASS}',
        ...(t.mode === 'implicit'
          ? ['spring.mail.properties.mail.smtp.ssl.enable=true']
          : ['spring.mail.properties.mail.smtp.starttls.enable=true', 'spring.mail.properties.mail.smtp.starttls.required=true']),
      ].join('\n'),
    };
  },
  rails: (t, host) => {
    if (t.protocol !== 'smtp') return undefined;
    return {
      file: 'config/environments/production.rb',
      language: 'ruby',
      text: [
        'config.action_mailer.smtp_settings = {',
        `  address: ${doubleQuoted(host)},`,
        `  port: ${t.port},`,
        t.mode === 'implicit' ? '  tls: true, # implicit TLS; do not also set enable_starttls' : '  enable_starttls: true, # STARTTLS, required; do not also set tls',
        '  user_name: ENV["SMTP_USER"],',
        '  password: ENV["SMTP_PASS"],',
        '  authentication: :plain,',
        '}',
      ].join('\n'),
    };
  },
  msmtp: (t, host) => {
    if (t.protocol !== 'smtp') return undefined;
    return {
      file: '~/.msmtprc',
      language: 'msmtprc',
      text: [
        'account default',
        `host ${host}`,
        `port ${t.port}`,
        'tls on',
        t.mode === 'implicit' ? 'tls_starttls off  # implicit TLS' : 'tls_starttls on  # STARTTLS',
        'auth on',
        'user you@example.com',
        '# the password comes from a password manager, never from this file',
        'passwordeval "pass show mail/smtp"',
      ].join('\n'),
    };
  },
};

export function snippetFor(library: SnippetLibrary, target: SnippetTarget): Snippet | undefined {
  const generated = GENERATORS[library](target, hostFor(target));
  if (!generated) return undefined;
  const info = SNIPPET_LIBRARIES.find((entry) => entry.id === library);
  return { library, label: info?.label ?? library, protocol: target.protocol, port: target.port, mode: target.mode, ...generated };
}

/** Every library's snippet for every target it can express, in SNIPPET_LIBRARIES order. */
export function snippetsFor(targets: readonly SnippetTarget[], libraries: readonly SnippetLibrary[] = SNIPPET_LIBRARIES.map((entry) => entry.id)): Snippet[] {
  const out: Snippet[] = [];
  for (const info of SNIPPET_LIBRARIES) {
    if (!libraries.includes(info.id)) continue;
    for (const target of targets) {
      const snippet = snippetFor(info.id, target);
      if (snippet) out.push(snippet);
    }
  }
  return out;
}

/** The recommendations that name a port and mode, as snippet targets for `host`. */
export function targetsFromRecommendations(recommendations: readonly Recommendation[], host: string): SnippetTarget[] {
  const targets: SnippetTarget[] = [];
  for (const recommendation of recommendations) {
    if (recommendation.port === undefined || recommendation.mode === undefined) continue;
    targets.push({ protocol: recommendation.protocol, host, port: recommendation.port, mode: recommendation.mode });
  }
  return targets;
}

/** What the panel shows without a probe: RFC 8314's preferred ports on placeholder hosts. */
export const EXAMPLE_TARGETS: readonly SnippetTarget[] = [
  { protocol: 'smtp', host: 'smtp.example.com', port: 465, mode: 'implicit' },
  { protocol: 'smtp', host: 'smtp.example.com', port: 587, mode: 'starttls' },
  { protocol: 'imap', host: 'imap.example.com', port: 993, mode: 'implicit' },
];
