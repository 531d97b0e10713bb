// Home Assistant's `smtp` notify platform in YAML: `configuration.yaml`, files it includes
// (`notify: !include notify.yaml`) and package files (`packages/*.yaml`). Every mapping with
// `platform: smtp` is one endpoint, wherever it sits (`notify:` list items, `notify 2:` keys, a
// top-level list in an included file).
// Source: home-assistant/core homeassistant/components/smtp (notify.py, const.py); config-matrix.md §11.17:
//   server (default localhost), port (default 587), timeout (5 s);
//   encryption: starttls (default) | tls (implicit, smtplib.SMTP_SSL) | none;
//   starttls is mandatory: smtplib's starttls() raises when the server does not offer it;
//   verify_ssl: false switches certificate checks off;
//   username / password (`!secret name` values are present, their text is elsewhere).
// Newer Home Assistant versions set SMTP up in the UI as well; the YAML platform still works.
import type { YAMLMap } from 'yaml';
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextRange, TlsFlag, TlsModeSetting } from '../model';
import { endpointsOfYamlMaps, readYamlMap, scalarString, writeYamlMap, type YamlMapEntries, type YamlScalarEntry } from './parsers/yamlMap';

const SMTP_PLATFORM = /platform\s*:\s*["']?smtp\b/;
const HA_FILE = /(?:^|[\\/])(?:configuration|notify[^\\/]*)\.ya?ml$/i;
const PACKAGE_FILE = /(?:^|[\\/])packages[\\/](?:[^\\/]+[\\/])*[^\\/]+\.ya?ml$/i;

export const homeAssistantExtractor: Extractor = {
  id: 'home-assistant',
  appliesTo: (fileName: string) => HA_FILE.test(fileName) || PACKAGE_FILE.test(fileName),
  filePatterns: ['configuration.yaml', 'configuration.yml', 'notify*.yaml', 'notify*.yml', '*.yaml', '*.yml'],
  extract(document: SourceDocument): MailEndpoint[] {
    try {
      return extractHomeAssistant(document.text);
    } catch {
      return [];
    }
  },
};

export function extractHomeAssistant(text: string): MailEndpoint[] {
  if (!SMTP_PLATFORM.test(text)) return [];
  const isSmtpPlatform = (map: YAMLMap): boolean => {
    const platform = map.items.find((pair) => scalarString(pair.key) === 'platform');
    return scalarString(platform?.value)?.trim().toLowerCase() === 'smtp';
  };
  return endpointsOfYamlMaps(text, isSmtpPlatform, 8, (map) => endpointOf(text, map));
}

/** A value read from `!secret` / `!env_var` lives elsewhere. */
function hidden(entry: YamlScalarEntry): boolean {
  return entry.tag === '!secret' || entry.tag === '!env_var' || entry.tag === '!include';
}

function endpointOf(text: string, node: YAMLMap): MailEndpoint | undefined {
  const map: YamlMapEntries = readYamlMap(text, node);
  const get = (key: string): YamlScalarEntry | undefined => map.entries.get(key);
  const platform = get('platform');
  if (!platform) return undefined;
  const server = get('server');
  const portEntry = get('port');
  const encryption = get('encryption');
  const verify = get('verify_ssl');
  const username = get('username');
  const password = get('password');
  const range: TextRange = node.range ? { start: Math.min(node.range[0], text.length), end: Math.min(node.range[1], text.length) } : platform.range;
  const anchor = get('name')?.range ?? platform.range;

  const setting = <T>(entry: YamlScalarEntry, value: T): Setting<T> => ({ value, range: entry.valueRange, key: entry.key, origin: hidden(entry) ? 'env' : 'literal' });

  let host: Setting<string> | undefined;
  if (server && server.value.trim() !== '') host = setting(server, server.value.trim());
  else host = { value: 'localhost', range: anchor, key: 'server', origin: 'default' };

  let port: Setting<number> | undefined;
  if (portEntry) {
    if (!hidden(portEntry) && /^\d{1,5}$/.test(portEntry.value.trim())) {
      const value = Number(portEntry.value.trim());
      if (value >= 1 && value <= 65535) port = setting(portEntry, value);
    }
  } else {
    port = { value: 587, range: anchor, key: 'port', origin: 'default' };
  }

  const flags: TlsFlag[] = [];
  let mode: Setting<TlsModeSetting>;
  let explicit = true;
  if (encryption) {
    const word = encryption.value.trim().toLowerCase();
    const value: TlsModeSetting = hidden(encryption) ? 'unknown' : word === 'tls' ? 'implicit' : word === 'starttls' ? 'starttls' : word === 'none' ? 'none' : 'unknown';
    mode = setting(encryption, value);
    const removal = encryption.lineWithBreak && text.slice(encryption.line?.start ?? 0, encryption.keyRange.start).trim() === '' ? { range: encryption.lineWithBreak, newText: '' } : undefined;
    if (value === 'implicit' || value === 'starttls' || value === 'none') {
      flags.push({ key: 'encryption', valueText: encryption.value, intent: value === 'implicit' ? 'implicit' : value === 'starttls' ? 'starttls-required' : 'no-tls', range: encryption.range, ...(removal ? { removal } : {}) });
    }
  } else {
    explicit = false;
    mode = { value: 'starttls', range: portEntry?.valueRange ?? anchor, key: 'encryption', origin: 'default' };
  }

  const certOff = verify && !hidden(verify) && /^(?:false|no|off|n)$/i.test(verify.value.trim()) ? { key: 'verify_ssl: false', range: verify.range } : undefined;
  const credentials = [username, password].find((entry) => entry !== undefined && (hidden(entry) || entry.value.trim() !== ''));

  const write = (changes: [string, string | null][]) => writeYamlMap(text, map, changes);
  const rewrite: EndpointRewriter = {
    setTlsMode(target) {
      const word = target === 'implicit' ? 'tls' : target;
      if (!encryption && target === 'starttls') return undefined;
      return write([['encryption', word]]);
    },
    setPort: (value) => write([['port', String(value)]]),
    enforceStartTls: () => (mode.value === 'implicit' ? undefined : write([['encryption', 'starttls']])),
    enableCertificateVerification: () => (certOff ? write([['verify_ssl', 'true']]) : undefined),
  };

  return {
    library: 'home-assistant',
    format: 'home-assistant-yaml',
    protocol: 'smtp',
    range,
    anchor,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    mode,
    modeExplicit: explicit,
    tlsFlags: flags,
    starttlsEnforced: mode.value === 'starttls',
    ...(credentials ? { credentials: { range: credentials.range } } : {}),
    ...(certOff ? { certificateVerificationOff: certOff } : {}),
    reading: {
      note: 'Read as the Home Assistant smtp notify platform: encryption starttls (the default) upgrades with STARTTLS and fails without it, tls is implicit TLS from the first byte, none never encrypts; the port defaults to 587 and is never used to pick the mode.',
      certainty: 'certain',
    },
    rewrite,
  };
}
