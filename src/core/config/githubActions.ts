// GitHub Actions workflows (`.github/workflows/*.yml`): steps that send mail with
// `uses: dawidd6/action-send-mail@<ref>`. The action hands its inputs to nodemailer; what the inputs
// mean comes from the action's main.js (read in several releases):
//   - `secure` set: implicit TLS only when it is exactly the string "true" (`secure === "true"`),
//     so `secure: false` keeps nodemailer's STARTTLS-when-offered on any port;
//   - `secure` unset: implicit TLS exactly when `server_port` is "465";
//   - `connection_url` replaces the other inputs: `smtp://` means secure=false and port 25,
//     `smtp+starttls://` means secure=TRUE (implicit TLS, despite its name) and port 465; a port in
//     the URL wins;
//   - `ignore_cert: true` sets tls.rejectUnauthorized=false;
//   - `${{ secrets.X }}` / `${{ env.X }}` values are not visible here.
// The earliest releases had no `secure` input at all (`secure: serverPort == "465"`) and switched
// certificate checks off for any non-empty `ignore_cert`; for @v1 and @v2 refs the `secure` input is
// therefore not trusted (mode unknown when it is set) and the note says so.
import { isMap, type YAMLMap } from 'yaml';
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsModeSetting } from '../model';
import { endpointsOfYamlMaps, readYamlMap, scalarString, writeYamlMap, yamlScalar, type YamlMapEntries, type YamlScalarEntry } from './parsers/yamlMap';

const WORKFLOW_FILE = /(?:^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i;
const ACTION = /^dawidd6\/action-send-mail(?:@(.*))?$/i;

export const githubActionsExtractor: Extractor = {
  id: 'github-actions',
  appliesTo: (fileName: string) => WORKFLOW_FILE.test(fileName),
  filePatterns: ['*.yml', '*.yaml'],
  extract(document: SourceDocument): MailEndpoint[] {
    try {
      return extractGithubActions(document.text);
    } catch {
      return [];
    }
  },
};

export function extractGithubActions(text: string): MailEndpoint[] {
  if (!/action-send-mail/i.test(text)) return [];
  const isMailStep = (map: YAMLMap): boolean => {
    const uses = map.items.find((pair) => scalarString(pair.key) === 'uses');
    return uses !== undefined && ACTION.test(scalarString(uses.value)?.trim() ?? '');
  };
  return endpointsOfYamlMaps(text, isMailStep, 10, (step) => stepEndpoint(text, step));
}

/** `${{ … }}` expressions are evaluated by the runner: the value is not in the file. */
const EXPRESSION = /\$\{\{/;

interface Version {
  readonly ref: string;
  readonly major?: number;
}

function versionOf(uses: string): Version {
  const ref = ACTION.exec(uses.trim())?.[1] ?? '';
  const major = /^v(\d+)/i.exec(ref);
  return { ref, ...(major ? { major: Number(major[1]) } : {}) };
}

interface Url {
  readonly scheme: 'smtp' | 'smtp+starttls';
  readonly schemeRange: TextRange;
  readonly host?: { value: string; range: TextRange };
  readonly port?: { value: number; range: TextRange };
  readonly credentials: boolean;
}

function parseUrl(entry: YamlScalarEntry): Url | undefined {
  const raw = entry.value;
  const match = /^(smtp\+starttls|smtp):\/\/(?:([^@/]*)@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d{1,5}))?/i.exec(raw);
  if (!match) return undefined;
  // Offsets are exact only when the scalar's characters are its value.
  const base = entry.innerRange.start;
  const source = entry.innerRange.end - entry.innerRange.start === raw.length;
  if (!source) return undefined;
  // A secret in the user part is fine; one in the host or port hides where the step connects.
  if (EXPRESSION.test(match[3] ?? '') || raw[match[0].length] === ':' || /^\d/.test(raw[match[0].length] ?? '') || (match[3] ?? '') === '') return undefined;
  const scheme = match[1]!.toLowerCase() as Url['scheme'];
  const hostStart = base + match[0].indexOf('//') + 2 + (match[2] !== undefined ? match[2].length + 1 : 0);
  const host = match[3] ? { value: match[3], range: { start: hostStart, end: hostStart + match[3].length } } : undefined;
  const portValue = match[4] ? Number(match[4]) : undefined;
  const portStart = hostStart + (match[3]?.length ?? 0) + 1;
  const port = portValue !== undefined && portValue >= 1 && portValue <= 65535 ? { value: portValue, range: { start: portStart, end: portStart + match[4]!.length } } : undefined;
  return { scheme, schemeRange: { start: base, end: base + match[1]!.length }, ...(host ? { host } : {}), ...(port ? { port } : {}), credentials: Boolean(match[2]) };
}

function stepEndpoint(text: string, step: YAMLMap): MailEndpoint | undefined {
  const stepMap = readYamlMap(text, step);
  const uses = stepMap.entries.get('uses');
  const withNode = stepMap.nested.get('with');
  if (!uses || !isMap(withNode)) return undefined;
  const inputs: YamlMapEntries = readYamlMap(text, withNode as YAMLMap);
  const get = (key: string): YamlScalarEntry | undefined => inputs.entries.get(key);
  const version = versionOf(uses.value);
  const legacy = version.major !== undefined && version.major <= 2;
  const pinned = version.major !== undefined || /^(?:main|master)$/i.test(version.ref);
  const range: TextRange = step.range ? { start: Math.min(step.range[0], text.length), end: Math.min(step.range[1], text.length) } : uses.range;
  const anchor = uses.range;
  const hidden = (entry: YamlScalarEntry): boolean => EXPRESSION.test(entry.value);
  const setting = <T>(entry: YamlScalarEntry, value: T): Setting<T> => ({ value, range: entry.valueRange, key: entry.key, origin: hidden(entry) ? 'env' : 'literal' });
  const write = (changes: [string, string | null][]): TextEdit[] | undefined => writeYamlMap(text, inputs, changes);

  const urlEntry = get('connection_url');
  const versionWords = legacy
    ? `This step pins ${version.ref}: the earliest releases had no \`secure\` input (implicit TLS exactly on port 465), so the file does not say what \`secure\` does there.`
    : pinned
      ? `Read for ${version.ref}: \`secure\` is implicit TLS only when it is exactly "true"; unset, only port 465 gets implicit TLS.`
      : `Read with the action's current main.js (the ref ${version.ref || '(none)'} names no major version): \`secure\` is implicit TLS only when it is exactly "true"; unset, only port 465 gets implicit TLS.`;
  const certainty: 'certain' | 'inferred' = pinned && !legacy ? 'certain' : 'inferred';

  const ignore = get('ignore_cert');
  // Every release read `ignore_cert` as on for "true"; the earliest took any non-empty value, which
  // is left unflagged here (`ignore_cert: false` reads as "on" to a person, too).
  const certOffValue = ignore !== undefined && !hidden(ignore) && ignore.value.trim() === 'true';
  const certOff = certOffValue && ignore ? { key: `ignore_cert: ${ignore.value.trim()}`, range: ignore.range } : undefined;
  const enableCert = (): TextEdit[] | undefined => (certOff ? write([['ignore_cert', null]]) ?? write([['ignore_cert', yamlScalar('false', false)]]) : undefined);

  if (urlEntry && urlEntry.value.trim() !== '') {
    // The URL replaces server_address, server_port, secure, username and password.
    const url = parseUrl(urlEntry);
    const implicit = url?.scheme === 'smtp+starttls';
    const mode: Setting<TlsModeSetting> = url
      ? { value: implicit ? 'implicit' : 'starttls', range: url.schemeRange, key: 'connection_url', origin: 'url' }
      : { value: 'unknown', range: urlEntry.valueRange, key: 'connection_url', origin: hidden(urlEntry) ? 'env' : 'literal' };
    const port: Setting<number> | undefined = url
      ? url.port
        ? { value: url.port.value, range: url.port.range, key: 'connection_url', origin: 'url' }
        : { value: implicit ? 465 : 25, range: url.schemeRange, key: 'connection_url', origin: 'default' }
      : undefined;
    const flags: TlsFlag[] = url && implicit ? [{ key: 'connection_url', valueText: 'smtp+starttls://', intent: 'implicit', range: urlEntry.range }] : [];
    const rewrite: EndpointRewriter = {
      setTlsMode(target, options) {
        if (!url || !url.port || target === 'none' || options?.enforce) return undefined;
        const scheme = target === 'implicit' ? 'smtp+starttls' : 'smtp';
        return scheme === url.scheme ? undefined : [{ range: url.schemeRange, newText: scheme }];
      },
      setPort: (value) => (url?.port ? [{ range: url.port.range, newText: String(value) }] : undefined),
      enableCertificateVerification: enableCert,
    };
    return {
      library: 'action-send-mail',
      format: 'github-actions',
      protocol: 'smtp',
      range,
      anchor,
      ...(url?.host ? { host: { value: url.host.value, range: url.host.range, key: 'connection_url', origin: 'url' as const } } : {}),
      ...(port ? { port } : {}),
      mode,
      modeExplicit: true,
      tlsFlags: flags,
      starttlsEnforced: false,
      ...(url?.credentials || get('username') || get('password') ? { credentials: { range: urlEntry.range } } : {}),
      ...(certOff ? { certificateVerificationOff: certOff } : {}),
      reading: {
        note: `Read as dawidd6/action-send-mail: in connection_url, smtp:// is STARTTLS when offered (default port 25) and smtp+starttls:// is implicit TLS from the first byte (default port 465), whatever its name says.`,
        certainty: 'certain',
      },
      rewrite,
    };
  }

  const server = get('server_address');
  const portEntry = get('server_port');
  const secure = get('secure');
  if (!server && !portEntry) return undefined;
  const host = server && server.value.trim() !== '' ? setting(server, server.value.trim()) : undefined;
  let port: Setting<number> | undefined;
  if (portEntry && !hidden(portEntry) && /^\d{1,5}$/.test(portEntry.value.trim())) {
    const value = Number(portEntry.value.trim());
    if (value >= 1 && value <= 65535) port = setting(portEntry, value);
  }
  const portUnknown = !portEntry || hidden(portEntry) || !port;

  const flags: TlsFlag[] = [];
  let mode: Setting<TlsModeSetting>;
  let explicit = true;
  const removal = secure?.lineWithBreak && text.slice(secure.line?.start ?? 0, secure.keyRange.start).trim() === '' ? { range: secure.lineWithBreak, newText: '' } : undefined;
  if (secure && (legacy || hidden(secure))) {
    mode = setting<TlsModeSetting>(secure, 'unknown');
  } else if (secure && secure.value.trim() !== '') {
    const word = secure.value.trim();
    // `secure === "true"`: anything else, `True` included, leaves STARTTLS when offered.
    const value: TlsModeSetting = word === 'true' ? 'implicit' : /^true$/i.test(word) ? 'unknown' : 'starttls';
    mode = setting(secure, value);
    if (value !== 'unknown') flags.push({ key: 'secure', valueText: word, intent: value === 'implicit' ? 'implicit' : 'starttls', range: secure.range, ...(removal ? { removal } : {}) });
  } else if (portUnknown) {
    explicit = false;
    mode = { value: 'auto', range: portEntry?.valueRange ?? anchor, key: 'secure', origin: 'default' };
  } else {
    explicit = false;
    mode = { value: port!.value === 465 ? 'implicit' : 'starttls', range: port!.range, key: 'secure', origin: 'default' };
  }

  const username = get('username');
  const password = get('password');
  const credentials = [username, password].find((entry) => entry !== undefined && entry.value.trim() !== '');

  const rewrite: EndpointRewriter = {
    setTlsMode(target, options) {
      if (target === 'none' || options?.enforce || legacy) return undefined;
      return write([['secure', target === 'implicit' ? 'true' : 'false']]);
    },
    setPort: (value) => (portEntry ? write([['server_port', String(value)]]) : undefined),
    enableCertificateVerification: enableCert,
  };

  return {
    library: 'action-send-mail',
    format: 'github-actions',
    protocol: 'smtp',
    range,
    anchor,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    mode,
    modeExplicit: explicit,
    tlsFlags: flags,
    starttlsEnforced: false,
    ...(credentials ? { credentials: { range: credentials.range } } : {}),
    ...(certOff ? { certificateVerificationOff: certOff } : {}),
    reading: { note: versionWords, certainty },
    rewrite,
  };
}
