// Keycloak realm exports (`realm-export.json`, keycloak-config-cli files): the realm's
// `"smtpServer": { … }` object, whose values are strings handed to Jakarta Mail.
// Source: keycloak/keycloak services/…/email/DefaultEmailSenderProvider.java; config-matrix.md §6.3:
//   host, port → mail.smtp.host / mail.smtp.port (port unset: Jakarta's default, 25, or 465 with ssl);
//   "ssl": "true" → mail.smtp.ssl.enable (implicit TLS);
//   "starttls": "true" → mail.smtp.starttls.enable (STARTTLS when offered; Keycloak sets no
//     `.required`, so a server that hides STARTTLS gets the password in clear text);
//   both: Jakarta Mail skips STARTTLS on an SSL socket — fine on 465, the ssl part breaks 587;
//   "auth": "true" with user / password → credentials; timeouts are 10 s.
// Only the string "true" switches a flag on (Boolean.valueOf / "true".equals); JSON booleans written
// by tools are read the same way. `${…}` placeholders (keycloak-config-cli) are not visible here.
// ghostJson.ts also reads `.json` files, but only `"mail": {"transport": "SMTP"}` blocks, so the two
// never claim the same object.
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsModeSetting } from '../model';
import { planObjectEdits, removeEntryEdit, type ObjectEntryRange } from './objectEdits';

function rangeOf(node: JsonNode): TextRange {
  return { start: node.offset, end: node.offset + node.length };
}

interface Entry {
  readonly key: string;
  /** The value as text ("587", "true"); undefined when it is a placeholder or not a scalar. */
  readonly value: string | undefined;
  readonly placeholder: boolean;
  readonly stringTyped: boolean;
  readonly pairRange: TextRange;
  readonly valueRange: TextRange;
  /** The characters inside the quotes, for exact port / host ranges. */
  readonly innerRange: TextRange;
  readonly removal: TextEdit;
}

const PLACEHOLDER = /\$\{|\$\(/;

function entriesOf(text: string, object: JsonNode): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const child of object.children ?? []) {
    if (child.type !== 'property') continue;
    const keyNode = child.children?.[0];
    const valueNode = child.children?.[1];
    if (!keyNode || typeof keyNode.value !== 'string' || !valueNode) continue;
    const pairRange = rangeOf(child);
    const valueRange = rangeOf(valueNode);
    const stringTyped = valueNode.type === 'string';
    const raw = valueNode.type === 'string' || valueNode.type === 'number' || valueNode.type === 'boolean' ? String(valueNode.value) : undefined;
    const placeholder = raw !== undefined && PLACEHOLDER.test(raw);
    const innerRange = stringTyped && valueRange.end - valueRange.start >= 2 ? { start: valueRange.start + 1, end: valueRange.end - 1 } : valueRange;
    entries.set(keyNode.value, {
      key: keyNode.value,
      value: placeholder ? undefined : raw,
      placeholder,
      stringTyped,
      pairRange,
      valueRange,
      innerRange,
      removal: removeEntryEdit(text, pairRange),
    });
  }
  return entries;
}

/** Every `"smtpServer": { … }` object, at any depth (a realm, or a list of realms). */
function smtpObjects(root: JsonNode): { object: JsonNode; key: JsonNode }[] {
  const found: { object: JsonNode; key: JsonNode }[] = [];
  const stack: JsonNode[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < 200_000) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'property' && node.children?.[0]?.value === 'smtpServer') {
      const value = node.children[1];
      if (value?.type === 'object') found.push({ object: value, key: node.children[0] });
      continue;
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return found;
}

const isTrue = (entry: Entry | undefined): boolean => entry?.value !== undefined && entry.value.trim().toLowerCase() === 'true';

function endpointOf(text: string, object: JsonNode, keyNode: JsonNode): MailEndpoint | undefined {
  const entries = entriesOf(text, object);
  const host = entries.get('host');
  const portEntry = entries.get('port');
  const ssl = entries.get('ssl');
  const starttls = entries.get('starttls');
  if (!host && !portEntry) return undefined;
  const anchor = rangeOf(keyNode);
  const range = rangeOf(object);
  const origin = (entry: Entry): 'literal' | 'env' => (entry.placeholder ? 'env' : 'literal');

  const implicit = isTrue(ssl);
  const start = isTrue(starttls);
  const flags: TlsFlag[] = [];
  if (ssl && implicit) flags.push({ key: 'ssl', valueText: JSON.stringify(ssl.value), intent: 'implicit', range: ssl.pairRange, removal: ssl.removal });
  if (starttls && start) flags.push({ key: 'starttls', valueText: JSON.stringify(starttls.value), intent: 'starttls', range: starttls.pairRange, removal: starttls.removal });

  let mode: Setting<TlsModeSetting>;
  let explicit = true;
  const unknown = [ssl, starttls].find((entry) => entry?.placeholder);
  if (implicit && ssl) mode = { value: 'implicit', range: ssl.valueRange, key: 'ssl', origin: 'literal' };
  else if (unknown) mode = { value: 'unknown', range: unknown.valueRange, key: unknown.key, origin: 'env' };
  else if (start && starttls) mode = { value: 'starttls', range: starttls.valueRange, key: 'starttls', origin: 'literal' };
  else if (ssl || starttls) mode = { value: 'none', range: (starttls ?? ssl)!.valueRange, key: (starttls ?? ssl)!.key, origin: 'literal' };
  else {
    explicit = false;
    mode = { value: 'none', range: (portEntry ?? host)!.valueRange, key: 'starttls', origin: 'default' };
  }

  let port: Setting<number> | undefined;
  if (portEntry) {
    const digits = portEntry.value?.trim() ?? '';
    if (/^\d{1,5}$/.test(digits) && Number(digits) >= 1 && Number(digits) <= 65535) port = { value: Number(digits), range: portEntry.innerRange, key: 'port', origin: 'literal' };
  } else if (host && !host.placeholder && mode.value !== 'unknown') {
    port = { value: implicit ? 465 : 25, range: host.innerRange, key: 'port', origin: 'default' };
  }
  const hostSetting: Setting<string> | undefined = host && (host.placeholder || host.value?.trim()) ? { value: host.value?.trim() ?? '', range: host.innerRange, key: 'host', origin: origin(host) } : undefined;

  const user = entries.get('user');
  const password = entries.get('password');
  const auth = entries.get('auth');
  const credentials = isTrue(auth) || auth?.placeholder ? [user, password, auth].find((entry) => entry !== undefined && (entry.placeholder || (entry.value ?? '').trim() !== '')) : undefined;

  const own: ObjectEntryRange[] = [...entries.values()].map((entry) => ({ key: entry.key, pairRange: entry.pairRange }));
  // Written as the file writes its flags: strings in exports, booleans where a tool used them.
  const boolText = (value: boolean, like: Entry | undefined): string => (like && !like.stringTyped ? String(value) : JSON.stringify(String(value)));
  const write = (inserts: [string, string][], removals: Entry[], changes: [Entry, string][]): TextEdit[] | undefined => {
    const edits: TextEdit[] = changes.map(([entry, value]) => ({ range: entry.valueRange, newText: value }));
    if (inserts.length === 0 && removals.length === 0) return edits.length > 0 ? edits : undefined;
    const planned = planObjectEdits(
      text,
      range,
      own,
      inserts.map(([key, value]) => `${JSON.stringify(key)}: ${value}`),
      removals.map((entry) => ({ pairRange: entry.pairRange, removal: entry.removal })),
      ['port', 'host'],
    );
    if (!planned) return undefined;
    const all = [...planned, ...edits];
    // Two edits on one character would not apply.
    const sorted = [...all].sort((a, b) => a.range.start - b.range.start);
    for (let index = 1; index < sorted.length; index++) if (sorted[index]!.range.start < sorted[index - 1]!.range.end) return undefined;
    return all;
  };
  const like = ssl ?? starttls ?? auth;
  const rewrite: EndpointRewriter = {
    setTlsMode(target, options) {
      if (target === 'none' || options?.enforce) return undefined;
      if (ssl?.placeholder || starttls?.placeholder) return undefined;
      const on = target === 'implicit' ? ssl : starttls;
      const off = target === 'implicit' ? starttls : ssl;
      const inserts: [string, string][] = [];
      const changes: [Entry, string][] = [];
      if (on) {
        if (!isTrue(on)) changes.push([on, boolText(true, on)]);
      } else inserts.push([target === 'implicit' ? 'ssl' : 'starttls', boolText(true, like)]);
      if (off && isTrue(off)) changes.push([off, boolText(false, off)]);
      return write(inserts, [], changes);
    },
    setPort(value) {
      if (portEntry) return [{ range: portEntry.valueRange, newText: portEntry.stringTyped ? JSON.stringify(String(value)) : String(value) }];
      return write([['port', JSON.stringify(String(value))]], [], []);
    },
  };

  return {
    library: 'keycloak',
    format: 'keycloak-json',
    protocol: 'smtp',
    range,
    anchor,
    ...(hostSetting ? { host: hostSetting } : {}),
    ...(port ? { port } : {}),
    mode,
    modeExplicit: explicit,
    tlsFlags: flags,
    starttlsEnforced: false,
    ...(credentials ? { credentials: { range: credentials.pairRange } } : {}),
    reading: {
      note: 'Read as a Keycloak realm smtpServer (Jakarta Mail underneath): "ssl": "true" is implicit TLS, "starttls": "true" is STARTTLS when the server offers it; with neither, Keycloak never encrypts, and the mode is never chosen from the port.',
      certainty: 'certain',
    },
    rewrite,
  };
}

export function extractKeycloakJson(text: string): MailEndpoint[] {
  if (!text.includes('"smtpServer"')) return [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root) return [];
  const endpoints: MailEndpoint[] = [];
  for (const { object, key } of smtpObjects(root)) {
    try {
      const endpoint = endpointOf(text, object, key);
      if (endpoint) endpoints.push(endpoint);
    } catch {
      // a malformed block yields nothing; the others still count
    }
  }
  return endpoints.sort((a, b) => a.range.start - b.range.start);
}

export const keycloakJsonExtractor: Extractor = {
  id: 'keycloak-json',
  appliesTo(fileName: string): boolean {
    const base = fileName.replace(/^.*[\\/]/, '').toLowerCase();
    return /\.json$/.test(base) && base !== 'package-lock.json' && base !== 'package.json';
  },
  filePatterns: ['*.json'],
  extract(document: SourceDocument): MailEndpoint[] {
    try {
      return extractKeycloakJson(document.text);
    } catch {
      return [];
    }
  },
};
