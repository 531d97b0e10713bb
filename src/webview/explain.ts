// The lesson: two ways to encrypt mail connections, which one to use, why relay is different,
// and what each mismatch looks like. Sources: shared/reference (RFC 8314, 8461, 7672, 3207 and
// the error texts in anchors.md B.13).
import { type Child, h } from './dom';
import { t, tx } from './l10n';
import { genericExchange, renderSequence } from './sequence';

// Prose is translated a sentence at a time (t), with inline code and emphasis passed in as {0},
// {1}, … (tx) so a translation can move them. Error texts, commands and RFC numbers stay verbatim.

const code = (text: string): HTMLElement => h('code', null, text);

/** Sentences of one paragraph, each a message of its own, joined by spaces. */
const sentences = (...parts: readonly Child[]): Child[] => parts.flatMap((part, index) => (index === 0 ? [part] : [' ', part]));

function methodsTable(): HTMLElement {
  const row = (name: string, how: Child, smtp: Child, imap: Child, pop3: Child): HTMLElement => h('tr', null, h('th', { attrs: { scope: 'row' } }, name), h('td', null, how), h('td', null, smtp), h('td', null, imap), h('td', null, pop3));
  return h(
    'table',
    { class: 'methods', testid: 'methods-table' },
    h('caption', { class: 'sr-only' }, t('The two methods and their ports')),
    h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, t('Method')), h('th', { attrs: { scope: 'col' } }, t('How the connection starts')), h('th', { attrs: { scope: 'col' } }, 'SMTP'), h('th', { attrs: { scope: 'col' } }, 'IMAP'), h('th', { attrs: { scope: 'col' } }, 'POP3'))),
    h(
      'tbody',
      null,
      row(t('Implicit TLS'), t('The TLS handshake is the first thing on the wire; the server greets only once the connection is encrypted.'), ['465 ', h('span', { class: 'muted' }, t('(submissions)'))], '993', '995'),
      row(
        'STARTTLS',
        tx<Child>('The server greets in clear text and advertises {0} ({1} in POP3); the client asks to upgrade and the same connection continues inside TLS.', code('STARTTLS'), code('STLS')),
        ['587 ', h('span', { class: 'muted' }, t('(submission)')), ', 25 ', h('span', { class: 'muted' }, t('(relay)')), ', 2525 ', h('span', { class: 'muted' }, t('(vendor convention)'))],
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
    h(
      'p',
      { class: 'lead' },
      sentences(
        t('Mail clients and servers encrypt a connection in one of two ways.'),
        tx<Child>('Libraries name them inconsistently ({0}, {1}, {2}, {3}, {4}…), so the wrong mode is easily paired with a port.', code('secure'), code('ssl'), code('tls'), code('smtps://'), code('SslOnConnect')),
      ),
    ),
    methodsTable(),
    options.withDiagrams
      ? h(
          'div',
          { class: 'diagram-pair' },
          renderSequence(genericExchange('smtp', 'starttls'), { title: t('STARTTLS on 587'), subtitle: t('a generic exchange'), testid: 'sequence-generic-starttls', generic: true }),
          renderSequence(genericExchange('smtp', 'implicit'), { title: t('Implicit TLS on 465'), subtitle: t('a generic exchange'), testid: 'sequence-generic-implicit', generic: true }),
        )
      : null,
    h('h3', null, t('Which one to use')),
    h(
      'p',
      null,
      sentences(
        tx<Child>('RFC 8314 (2018) recommends implicit TLS for submission and mail access: {0}.', h('strong', null, t('465, 993 and 995'))),
        tx<Child>(
          'With STARTTLS the first part of every session is clear text: an attacker on the path can delete the {0} offer so a lenient client carries on unencrypted, and bugs in the switch-over let injected plaintext commands be run inside TLS.',
          code('STARTTLS'),
        ),
        tx<Child>('If you must use 587, make the upgrade mandatory ({0} and its equivalents) so a missing offer is an error rather than a downgrade.', code('requireTLS: true')),
      ),
    ),
    h('h3', null, t('Why server-to-server relay on port 25 still uses STARTTLS')),
    h(
      'p',
      null,
      sentences(
        t('A sending server finds the receiver through its MX record, which names a host and nothing else: no port, no TLS mode.'),
        t('Port 25 is the one port every receiver listens on.'),
        tx<Child>(
          'Trying 465 first would cost a full connect time-out wherever a firewall silently drops the packets (a {0} port) — for every message to every such domain.',
          h('em', null, t({ message: 'filtered', comment: 'port state, in a sentence' })),
        ),
        t('So relay stays on 25 with opportunistic STARTTLS, which an attacker can strip.'),
        tx<Child>(
          'Two standards close that gap: {0} (RFC 8461) publishes over HTTPS that a domain’s MX hosts must be reached with valid TLS, and {1} (RFC 7672) pins the certificate in DNSSEC-signed TLSA records.',
          h('strong', null, 'MTA-STS'),
          h('strong', null, 'DANE'),
        ),
        t('TLS-RPT (RFC 8460) asks senders to report failures.'),
      ),
    ),
    h('h3', null, t('The two failure shapes')),
    h(
      'div',
      { class: 'failures' },
      failure(
        t('Implicit TLS against a STARTTLS port fails fast'),
        sentences(
          tx<Child>('For example {0} with port 587.', code('secure: true')),
          t('The client opens with a TLS ClientHello; the server answers with its clear-text greeting, which the TLS library reads as a broken record and gives up within a second.'),
        ),
        [
          ['wrong version number', 'OpenSSL (Node, Python, PHP, Ruby)'],
          ['Unrecognized SSL message, plaintext connection?', 'Java / Jakarta Mail'],
          ['first record does not look like a TLS handshake', 'Go'],
        ],
        'failure-fast',
      ),
      failure(
        t('Clear text or STARTTLS against an implicit-TLS port hangs'),
        sentences(
          tx<Child>('For example {0} with port 465.', code('secure: false')),
          t('The client waits for a greeting; the server waits for a ClientHello.'),
          t('Both wait until a time-out.'),
        ),
        [
          ['Greeting never received', t('nodemailer, after {0} s', 30)],
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
      tx<Child>(
        'Other texts you may meet: {0} (the server insists on the upgrade), {1} (no offer, or it was stripped), {2} (a rate limit — not a TLS verdict).',
        code('530 Must issue a STARTTLS command first'),
        code("Didn't find STARTTLS in server response"),
        code('421 Too many connections'),
      ),
    ),
  ];
}
