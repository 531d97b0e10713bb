// The lesson: two ways to encrypt mail connections, which one to use, why relay is different,
// and what each mismatch looks like. Sources: shared/reference (RFC 8314, 8461, 7672, 3207 and
// the error texts in anchors.md B.13).
import { type Child, h } from './dom';
import { genericExchange, renderSequence } from './sequence';

const code = (text: string): HTMLElement => h('code', null, text);

function methodsTable(): HTMLElement {
  const row = (name: string, how: Child, smtp: Child, imap: Child, pop3: Child): HTMLElement => h('tr', null, h('th', { attrs: { scope: 'row' } }, name), h('td', null, how), h('td', null, smtp), h('td', null, imap), h('td', null, pop3));
  return h(
    'table',
    { class: 'methods', testid: 'methods-table' },
    h('caption', { class: 'sr-only' }, 'The two methods and their ports'),
    h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Method'), h('th', { attrs: { scope: 'col' } }, 'How the connection starts'), h('th', { attrs: { scope: 'col' } }, 'SMTP'), h('th', { attrs: { scope: 'col' } }, 'IMAP'), h('th', { attrs: { scope: 'col' } }, 'POP3'))),
    h(
      'tbody',
      null,
      row('Implicit TLS', 'The TLS handshake is the first thing on the wire; the server greets only once the connection is encrypted.', ['465 ', h('span', { class: 'muted' }, '(submissions)')], '993', '995'),
      row(
        'STARTTLS',
        ['The server greets in clear text and advertises ', code('STARTTLS'), ' (', code('STLS'), ' in POP3); the client asks to upgrade and the same connection continues inside TLS.'],
        ['587 ', h('span', { class: 'muted' }, '(submission)'), ', 25 ', h('span', { class: 'muted' }, '(relay)'), ', 2525 ', h('span', { class: 'muted' }, '(vendor convention)')],
        '143',
        '110',
      ),
    ),
  );
}

function failure(title: string, body: Child, texts: readonly (readonly [string, string])[], testid: string): HTMLElement {
  return h(
    'article',
    { class: 'failure', testid },
    h('h4', null, title),
    h('p', null, body),
    h('ul', { class: 'error-texts' }, texts.map(([text, who]) => h('li', null, code(text), h('span', { class: 'muted' }, ` — ${who}`)))),
  );
}

export function explainSection(options: { readonly withDiagrams: boolean }): Child[] {
  return [
    h('p', { class: 'lead' }, 'Mail clients and servers encrypt a connection in one of two ways. Libraries name them inconsistently (', code('secure'), ', ', code('ssl'), ', ', code('tls'), ', ', code('smtps://'), ', ', code('SslOnConnect'), '…), so the wrong mode is easily paired with a port.'),
    methodsTable(),
    options.withDiagrams
      ? h(
          'div',
          { class: 'diagram-pair' },
          renderSequence(genericExchange('smtp', 'starttls'), { title: 'STARTTLS on 587', subtitle: 'a generic exchange', testid: 'sequence-generic-starttls', generic: true }),
          renderSequence(genericExchange('smtp', 'implicit'), { title: 'Implicit TLS on 465', subtitle: 'a generic exchange', testid: 'sequence-generic-implicit', generic: true }),
        )
      : null,
    h('h3', null, 'Which one to use'),
    h(
      'p',
      null,
      'RFC 8314 (2018) recommends implicit TLS for submission and mail access: ',
      h('strong', null, '465, 993 and 995'),
      '. With STARTTLS the first part of every session is clear text: an attacker on the path can delete the ',
      code('STARTTLS'),
      ' offer so a lenient client carries on unencrypted, and bugs in the switch-over let injected plaintext commands be run inside TLS. If you must use 587, make the upgrade mandatory (',
      code('requireTLS: true'),
      ' and its equivalents) so a missing offer is an error rather than a downgrade.',
    ),
    h('h3', null, 'Why server-to-server relay on port 25 still uses STARTTLS'),
    h(
      'p',
      null,
      'A sending server finds the receiver through its MX record, which names a host and nothing else: no port, no TLS mode. Port 25 is the one port every receiver listens on. Trying 465 first would cost a full connect time-out wherever a firewall silently drops the packets (a ',
      h('em', null, 'filtered'),
      ' port) — for every message to every such domain. So relay stays on 25 with opportunistic STARTTLS, which an attacker can strip. Two standards close that gap: ',
      h('strong', null, 'MTA-STS'),
      ' (RFC 8461) publishes over HTTPS that a domain’s MX hosts must be reached with valid TLS, and ',
      h('strong', null, 'DANE'),
      ' (RFC 7672) pins the certificate in DNSSEC-signed TLSA records. TLS-RPT (RFC 8460) asks senders to report failures.',
    ),
    h('h3', null, 'The two failure shapes'),
    h(
      'div',
      { class: 'failures' },
      failure(
        'Implicit TLS against a STARTTLS port fails fast',
        ['For example ', code('secure: true'), ' with port 587. The client opens with a TLS ClientHello; the server answers with its clear-text greeting, which the TLS library reads as a broken record and gives up within a second.'],
        [
          ['wrong version number', 'OpenSSL (Node, Python, PHP, Ruby)'],
          ['Unrecognized SSL message, plaintext connection?', 'Java / Jakarta Mail'],
          ['first record does not look like a TLS handshake', 'Go'],
        ],
        'failure-fast',
      ),
      failure(
        'Clear text or STARTTLS against an implicit-TLS port hangs',
        ['For example ', code('secure: false'), ' with port 465. The client waits for a greeting; the server waits for a ClientHello. Both wait until a time-out.'],
        [
          ['Greeting never received', 'nodemailer, after 30 s'],
          ['Failed to receive greeting from server in required time. Maybe should use TLS?', 'ImapFlow'],
          ['Net::ReadTimeout', 'Ruby'],
          ['SMTPServerDisconnected: Connection unexpectedly closed', 'Python'],
        ],
        'failure-hang',
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      'Other texts you may meet: ',
      code('530 Must issue a STARTTLS command first'),
      ' (the server insists on the upgrade), ',
      code("Didn't find STARTTLS in server response"),
      ' (no offer, or it was stripped), ',
      code('421 Too many connections'),
      ' (a rate limit — not a TLS verdict).',
    ),
  ];
}
