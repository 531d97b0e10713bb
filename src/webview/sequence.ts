// A conversation as a sequence diagram: client lane left, server lane right, one arrow per
// message. Clear text and TLS differ in three ways at once — the padlock and word in the
// gutter, a dashed versus a solid double arrow, and a shaded band — so no one depends on colour;
// the moment TLS starts is a marked row of its own.
import type { Protocol } from '../core/model';
import { standardPort } from '../core/ports';
import type { TranscriptLine } from '../core/probe/types';
import { type Child, h, lock } from './dom';
import { pageLocale, t } from './l10n';
import { displayText, formatMs } from './text';

type Item =
  | { readonly kind: 'message'; readonly direction: 'client' | 'server'; readonly inTls: boolean; readonly lines: TranscriptLine[] }
  | { readonly kind: 'note'; readonly line: TranscriptLine }
  | { readonly kind: 'switch'; readonly starttls: boolean; readonly detail?: string; readonly atMs: number }
  | { readonly kind: 'unswitch'; readonly atMs: number };

const UPGRADE_COMMAND = /(?:^|\s)(?:STARTTLS|STLS)\s*$/i;

// The notes genericExchange writes when TLS starts, in the page's language; a real transcript's
// note comes from the engine in English and starts "TLS established".
const establishedNotes = (): string[] => [t('TLS established before the server says a word'), t('TLS established; everything learned before is forgotten')];

function isEstablishedNote(text: string): boolean {
  return /^TLS established/i.test(text) || establishedNotes().includes(text);
}

function group(lines: readonly TranscriptLine[]): Item[] {
  const items: Item[] = [];
  let inTls = false;
  let lastPlainClient = '';
  for (const line of lines) {
    if (line.inTls && !inTls) {
      const established = line.direction === 'note' && isEstablishedNote(line.text);
      items.push({ kind: 'switch', starttls: UPGRADE_COMMAND.test(lastPlainClient), atMs: line.atMs, ...(established ? { detail: line.text } : {}) });
      inTls = true;
      if (established) continue;
    } else if (!line.inTls && inTls) {
      items.push({ kind: 'unswitch', atMs: line.atMs });
      inTls = false;
      lastPlainClient = '';
    }
    if (line.direction === 'note') {
      items.push({ kind: 'note', line });
      continue;
    }
    if (line.direction === 'client' && !line.inTls) lastPlainClient = line.text;
    const previous = items[items.length - 1];
    if (previous?.kind === 'message' && previous.direction === line.direction && previous.inTls === line.inTls) previous.lines.push(line);
    else items.push({ kind: 'message', direction: line.direction, inTls: line.inTls, lines: [line] });
  }
  return items;
}

/** For screen readers, before each message: who speaks, and whether it is encrypted. */
function directionText(toServer: boolean, inTls: boolean): string {
  if (toServer) return inTls ? t('Client to server, inside TLS:') : t('Client to server, in clear text:');
  return inTls ? t('Server to client, inside TLS:') : t('Server to client, in clear text:');
}

// The gutter word is short on purpose (the column is 4.6em wide): "clear" next to an open padlock.
function phase(inTls: boolean): HTMLElement {
  return h('span', { class: ['seq-phase', inTls ? 'phase-tls' : 'phase-plain'] }, lock(inTls), h('span', { class: 'seq-phase-word' }, inTls ? 'TLS' : t('clear')));
}

function time(atMs: number, generic: boolean): Child {
  return h('span', { class: 'seq-time' }, generic ? '' : formatMs(atMs, pageLocale()));
}

export interface SequenceOptions {
  readonly title: string;
  readonly subtitle?: string;
  readonly testid: string;
  /** An illustration rather than a record: no timings, lines not marked as transcript. */
  readonly generic: boolean;
}

export function renderSequence(lines: readonly TranscriptLine[], options: SequenceOptions): HTMLElement {
  const rows: HTMLElement[] = [];
  for (const item of group(lines)) {
    switch (item.kind) {
      case 'message': {
        const toServer = item.direction === 'client';
        rows.push(
          h(
            'li',
            { class: ['seq-row', 'seq-msg', toServer ? 'to-server' : 'to-client', item.inTls ? 'in-tls' : 'in-plain'] },
            phase(item.inTls),
            h(
              'div',
              { class: 'seq-body' },
              h('span', { class: 'sr-only' }, `${directionText(toServer, item.inTls)} `),
              h(
                'div',
                { class: 'seq-lines' },
                item.lines.map((line) =>
                  h(
                    'code',
                    {
                      class: 'seq-line',
                      ...(options.generic ? {} : { testid: 'transcript-line' }),
                      attrs: { 'data-direction': line.direction, 'data-tls': String(line.inTls) },
                    },
                    displayText(line.text, 300),
                  ),
                ),
              ),
              h('div', { class: 'seq-arrow', attrs: { 'aria-hidden': 'true' } }),
            ),
            time(item.lines[0]?.atMs ?? 0, options.generic),
          ),
        );
        break;
      }
      case 'note':
        rows.push(
          h(
            'li',
            { class: ['seq-row', 'seq-note', item.line.inTls ? 'in-tls' : 'in-plain'] },
            phase(item.line.inTls),
            h('div', { class: 'seq-body' }, h('span', { class: 'seq-note-text', ...(options.generic ? {} : { testid: 'transcript-note' }) }, displayText(item.line.text, 400))),
            time(item.line.atMs, options.generic),
          ),
        );
        break;
      case 'switch':
        rows.push(
          h(
            'li',
            { class: ['seq-row', 'seq-switch', item.starttls ? 'switch-starttls' : 'switch-implicit'], testid: options.generic ? undefined : 'tls-switch' },
            h('span', { class: 'seq-phase phase-switch' }, lock(true), h('span', { class: 'seq-phase-word' }, t('start'))),
            h(
              'div',
              { class: 'seq-body' },
              h('strong', null, item.starttls ? t('STARTTLS: the same connection switches to TLS') : t('TLS handshake first: implicit TLS, before any mail protocol byte')),
              item.detail ? h('span', { class: 'seq-switch-detail' }, displayText(item.detail, 300)) : h('span', { class: 'seq-switch-detail' }, t('ClientHello → ServerHello, certificate → keys agreed')),
            ),
            time(item.atMs, options.generic),
          ),
        );
        break;
      case 'unswitch':
        rows.push(
          h(
            'li',
            { class: ['seq-row', 'seq-unswitch'] },
            h('span', { class: 'seq-phase phase-plain' }, lock(false), h('span', { class: 'seq-phase-word' }, t('new'))),
            h('div', { class: 'seq-body' }, h('strong', null, t('A new connection, in clear text again'))),
            time(item.atMs, options.generic),
          ),
        );
        break;
    }
  }
  return h(
    'figure',
    { class: ['seq', options.generic ? 'seq-generic' : 'seq-actual'], testid: options.testid },
    h('figcaption', null, h('span', { class: 'seq-title' }, options.title), options.subtitle ? h('span', { class: 'seq-subtitle' }, options.subtitle) : null),
    h('div', { class: 'seq-head', attrs: { 'aria-hidden': 'true' } }, h('span', null), h('span', { class: 'seq-lanes' }, h('span', { class: 'lane-label' }, t('Client')), h('span', { class: 'lane-label' }, t('Server'))), h('span', null)),
    rows.length > 0 ? h('ol', { class: 'seq-rows' }, rows) : h('p', { class: 'muted' }, t('No conversation: the connection never opened.')),
  );
}

const line = (direction: TranscriptLine['direction'], inTls: boolean, text: string): TranscriptLine => ({ direction, inTls, text, atMs: 0 });

/** A textbook exchange in one mode, for contrast with what the server did. */
export function genericExchange(protocol: Protocol, mode: 'implicit' | 'starttls'): TranscriptLine[] {
  const port = standardPort(protocol, mode);
  const out: TranscriptLine[] = [line('note', false, t('TCP connection to port {0}', port))];
  const tls = mode === 'implicit';
  const forgotten = t('TLS established; everything learned before is forgotten');
  const credentials = t('credentials, encrypted');
  if (tls) out.push(line('note', true, t('TLS established before the server says a word')));
  switch (protocol) {
    case 'smtp':
      out.push(line('server', tls, '220 mail.example.com ESMTP'), line('client', tls, 'EHLO client.example'));
      if (!tls) {
        out.push(line('server', false, '250-mail.example.com'), line('server', false, '250-PIPELINING'), line('server', false, '250 STARTTLS'));
        out.push(line('client', false, 'STARTTLS'), line('server', false, '220 2.0.0 Ready to start TLS'));
        out.push(line('note', true, forgotten), line('client', true, 'EHLO client.example'));
      }
      out.push(line('server', true, '250-mail.example.com'), line('server', true, '250-PIPELINING'), line('server', true, '250 AUTH PLAIN LOGIN'));
      out.push(line('client', true, `AUTH PLAIN … (${credentials})`));
      break;
    case 'imap':
      out.push(line('server', tls, '* OK IMAP4rev1 ready'), line('client', tls, 'a1 CAPABILITY'));
      if (!tls) {
        out.push(line('server', false, '* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED'), line('server', false, 'a1 OK CAPABILITY completed'));
        out.push(line('client', false, 'a2 STARTTLS'), line('server', false, 'a2 OK Begin TLS negotiation now'));
        out.push(line('note', true, forgotten), line('client', true, 'a3 CAPABILITY'));
      }
      out.push(line('server', true, '* CAPABILITY IMAP4rev1 AUTH=PLAIN'), line('server', true, `${tls ? 'a1' : 'a3'} OK CAPABILITY completed`));
      out.push(line('client', true, `${tls ? 'a2' : 'a4'} LOGIN … (${credentials})`));
      break;
    case 'pop3':
      out.push(line('server', tls, '+OK POP3 ready'), line('client', tls, 'CAPA'));
      if (!tls) {
        out.push(line('server', false, '+OK'), line('server', false, 'STLS'), line('server', false, '.'));
        out.push(line('client', false, 'STLS'), line('server', false, '+OK Begin TLS negotiation'));
        out.push(line('note', true, forgotten), line('client', true, 'CAPA'));
      }
      out.push(line('server', true, '+OK'), line('server', true, 'USER'), line('server', true, 'SASL PLAIN'), line('server', true, '.'));
      out.push(line('client', true, `USER … (${credentials})`));
      break;
  }
  return out;
}
