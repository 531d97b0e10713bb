// msmtp (`~/.msmtprc`, `/etc/msmtprc`): `defaults` and `account` blocks of `command argument` lines.
// Semantics (marlam/msmtp doc/msmtp.1, src/conf.c; config-matrix.md §11.1):
// - `tls on|off` (default off; a bare `tls` is on), `tls_starttls on|off` (default on): tls on +
//   tls_starttls on is STARTTLS, and msmtp stops when the server does not offer it; tls on +
//   tls_starttls off is implicit TLS; tls off is plaintext.
// - `port` defaults to 25, or 465 when tls is on and tls_starttls off (587 is never chosen).
// - `tls_certcheck off` (older: `tls_nocertcheck`) switches certificate checks off.
// - `defaults` settings apply to every account after them; `account name : a, b` also inherits a, b.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsMode, TlsModeSetting } from '../model';
import { boolLike, lineBool, LineEdits, linePort, parseLines, type LineEntry } from './parsers/lines';

export const msmtpExtractor: Extractor = {
  id: 'msmtp',
  appliesTo: isMsmtpFileName,
  filePatterns: ['.msmtprc', 'msmtprc', '*.msmtprc', 'msmtprc.*'],
  extract(document: SourceDocument): MailEndpoint[] {
    return extractMsmtp(document.text);
  },
};

export function isMsmtpFileName(fileName: string): boolean {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).toLowerCase();
  return base === '.msmtprc' || base === 'msmtprc' || base.endsWith('.msmtprc') || (base.startsWith('msmtprc.') && !/\.(?:md|txt|json|ya?ml|[jt]s)$/.test(base));
}

interface Block {
  readonly kind: 'defaults' | 'account';
  readonly name: string;
  readonly header: LineEntry;
  readonly parents: readonly string[];
  /** This block's own lines, last one of a command wins. */
  readonly own: Map<string, LineEntry>;
  /** Inherited and own settings together. */
  readonly effective: Map<string, LineEntry>;
  lastLine: LineEntry;
}

export function extractMsmtp(text: string): MailEndpoint[] {
  if (!/\b(?:host|account|tls)\b/.test(text)) return [];
  const file = parseLines(text, { separator: 'space', comments: '#' });
  const edits = new LineEdits(text, file.eol);
  const blocks: Block[] = [];
  const defaults = new Map<string, LineEntry>();
  let current: Block | undefined;
  const start = (kind: Block['kind'], entry: LineEntry): Block => {
    const [name = '', parentText = ''] = entry.value.split(':');
    const parents = parentText.split(',').map((part) => part.trim()).filter((part) => part !== '');
    const effective = new Map(defaults);
    for (const parent of parents) {
      const found = blocks.find((block) => block.kind === 'account' && block.name === parent);
      if (found) for (const [key, value] of found.effective) if (key !== 'account') effective.set(key, value);
    }
    const block: Block = { kind, name: name.trim(), header: entry, parents, own: new Map(), effective, lastLine: entry };
    blocks.push(block);
    return block;
  };
  for (const entry of file.entries) {
    const key = entry.key.toLowerCase();
    if (key === 'defaults') {
      current = start('defaults', entry);
      continue;
    }
    if (key === 'account') {
      current = start('account', entry);
      continue;
    }
    // Lines before any block are invalid in msmtp; read them as defaults.
    current ??= start('defaults', entry);
    current.own.set(key, entry);
    current.effective.set(key, entry);
    current.lastLine = entry;
    if (current.kind === 'defaults') defaults.set(key, entry);
  }
  const accounts = blocks.filter((block) => block.kind === 'account');
  // `account default : gmail` with nothing of its own is an alias: its parent is reported already.
  const candidates = accounts.length > 0 ? accounts.filter((block) => block.own.size > 0 || block.parents.length === 0) : blocks.filter((block) => block.own.has('host'));
  const endpoints: MailEndpoint[] = [];
  for (const block of candidates) {
    const endpoint = blockEndpoint(edits, block);
    if (endpoint) endpoints.push(endpoint);
  }
  return endpoints;
}

function blockEndpoint(edits: LineEdits, block: Block): MailEndpoint | undefined {
  const get = (key: string): LineEntry | undefined => block.effective.get(key);
  const hostEntry = get('host');
  if (!hostEntry || hostEntry.value.trim() === '') return undefined;
  const tlsEntry = get('tls');
  const startEntry = get('tls_starttls');
  const noStartEntry = get('tls_nostarttls');
  const portEntry = get('port');
  const tls = tlsEntry ? (tlsEntry.bare ? true : lineBool(tlsEntry.value)) : false;
  let starttls: boolean | undefined = true;
  let startDecider: LineEntry | undefined;
  if (startEntry) {
    starttls = startEntry.bare ? true : lineBool(startEntry.value);
    startDecider = startEntry;
  } else if (noStartEntry) {
    starttls = false;
    startDecider = noStartEntry;
  }

  const flags: TlsFlag[] = [];
  const flag = (entry: LineEntry, intent: TlsFlag['intent']): TlsFlag => ({ key: entry.key, valueText: entry.bare ? 'on' : edits.raw(entry.valueRange), intent, range: edits.span(entry), removal: edits.removeLine(entry) });
  let value: TlsModeSetting;
  let decider: LineEntry | undefined;
  if (tls === undefined || starttls === undefined) {
    value = 'unknown';
    decider = tls === undefined ? tlsEntry : startDecider;
  } else if (!tls) {
    value = 'none';
    decider = tlsEntry;
    if (tlsEntry) flags.push(flag(tlsEntry, 'no-tls'));
  } else if (starttls) {
    value = 'starttls';
    decider = startDecider ?? tlsEntry;
    flags.push(flag(tlsEntry!, 'starttls-required'));
  } else {
    value = 'implicit';
    decider = startDecider;
    flags.push(flag(startDecider!, 'implicit'));
  }
  const anchorEntry = block.kind === 'account' ? block.header : hostEntry;
  const mode: Setting<TlsModeSetting> = decider
    ? { value, range: decider.bare ? decider.keyRange : decider.innerRange, key: decider.key, origin: 'literal' }
    : { value, range: hostEntry.innerRange, key: 'tls', origin: 'default' };

  let port: Setting<number> | undefined;
  if (portEntry) {
    const number = linePort(portEntry.value);
    if (number !== undefined) port = { value: number, range: portEntry.innerRange, key: portEntry.key, origin: 'literal' };
  } else if (value !== 'unknown') {
    port = { value: value === 'implicit' ? 465 : 25, range: { start: hostEntry.valueRange.end, end: hostEntry.valueRange.end }, key: 'port', origin: 'default' };
  }

  const authEntry = get('auth');
  const authWord = authEntry ? (authEntry.bare ? 'on' : authEntry.value.trim().toLowerCase()) : undefined;
  const secret = get('password') ?? get('passwordeval');
  const userEntry = get('user');
  let credentials: { range: TextRange } | undefined;
  if (authWord !== 'off' && (authWord !== undefined || secret)) credentials = { range: edits.span(userEntry ?? authEntry ?? secret!) };

  const certEntry = get('tls_certcheck');
  const noCertEntry = get('tls_nocertcheck');
  let certificateVerificationOff: MailEndpoint['certificateVerificationOff'];
  if (certEntry && !certEntry.bare && lineBool(certEntry.value) === false) certificateVerificationOff = { key: certEntry.key, range: edits.span(certEntry) };
  else if (!certEntry && noCertEntry) certificateVerificationOff = { key: noCertEntry.key, range: edits.span(noCertEntry) };

  const style = (tlsEntry && !tlsEntry.bare ? tlsEntry.value : undefined) ?? 'on';
  /** Sets a command in this block: rewrites its own line, or adds one after the host (or the block's last line). */
  const setter = (): { set: (key: string, value: string) => void; edits: () => TextEdit[] } => {
    const replaced: TextEdit[] = [];
    const added: string[] = [];
    return {
      set(key, newValue) {
        const own = block.own.get(key);
        if (own) {
          if (own.value !== newValue) replaced.push(edits.setValue(own, own.bare ? ` ${newValue}` : newValue));
        } else if (get(key)?.value !== newValue || get(key)?.bare) added.push(`${key} ${newValue}`);
      },
      edits() {
        const result = [...replaced];
        const after = block.own.get('port') ?? block.own.get('host') ?? block.lastLine;
        if (added.length > 0) result.push(edits.insertAfter(after.key.toLowerCase() === 'account' ? { end: after.lineRange.end, indent: indentOf(block) } : after, added));
        return result;
      },
    };
  };
  const on = boolLike(true, style, 'on');
  const off = boolLike(false, style, 'on');
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode) {
      const writer = setter();
      if (target === 'none') writer.set('tls', off);
      else {
        writer.set('tls', on);
        if (noStartEntry && block.own.get('tls_nostarttls') === noStartEntry && target === 'starttls') return [...writer.edits(), edits.removeLine(noStartEntry)];
        if (target === 'implicit' || startEntry || noStartEntry) writer.set('tls_starttls', target === 'implicit' ? off : on);
      }
      return writer.edits();
    },
    setPort(number) {
      const writer = setter();
      writer.set('port', String(number));
      return writer.edits();
    },
    enableCertificateVerification() {
      if (!certificateVerificationOff) return undefined;
      if (!certEntry && noCertEntry && block.own.get('tls_nocertcheck') === noCertEntry) return [edits.removeLine(noCertEntry)];
      const writer = setter();
      writer.set('tls_certcheck', on);
      return writer.edits();
    },
  };

  const lines = [...block.effective.values(), block.header];
  const inherited = [...block.effective.values()].some((entry) => !block.own.has(entry.key.toLowerCase()) && ['tls', 'tls_starttls', 'port', 'host'].includes(entry.key.toLowerCase()));
  return {
    library: 'msmtp',
    format: 'msmtprc',
    protocol: 'smtp',
    range: { start: Math.min(...lines.map((entry) => entry.lineRange.start)), end: Math.max(...lines.map((entry) => entry.lineRange.end)) },
    anchor: anchorEntry.keyRange,
    host: { value: hostEntry.value.trim(), range: hostEntry.innerRange, key: hostEntry.key, origin: 'literal' },
    ...(port ? { port } : {}),
    mode,
    modeExplicit: decider !== undefined,
    tlsFlags: flags,
    starttlsEnforced: value === 'starttls',
    ...(credentials ? { credentials } : {}),
    ...(certificateVerificationOff ? { certificateVerificationOff } : {}),
    reading: {
      note: `(msmtp${block.kind === 'account' && block.name ? ` account ${block.name}` : ''}: \`tls on\` with \`tls_starttls on\` (the default) is STARTTLS, \`tls_starttls off\` is implicit TLS, \`tls off\` (the default) is plaintext; the port defaults to 25, or 465 with tls_starttls off${inherited ? '; some settings come from `defaults` or a parent account' : ''}.)`,
      certainty: 'certain',
    },
    rewrite,
  };
}

function indentOf(block: Block): string {
  for (const entry of block.own.values()) return entry.indent;
  return block.header.indent;
}
