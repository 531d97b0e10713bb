// Postfix as a client of a relay (`main.cf`): `relayhost = [smtp.example.com]:587` and the smtp_tls_*
// parameters. Semantics (postconf(5); config-matrix.md §11.6, §2.9):
// - `smtp_tls_wrappermode = yes` is implicit TLS (needed for 465, and then `smtp_tls_security_level =
//   encrypt` or stronger); otherwise Postfix speaks plaintext and upgrades by STARTTLS per
//   `smtp_tls_security_level`: none (the built-in default) never, may when offered, encrypt and
//   stronger (dane, dane-only, fingerprint, verify, secure) always. Legacy `smtp_enforce_tls = yes`
//   is encrypt, `smtp_use_tls = yes` is may.
// - the relay port defaults to 25 (`relayhost = [host]` or `host`); service names are ports too.
// - `smtp_sasl_auth_enable = yes` sends credentials.
// Without relayhost Postfix delivers to each domain's MX on 25: no client endpoint to judge.
// A `-o smtp_tls_wrappermode=yes` in the master.cf next door changes the reading; the finding then
// says so and is softened.
import type { EndpointRewriter, Extractor, MailEndpoint, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsMode, TlsModeSetting } from '../model';
import { boolLike, lineBool, LineEdits, parseLines, splitHostPort, type LineEntry } from './parsers/lines';

export const postfixMainCfExtractor: Extractor = {
  id: 'postfix-main-cf',
  appliesTo: (fileName) => /(?:^|[\\/])main\.cf$/i.test(fileName) || /(?:^|[\\/])postfix-main\.cf$/i.test(fileName),
  filePatterns: ['main.cf', 'postfix-main.cf'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    if (!/relayhost/i.test(document.text)) return [];
    let masterWrapper = false;
    try {
      const master = await document.readNearby?.('master.cf', 0);
      masterWrapper = master !== undefined && /smtp_tls_wrappermode\s*=\s*yes/i.test(master.text);
    } catch {
      masterWrapper = false;
    }
    return extractPostfixMainCf(document.text, { masterWrapper });
  },
};

const PORT_NAMES: Readonly<Record<string, number>> = { smtp: 25, submission: 587, smtps: 465, submissions: 465, urd: 465 };
const ENFORCING = new Set(['encrypt', 'dane', 'dane-only', 'fingerprint', 'verify', 'secure']);

export function extractPostfixMainCf(text: string, options: { masterWrapper?: boolean } = {}): MailEndpoint[] {
  if (!/relayhost/i.test(text)) return [];
  const file = parseLines(text, { separator: 'equals', comments: '#', continuation: true });
  const edits = new LineEdits(text, file.eol);
  const last = new Map<string, LineEntry>();
  for (const entry of file.entries) last.set(entry.key.toLowerCase(), entry);
  const relay = last.get('relayhost');
  if (!relay || relay.value.trim() === '' || relay.value.includes('$') || /[\s,]/.test(relay.value.trim())) return [];

  const parts = splitHostPort(relay.value.trim(), relay.innerRange.start + (relay.value.length - relay.value.trimStart().length));
  if (!parts.host) return [];
  let port: Setting<number> | undefined;
  if (parts.port) {
    const number = parts.port.value ?? PORT_NAMES[parts.port.text.toLowerCase()];
    if (number !== undefined) port = { value: number, range: parts.port.range, key: 'relayhost', origin: 'literal' };
  } else {
    const raw = relay.value.trim();
    const at = /^\[[^\]]*\]$/.test(raw) ? parts.host.range.end + 1 : parts.host.range.end;
    port = { value: 25, range: { start: at, end: at }, key: 'relayhost', origin: 'default' };
  }

  const wrapper = last.get('smtp_tls_wrappermode');
  const level = last.get('smtp_tls_security_level');
  const enforceLegacy = last.get('smtp_enforce_tls');
  const useLegacy = last.get('smtp_use_tls');
  const wrapperOn = wrapper ? lineBool(wrapper.value) === true : false;
  const levelWord = level?.value.trim().toLowerCase();
  const flags: TlsFlag[] = [];
  const flag = (entry: LineEntry, intent: TlsFlag['intent']): TlsFlag => ({ key: entry.key, valueText: entry.value.trim(), intent, range: edits.span(entry), removal: edits.removeLine(entry) });
  let value: TlsModeSetting;
  let decider: LineEntry | undefined;
  let enforced = false;
  if (wrapperOn) {
    value = 'implicit';
    decider = wrapper;
    flags.push(flag(wrapper!, 'implicit'));
  } else if (options.masterWrapper) {
    value = 'unknown';
  } else if (levelWord !== undefined && levelWord !== '') {
    if (levelWord.includes('$')) value = 'unknown';
    else if (levelWord === 'none') {
      value = 'none';
      flags.push(flag(level!, 'no-tls'));
    } else if (levelWord === 'may') {
      value = 'starttls';
      flags.push(flag(level!, 'starttls'));
    } else if (ENFORCING.has(levelWord)) {
      value = 'starttls';
      enforced = true;
      flags.push(flag(level!, 'starttls-required'));
    } else value = 'unknown';
    decider = level;
  } else if (enforceLegacy && lineBool(enforceLegacy.value) === true) {
    value = 'starttls';
    enforced = true;
    decider = enforceLegacy;
    flags.push(flag(enforceLegacy, 'starttls-required'));
  } else if (useLegacy && lineBool(useLegacy.value) === true) {
    value = 'starttls';
    decider = useLegacy;
    flags.push(flag(useLegacy, 'starttls'));
  } else value = 'none';

  const mode: Setting<TlsModeSetting> = decider
    ? { value, range: decider.innerRange, key: decider.key, origin: 'literal' }
    : { value, range: relay.innerRange, key: 'smtp_tls_security_level', origin: 'default' };
  const sasl = last.get('smtp_sasl_auth_enable');
  const credentials = sasl && lineBool(sasl.value) === true ? { range: edits.span(last.get('smtp_sasl_password_maps') ?? sasl) } : undefined;

  const setter = (): { set: (key: string, newValue: string) => void; edits: () => TextEdit[] } => {
    const replaced: TextEdit[] = [];
    const added: string[] = [];
    return {
      set(key, newValue) {
        const own = last.get(key);
        if (own) {
          if (own.value.trim() !== newValue) replaced.push(edits.setValue(own, newValue));
        } else added.push(`${key} = ${newValue}`);
      },
      edits: () => (added.length > 0 ? [...replaced, edits.insertAfter(relay, added)] : replaced),
    };
  };
  const yes = boolLike(true, wrapper?.value ?? sasl?.value, 'yes');
  const no = boolLike(false, wrapper?.value ?? sasl?.value, 'yes');
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, opts) {
      if (target === 'none') return undefined;
      const writer = setter();
      if (target === 'implicit') {
        writer.set('smtp_tls_wrappermode', yes);
        // Postfix: wrappermode "requires smtp_tls_security_level = encrypt (or stronger)".
        if (!levelWord || !ENFORCING.has(levelWord)) writer.set('smtp_tls_security_level', 'encrypt');
        return writer.edits();
      }
      if (wrapper && wrapperOn) writer.set('smtp_tls_wrappermode', no);
      if (opts?.enforce || credentials) {
        if (!levelWord || !ENFORCING.has(levelWord)) writer.set('smtp_tls_security_level', 'encrypt');
      } else if (!levelWord || levelWord === 'none') writer.set('smtp_tls_security_level', 'may');
      return writer.edits();
    },
    setPort(number) {
      if (parts.port) return [{ range: parts.port.range, newText: String(number) }];
      // A port after an unbracketed name would still look up MX records; the relay is meant literally.
      if (!/^\[[^\]]*\]$/.test(relay.value.trim())) return [{ range: parts.host!.range, newText: `[${parts.host!.value}]:${number}` }];
      return [{ range: { start: port!.range.start, end: port!.range.start }, newText: `:${number}` }];
    },
    enforceStartTls() {
      const writer = setter();
      writer.set('smtp_tls_security_level', 'encrypt');
      return writer.edits();
    },
  };

  const lines = [relay, wrapper, level, sasl].filter((entry): entry is LineEntry => entry !== undefined);
  const range: TextRange = { start: Math.min(...lines.map((entry) => entry.lineRange.start)), end: Math.max(...lines.map((entry) => entry.lineRange.end)) };
  const note = options.masterWrapper
    ? '(Postfix: master.cf next to this file sets smtp_tls_wrappermode=yes for some transport, so the TLS mode of the relay depends on which transport delivers to it.)'
    : '(Postfix: smtp_tls_wrappermode = yes is implicit TLS, needed for port 465 together with smtp_tls_security_level = encrypt; otherwise smtp_tls_security_level decides STARTTLS — none (the default) never, may when offered, encrypt always.)';
  return [
    {
      library: 'postfix',
      format: 'postfix-main-cf',
      protocol: 'smtp',
      range,
      anchor: relay.keyRange,
      host: { value: parts.host.value, range: parts.host.range, key: 'relayhost', origin: 'literal' },
      ...(port ? { port } : {}),
      mode,
      modeExplicit: decider !== undefined,
      tlsFlags: flags,
      starttlsEnforced: enforced && value === 'starttls',
      ...(credentials ? { credentials } : {}),
      reading: { note, certainty: options.masterWrapper ? 'inferred' : 'certain' },
      rewrite,
    },
  ];
}
