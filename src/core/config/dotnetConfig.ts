// .NET configuration files: `appsettings*.json` mail sections and `web.config`/`app.config`
// `<system.net><mailSettings><smtp><network host= port= enableSsl= …/>`.
// appsettings*.json is read conservatively: only an object under a mail-like section name
// (Smtp, SmtpSettings, Mail, MailSettings, Email, EmailSettings, MailKit, …) that has a host
// (Host/Server/SmtpServer), a Port and one TLS key:
//   - SecureSocketOptions: "SslOnConnect"|"StartTls"|"StartTlsWhenAvailable"|"Auto"|"None" is
//     MailKit's enum, read with MailKit semantics (certain);
//   - UseSsl: MailKit's Connect(host, port, bool useSsl) (inferred — the consumer is not visible);
//   - EnableSsl: System.Net.Mail.SmtpClient.EnableSsl, STARTTLS only (inferred); silent when the
//     project file next to it references MailKit, since the flag may then feed MailKit's useSsl;
//   - several TLS-like keys (UseSsl + UseStartTls, …): the app combines them itself — silent.
// web.config/app.config `<network>` is what System.Net.Mail.SmtpClient reads (certain).
// Semantics: semantics/dotnetMail.ts (shared with the C# reading in csharp.ts).
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { EndpointRewriter, Extractor, MailEndpoint, Protocol, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsModeSetting } from '../model';
import { mailKitMode, mailKitUseSsl, parseDotnetBool, parseDotnetPort, parseSecureSocketOption, systemNetMailMode, type DotnetModeResolution } from './semantics/dotnetMail';

const SECTION = /^(?:smtp|mail|email|e-mail|mailkit|mailer|smtpclient)(?:settings|options|config|configuration|server)?$/i;
const HOST_KEYS = ['host', 'server', 'smtpserver', 'smtphost', 'hostname'];
const PORT_KEYS = ['port', 'smtpport'];
const SSO_KEYS = ['securesocketoptions', 'securesocketoption', 'socketoptions'];
const USESSL_KEYS = ['usessl'];
const ENABLESSL_KEYS = ['enablessl'];
const USER_KEYS = ['username', 'user', 'login', 'smtpuser', 'smtpusername'];
const PASSWORD_KEYS = ['password', 'smtppassword', 'pass'];
const TLS_LIKE = /ssl|tls|secure|encrypt/i;

function rangeOf(node: JsonNode): TextRange {
  return { start: node.offset, end: node.offset + node.length };
}

interface JsonEntry {
  readonly key: string;
  readonly pair: JsonNode;
  readonly value: JsonNode;
}

function entries(object: JsonNode): JsonEntry[] {
  const list: JsonEntry[] = [];
  for (const child of object.children ?? []) {
    const keyNode = child.children?.[0];
    const value = child.children?.[1];
    if (child.type === 'property' && keyNode && value && typeof keyNode.value === 'string') list.push({ key: keyNode.value, pair: child, value });
  }
  return list;
}

function find(list: readonly JsonEntry[], names: readonly string[]): JsonEntry | undefined {
  // .NET configuration keys are case-insensitive; the last one wins like the JSON provider.
  return [...list].reverse().find((entry) => names.includes(entry.key.toLowerCase()));
}

function protocolForPort(port: number | undefined): Protocol {
  if (port === 993 || port === 143) return 'imap';
  if (port === 995 || port === 110) return 'pop3';
  return 'smtp';
}

function mentionsMailKit(project: string): boolean {
  return /<PackageReference\s+Include\s*=\s*"(?:MailKit|NETCore\.MailKit|MimeKit)"/i.test(project);
}

async function projectFile(document: SourceDocument): Promise<string | undefined> {
  if (!document.readNearby) return undefined;
  const folder = document.fileName.replace(/[\\/][^\\/]*$/, '');
  const name = folder.replace(/^.*[\\/]/, '');
  if (!name || name === document.fileName) return undefined;
  try {
    return (await document.readNearby(`${name}.csproj`, 0))?.text;
  } catch {
    return undefined;
  }
}

function jsonSection(text: string, section: JsonNode, anchor: JsonNode, projectUsesMailKit: boolean): MailEndpoint | undefined {
  const list = entries(section);
  const hostEntry = find(list, HOST_KEYS);
  const portEntry = find(list, PORT_KEYS);
  if (!hostEntry || !portEntry || typeof hostEntry.value.value !== 'string') return undefined;
  const portValue = parseDotnetPort(portEntry.value.value);
  if (portValue === undefined) return undefined;
  const sso = find(list, SSO_KEYS);
  const useSsl = find(list, USESSL_KEYS);
  const enableSsl = find(list, ENABLESSL_KEYS);
  const tlsLike = list.filter((entry) => TLS_LIKE.test(entry.key) && !/cert|protocol|version/i.test(entry.key));

  let reading: 'sso' | 'usessl' | 'enablessl';
  let resolution: DotnetModeResolution;
  let flagEntry: JsonEntry;
  let protocol: Protocol = 'smtp';
  if (sso) {
    const option = typeof sso.value.value === 'string' ? parseSecureSocketOption(sso.value.value) : undefined;
    if (!option) return undefined;
    protocol = protocolForPort(portValue);
    reading = 'sso';
    flagEntry = sso;
    resolution = mailKitMode(option, portValue, protocol);
  } else {
    // One TLS key and nothing else TLS-like; otherwise the app combines them in code we can't see.
    if (tlsLike.length !== 1) return undefined;
    const only = tlsLike[0]!;
    const value = parseDotnetBool(only.value.value);
    if (value === undefined) return undefined;
    if (only === useSsl) {
      protocol = protocolForPort(portValue);
      reading = 'usessl';
      resolution = mailKitUseSsl(value, portValue, protocol);
    } else if (only === enableSsl) {
      if (projectUsesMailKit || protocolForPort(portValue) !== 'smtp') return undefined;
      reading = 'enablessl';
      resolution = systemNetMailMode(value);
    } else return undefined;
    flagEntry = only;
  }

  const literal = (entry: JsonEntry, value: string | number | boolean): string => (entry.value.type === 'string' ? JSON.stringify(String(value)) : typeof value === 'string' ? JSON.stringify(value) : String(value));
  const replace = (entry: JsonEntry, value: string | number | boolean): TextEdit => ({ range: rangeOf(entry.value), newText: literal(entry, value) });
  const port: Setting<number> = { value: portValue, range: rangeOf(portEntry.value), key: portEntry.key, origin: 'literal' };
  const host: Setting<string> = { value: String(hostEntry.value.value), range: rangeOf(hostEntry.value), key: hostEntry.key, origin: 'literal' };
  const flagValueText = text.slice(flagEntry.value.offset, flagEntry.value.offset + Math.min(flagEntry.value.length, 60));
  const tlsFlags: TlsFlag[] = resolution.intent ? [{ key: flagEntry.key, valueText: flagValueText, intent: resolution.intent, range: rangeOf(flagEntry.pair) }] : [];
  const user = find(list, USER_KEYS);
  const password = find(list, PASSWORD_KEYS);
  const credentialEntry = [user, password].find((entry) => entry && !(typeof entry.value.value === 'string' && entry.value.value.trim() === '') && entry.value.type !== 'null');

  let rewrite: EndpointRewriter;
  let note: string;
  let certainty: 'certain' | 'inferred';
  if (reading === 'sso') {
    const write = (option: string): TextEdit[] => [replace(flagEntry, option)];
    rewrite = {
      setTlsMode: (target) => (target === 'implicit' ? write('SslOnConnect') : target === 'starttls' ? write('StartTls') : undefined),
      enforceStartTls: () => write('StartTls'),
      setPort: (value) => [replace(portEntry, value)],
    };
    note = `Read as MailKit's SecureSocketOptions (the value passed to Connect): Auto picks implicit TLS on 465/993/995 and STARTTLS when offered elsewhere; StartTls requires STARTTLS.`;
    certainty = 'certain';
  } else if (reading === 'usessl') {
    rewrite = {
      setTlsMode: (target, options) => (target === 'implicit' ? [replace(flagEntry, true)] : target === 'starttls' && !options?.enforce ? [replace(flagEntry, false)] : undefined),
      setPort: (value) => [replace(portEntry, value)],
    };
    note = `The code that reads this section is not visible: ${flagEntry.key} was read as MailKit's Connect(host, port, useSsl) — true is implicit TLS (SslOnConnect), false is STARTTLS when offered.`;
    certainty = 'inferred';
  } else {
    const on = parseDotnetBool(flagEntry.value.value) === true;
    rewrite = {
      setTlsMode: (target) => (target === 'starttls' && !on ? [replace(flagEntry, true)] : undefined),
      enforceStartTls: () => (on ? undefined : [replace(flagEntry, true)]),
      setPort: (value) => [replace(portEntry, value), ...(value === 587 && !on ? [replace(flagEntry, true)] : [])],
    };
    note = `The code that reads this section is not visible: ${flagEntry.key} was read as System.Net.Mail.SmtpClient.EnableSsl, which is STARTTLS only — SmtpClient has no implicit TLS, so port 465 never works with it.`;
    certainty = 'inferred';
  }
  const mode: Setting<TlsModeSetting> = { value: resolution.mode, range: rangeOf(flagEntry.value), key: flagEntry.key, origin: resolution.explicit ? 'literal' : 'default' };
  return {
    library: reading === 'enablessl' ? 'system-net-mail' : 'mailkit',
    format: 'appsettings-json',
    protocol,
    range: rangeOf(section),
    anchor: rangeOf(anchor),
    host,
    port,
    mode,
    modeExplicit: resolution.explicit,
    tlsFlags,
    starttlsEnforced: resolution.enforced,
    ...(credentialEntry ? { credentials: { range: rangeOf(credentialEntry.pair) } } : {}),
    reading: { note, certainty },
    rewrite,
  };
}

export function extractAppSettings(text: string, projectUsesMailKit = false): MailEndpoint[] {
  if (!/"(?:Port|SmtpPort)"\s*:/i.test(text)) return [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root) return [];
  const endpoints: MailEndpoint[] = [];
  const stack: JsonNode[] = [root];
  for (let guard = 0; stack.length > 0 && guard < 100_000; guard++) {
    const node = stack.pop()!;
    if (node.type === 'property') {
      const keyNode = node.children?.[0];
      const value = node.children?.[1];
      if (keyNode && value?.type === 'object' && typeof keyNode.value === 'string' && SECTION.test(keyNode.value)) {
        try {
          const endpoint = jsonSection(text, value, keyNode, projectUsesMailKit);
          if (endpoint) {
            endpoints.push(endpoint);
            continue;
          }
        } catch {
          // a malformed section yields nothing; the others still count
        }
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return endpoints.sort((a, b) => a.range.start - b.range.start);
}

// ---- web.config / app.config ----------------------------------------------------------------

interface XmlAttribute {
  readonly name: string;
  readonly value: string;
  readonly range: TextRange;
  readonly valueRange: TextRange;
}

interface XmlTag {
  readonly name: string;
  readonly range: TextRange;
  /** Where a new attribute goes: after the last attribute, before `/>` or `>`. */
  readonly insertAt: number;
  readonly attributes: readonly XmlAttribute[];
}

/** Comments, CDATA and processing instructions blanked out, offsets kept. */
function maskXml(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)/g, (match) => match.replace(/[^\n]/g, ' '));
}

function readTag(masked: string, start: number): XmlTag | undefined {
  const nameMatch = /^<([\w:.-]+)/.exec(masked.slice(start, start + 200));
  if (!nameMatch) return undefined;
  let index = start + nameMatch[0].length;
  const attributes: XmlAttribute[] = [];
  let lastEnd = index;
  const attribute = /\s*([\w:.-]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
  for (let guard = 0; guard < 200; guard++) {
    attribute.lastIndex = index;
    const match = attribute.exec(masked);
    if (!match) break;
    const value = match[2] ?? match[3] ?? '';
    const end = attribute.lastIndex;
    const nameStart = end - match[0].length + match[0].indexOf(match[1]!);
    attributes.push({ name: match[1]!, value: value.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'), range: { start: nameStart, end }, valueRange: { start: end - 1 - value.length, end: end - 1 } });
    index = end;
    lastEnd = end;
  }
  const close = /^\s*\/?>/.exec(masked.slice(index, index + 100));
  if (!close) return undefined;
  return { name: nameMatch[1]!, range: { start, end: index + close[0].length }, insertAt: lastEnd, attributes };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function extractWebConfig(text: string): MailEndpoint[] {
  if (!/mailSettings/i.test(text)) return [];
  const masked = maskXml(text);
  const endpoints: MailEndpoint[] = [];
  for (const section of masked.matchAll(/<mailSettings\b/g)) {
    const sectionEnd = masked.indexOf('</mailSettings', section.index);
    const limit = sectionEnd < 0 ? masked.length : sectionEnd;
    for (const smtpMatch of masked.slice(section.index, limit).matchAll(/<smtp\b/g)) {
      try {
        const smtpStart = section.index + smtpMatch.index;
        const smtp = readTag(masked, smtpStart);
        if (!smtp || smtp.name !== 'smtp') continue;
        const delivery = smtp.attributes.find((item) => item.name === 'deliveryMethod')?.value.trim().toLowerCase();
        if (delivery && delivery !== 'network') continue;
        const smtpEnd = masked.indexOf('</smtp', smtp.range.end);
        const inner = masked.slice(smtp.range.end, smtpEnd < 0 || smtpEnd > limit ? limit : smtpEnd);
        const networkAt = /<network\b/.exec(inner);
        if (!networkAt) continue;
        const network = readTag(masked, smtp.range.end + networkAt.index);
        if (!network) continue;
        const endpoint = webConfigEndpoint(text, smtp, network);
        if (endpoint) endpoints.push(endpoint);
      } catch {
        // keep the others
      }
    }
  }
  return endpoints;
}

function webConfigEndpoint(text: string, smtp: XmlTag, network: XmlTag): MailEndpoint | undefined {
  const attr = (name: string): XmlAttribute | undefined => network.attributes.find((item) => item.name === name);
  const hostAttr = attr('host');
  const portAttr = attr('port');
  if (!hostAttr && !portAttr) return undefined;
  const sslAttr = attr('enableSsl');
  const portValue = portAttr ? parseDotnetPort(portAttr.value) : undefined;
  const port: Setting<number> | undefined = portAttr && portValue !== undefined ? { value: portValue, range: portAttr.valueRange, key: 'port', origin: 'literal' } : undefined;
  const hostText = hostAttr?.value.trim();
  const host: Setting<string> | undefined = hostAttr && hostText ? { value: hostText, range: hostAttr.valueRange, key: 'host', origin: /^[#$%]\{|^__\w+__$|^#\{/.test(hostText) ? 'env' : 'literal' } : undefined;
  const sslValue = sslAttr ? parseDotnetBool(sslAttr.value) : undefined;
  let mode: Setting<TlsModeSetting>;
  let explicit = false;
  let enforced = false;
  const tlsFlags: TlsFlag[] = [];
  if (sslAttr && sslValue !== undefined) {
    const resolution = systemNetMailMode(sslValue);
    mode = { value: resolution.mode, range: sslAttr.valueRange, key: 'enableSsl', origin: 'literal' };
    explicit = true;
    enforced = resolution.enforced;
    if (resolution.intent) tlsFlags.push({ key: 'enableSsl', valueText: `"${sslAttr.value}"`, intent: resolution.intent, range: sslAttr.range });
  } else if (sslAttr) {
    mode = { value: 'unknown', range: sslAttr.valueRange, key: 'enableSsl', origin: 'env' };
  } else {
    // Code may still set SmtpClient.EnableSsl after reading this section; only on an implicit-TLS
    // port is the answer the same either way (no implicit TLS in System.Net.Mail).
    mode = { value: portValue === 465 ? 'none' : 'unknown', range: { start: network.range.start + 1, end: network.range.start + 8 }, key: 'enableSsl', origin: 'default' };
  }
  const user = attr('userName');
  const password = attr('password');
  const credentials = [user, password].find((item) => item && item.value.trim() !== '');
  const setSsl = (): TextEdit | undefined => {
    if (sslAttr) return sslValue === true ? undefined : { range: sslAttr.valueRange, newText: 'true' };
    return { range: { start: network.insertAt, end: network.insertAt }, newText: ' enableSsl="true"' };
  };
  const rewrite: EndpointRewriter = {
    setTlsMode: (target) => {
      if (target !== 'starttls') return undefined;
      const edit = setSsl();
      return edit ? [edit] : undefined;
    },
    enforceStartTls: () => {
      const edit = setSsl();
      return edit ? [edit] : undefined;
    },
    setPort: (value) => {
      const edits: TextEdit[] = [];
      if (portAttr) edits.push({ range: portAttr.valueRange, newText: escapeAttribute(String(value)) });
      else edits.push({ range: { start: network.insertAt, end: network.insertAt }, newText: ` port="${value}"` });
      if (value === 587 && sslValue !== true) {
        const edit = setSsl();
        // Two inserts at the same place would be ambiguous: fold them into one.
        if (edit && !portAttr && edit.range.start === network.insertAt && edit.range.end === network.insertAt) edits[0] = { range: edits[0]!.range, newText: `${edits[0]!.newText}${edit.newText}` };
        else if (edit) edits.push(edit);
      }
      return edits;
    },
  };
  return {
    library: 'system-net-mail',
    format: 'web-config',
    protocol: 'smtp',
    range: { start: smtp.range.start, end: network.range.end },
    anchor: { start: network.range.start + 1, end: network.range.start + 8 },
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    mode,
    modeExplicit: explicit,
    tlsFlags,
    starttlsEnforced: enforced,
    ...(credentials ? { credentials: { range: credentials.range } } : {}),
    reading: {
      note: 'Read as System.Net.Mail.SmtpClient settings: enableSsl means STARTTLS only; SmtpClient has no implicit TLS, so port 465 never works with it.',
      certainty: 'certain',
    },
    rewrite,
  };
}

function baseName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '');
}

const APPSETTINGS = /^appsettings(?:\.[\w-]+)*\.json$/i;
const WEBCONFIG = /^(?:web|app)(?:\.[\w-]+)?\.config$/i;

export const dotnetConfigExtractor: Extractor = {
  id: 'dotnet-config',
  appliesTo(fileName: string): boolean {
    const base = baseName(fileName);
    return APPSETTINGS.test(base) || WEBCONFIG.test(base);
  },
  filePatterns: ['appsettings*.json', 'Appsettings*.json', 'web.config', 'Web.config', 'web.*.config', 'Web.*.config', 'app.config', 'App.config', 'app.*.config', 'App.*.config'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    try {
      const base = baseName(document.fileName);
      if (WEBCONFIG.test(base)) return extractWebConfig(document.text);
      if (!/"(?:Port|SmtpPort)"\s*:/i.test(document.text)) return [];
      let usesMailKit = false;
      if (/"EnableSsl"/i.test(document.text)) {
        const project = await projectFile(document);
        usesMailKit = project !== undefined && mentionsMailKit(project);
      }
      return extractAppSettings(document.text, usesMailKit);
    } catch {
      return [];
    }
  },
};
