// fluentd `fluent-plugin-mail` output: `<match …> @type mail … </match>` (also inside `<store>` of
// `@type copy`, and the pre-v0.14 `type mail`) in fluent.conf / td-agent.conf / *.conf under a
// fluentd or td-agent folder.
// Semantics from u-ichi/fluent-plugin-mail lib/fluent/plugin/out_mail.rb `sendmail` and ruby/net-smtp:
// - `host` (required), `port` (default 25), `user`, `password`;
// - the TLS switches are applied ONLY when both `user` and `password` are set;
// - `enable_starttls_auto true` calls Net::SMTP#enable_starttls — despite its name that is STARTTLS
//   *always* (required), not "auto"; `enable_tls true` calls #enable_tls = implicit TLS (SMTPS);
//   both on → Net::SMTP raises ArgumentError "SMTPS and STARTTLS is exclusive" on every send;
// - neither: Net::SMTP's own default — net-smtp ≥ 0.3 (Ruby ≥ 3.1, fluent-package 5) upgrades with
//   STARTTLS when the server offers it; the older stdlib net/smtp (td-agent 4, Ruby 2.7) never
//   starts TLS. Which one runs is not in the file, so that reading is marked inferred.
// - fluentd booleans: `true`/`yes` (and an empty value) are true, `false`/`no` false.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsModeSetting } from '../model';
import { LineEdits, parseLines, type LineEntry } from './parsers/lines';

const FLUENT_NAME = /(?:^|[\\/])(?:fluent|fluentd|td-agent)\.conf$/i;
const FLUENT_FOLDER = /(?:^|[\\/])(?:fluent|fluentd|td-agent|fluent-package)[\\/](?:[^\\/]+[\\/])*[^\\/]+\.conf$/i;

export const fluentdMailExtractor: Extractor = {
  id: 'fluentd-mail',
  appliesTo: (fileName) => FLUENT_NAME.test(fileName) || FLUENT_FOLDER.test(fileName),
  filePatterns: ['fluent.conf', 'fluentd.conf', 'td-agent.conf', '*.conf'],
  extract(document: SourceDocument): MailEndpoint[] {
    try {
      return extractFluentdMail(document.text);
    } catch {
      return [];
    }
  },
};

interface Section {
  readonly open: LineEntry;
  readonly params: LineEntry[];
}

/** fluentd's bool: undefined for values it would reject or cannot be known here (embedded Ruby). */
function fluentBool(entry: LineEntry): boolean | undefined {
  if (entry.value.includes('#{')) return undefined;
  const word = entry.value.trim().toLowerCase();
  if (word === '' || word === 'true' || word === 'yes') return true;
  if (word === 'false' || word === 'no') return false;
  return undefined;
}

const embedded = (entry: LineEntry): string | undefined => /#\{\s*ENV\s*\[\s*['"]([^'"]+)['"]\s*\]/.exec(entry.value)?.[1] ?? (entry.value.includes('#{') ? '' : undefined);

export function extractFluentdMail(text: string): MailEndpoint[] {
  if (!/\b(?:@type|type)[ \t]+["']?mail\b/.test(text)) return [];
  const file = parseLines(text, { separator: 'space', comments: '#', inlineComments: true });
  const edits = new LineEdits(text, file.eol);
  const stack: Section[] = [];
  const sections: Section[] = [];
  for (const entry of file.entries) {
    if (entry.key.startsWith('</')) {
      const closed = stack.pop();
      if (closed) sections.push(closed);
      continue;
    }
    if (entry.key.startsWith('<')) {
      stack.push({ open: entry, params: [] });
      continue;
    }
    stack[stack.length - 1]?.params.push(entry);
  }
  // An unclosed section (a half-typed file) still counts.
  sections.push(...stack);
  const endpoints: MailEndpoint[] = [];
  for (const section of sections) {
    const endpoint = sectionEndpoint(text, edits, section);
    if (endpoint) endpoints.push(endpoint);
  }
  return endpoints.sort((a, b) => a.range.start - b.range.start);
}

function sectionEndpoint(text: string, edits: LineEdits, section: Section): MailEndpoint | undefined {
  const last = new Map<string, LineEntry>();
  for (const entry of section.params) last.set(entry.key, entry);
  const type = last.get('@type') ?? last.get('type');
  if (!type || type.value.trim() !== 'mail') return undefined;
  const hostEntry = last.get('host');
  const portEntry = last.get('port');
  const userEntry = last.get('user');
  const passwordEntry = last.get('password');
  const starttlsEntry = last.get('enable_starttls_auto');
  const tlsEntry = last.get('enable_tls');

  const filled = (entry: LineEntry | undefined): boolean => entry !== undefined && !entry.bare && entry.value.trim() !== '';
  const authenticated = filled(userEntry) && filled(passwordEntry);
  const starttlsOn = starttlsEntry ? fluentBool(starttlsEntry) : false;
  const tlsOn = tlsEntry ? fluentBool(tlsEntry) : false;

  const notes: string[] = [];
  const flags: TlsFlag[] = [];
  const flag = (entry: LineEntry, intent: TlsFlag['intent']): TlsFlag => ({ key: entry.key, valueText: entry.value.trim(), intent, range: edits.span(entry), removal: edits.removeLine(entry) });
  let mode: Setting<TlsModeSetting>;
  let modeExplicit = true;
  let certain = true;
  const anchor = (hostEntry ?? type).keyRange;
  const defaultMode = (): Setting<TlsModeSetting> => {
    modeExplicit = false;
    certain = false;
    notes.push('With neither switch in effect, Net::SMTP decides: net-smtp ≥ 0.3 (Ruby ≥ 3.1, fluent-package 5) uses STARTTLS when the server offers it, which is the reading used; the older net/smtp of td-agent 4 (Ruby 2.7) never starts TLS.');
    return { value: 'starttls', range: anchor, key: 'enable_starttls_auto', origin: 'default' };
  };
  if (!authenticated) {
    if (starttlsOn || tlsOn) notes.push('fluent-plugin-mail applies enable_tls and enable_starttls_auto only when both user and password are set, so they have no effect here.');
    mode = defaultMode();
  } else if (starttlsOn === true && tlsOn === true) {
    flags.push(flag(starttlsEntry!, 'starttls-required'), flag(tlsEntry!, 'implicit'));
    mode = { value: 'unknown', range: tlsEntry!.innerRange, key: tlsEntry!.key, origin: 'literal' };
  } else if (tlsOn === true) {
    flags.push(flag(tlsEntry!, 'implicit'));
    mode = { value: 'implicit', range: tlsEntry!.innerRange, key: tlsEntry!.key, origin: 'literal' };
  } else if (starttlsOn === true) {
    flags.push(flag(starttlsEntry!, 'starttls-required'));
    mode = { value: 'starttls', range: starttlsEntry!.innerRange, key: starttlsEntry!.key, origin: 'literal' };
  } else if (starttlsOn === undefined || tlsOn === undefined) {
    const entry = starttlsOn === undefined ? starttlsEntry! : tlsEntry!;
    mode = { value: 'unknown', range: entry.innerRange, key: entry.key, origin: embedded(entry) !== undefined ? 'env' : 'computed' };
  } else mode = defaultMode();

  let port: Setting<number> | undefined;
  if (portEntry) {
    const value = portEntry.value.trim();
    if (/^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535) port = { value: Number(value), range: portEntry.innerRange, key: 'port', origin: 'literal' };
  } else {
    port = { value: 25, range: anchor, key: 'port', origin: 'default' };
    notes.push('port is not set, so the plugin default 25 applies.');
  }
  let host: Setting<string> | undefined;
  if (hostEntry && filled(hostEntry)) {
    const envName = embedded(hostEntry);
    host = envName !== undefined
      ? { value: envName || hostEntry.value, range: hostEntry.innerRange, key: 'host', origin: 'env', ...(envName ? { envName } : {}) }
      : { value: hostEntry.value.trim(), range: hostEntry.innerRange, key: 'host', origin: 'literal' };
  }
  // Both readings of the default agree on an implicit-TLS port: no TLS is attempted before the greeting.
  if (!certain && port?.value === 465) certain = true;

  const paramLines = section.params.filter((entry) => !entry.key.startsWith('<'));
  const lastParam = paramLines[paramLines.length - 1];
  const write = (changes: readonly (readonly [LineEntry | undefined, string, string, boolean])[]): TextEdit[] | undefined => {
    const out: TextEdit[] = [];
    const added: string[] = [];
    for (const [entry, key, value, addIfMissing] of changes) {
      if (entry) {
        if (entry.value.trim() !== value) out.push(edits.setValue(entry, entry.bare ? ` ${value}` : value));
      } else if (addIfMissing) added.push(`${key} ${value}`);
    }
    if (added.length > 0) {
      const after = hostEntry ?? lastParam;
      if (!after) return undefined;
      out.push(edits.insertAfter(after, added));
    }
    return out.length > 0 ? out : undefined;
  };
  const rewrite: EndpointRewriter = {
    setTlsMode(target) {
      // Without user and password the plugin never calls the switches: nothing to write.
      if (!authenticated || target === 'none') return undefined;
      if (target === 'implicit') return write([[tlsEntry, 'enable_tls', 'true', true], [starttlsEntry, 'enable_starttls_auto', 'false', false]]);
      return write([[starttlsEntry, 'enable_starttls_auto', 'true', true], [tlsEntry, 'enable_tls', 'false', false]]);
    },
    enforceStartTls() {
      if (!authenticated) return undefined;
      return write([[starttlsEntry, 'enable_starttls_auto', 'true', true], [tlsEntry, 'enable_tls', 'false', false]]);
    },
    setPort: (value) => write([[portEntry, 'port', String(value), true]]),
  };

  const lines = [type, ...[hostEntry, portEntry, userEntry, passwordEntry, starttlsEntry, tlsEntry].filter((entry): entry is LineEntry => entry !== undefined)];
  const range: TextRange = { start: Math.min(...lines.map((entry) => entry.lineRange.start)), end: Math.max(...lines.map((entry) => entry.lineRange.end)) };
  // The plugin authenticates only with both user and password.
  const credentials = authenticated ? { range: edits.span(userEntry!) } : undefined;
  const note = notes.length > 0 ? `(fluent-plugin-mail: ${notes.join(' ')})` : '(fluent-plugin-mail: enable_starttls_auto true means STARTTLS required, enable_tls true means implicit TLS.)';
  return {
    library: 'fluent-plugin-mail',
    format: 'fluentd-conf',
    protocol: 'smtp',
    range,
    anchor,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    mode,
    modeExplicit,
    tlsFlags: flags,
    starttlsEnforced: modeExplicit && mode.value === 'starttls',
    ...(credentials ? { credentials } : {}),
    reading: { note, certainty: certain ? 'certain' : 'inferred' },
    rewrite,
  };
}
