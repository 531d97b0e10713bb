// Jakarta Mail / Angus Mail (formerly JavaMail) SMTP properties, and Spring Boot's `spring.mail.*`
// on top of them — shared by `.properties` files, Spring YAML and Java code.
// Sources: shared/reference/config-matrix.md §6.1, §6.2 (angus-mail SMTPTransport.java,
// spring-boot MailSenderPropertiesConfiguration):
//   - mail.transport.protocol (spring.mail.protocol) smtp|smtps; for smtps EVERY property is read
//     as mail.smtps.*, so mail.smtp.* props are then ignored;
//   - mail.<p>.ssl.enable (default true only for smtps) = implicit TLS; default port 465 if SSL else 25;
//   - mail.<p>.starttls.enable = STARTTLS when offered; .required = fail without it;
//   - both ssl.enable and starttls.enable: STARTTLS is skipped on an SSL socket (fine on 465, the
//     SSL part breaks 587);
//   - mail.<p>.ssl.trust=* trusts every certificate;
//   - nothing set: plaintext, STARTTLS never sent.
// Spring: spring.mail.host/port/username/password/protocol are passed to JavaMailSenderImpl (the port
// overrides mail.<p>.port); spring.mail.ssl.enabled=true (Boot 3.1+) sets mail.<p>.ssl.enable=true.
import type { EndpointRewriter, MailEndpoint, Setting, TextEdit, TextRange, TlsFlag, TlsIntent, TlsMode, TlsModeSetting } from '../../model';

/** One property as the format wrote it, under its normalised name. */
export interface JavaProp {
  /** The name as written (`spring.mail.properties.mail.smtp.ssl.enable`, `mail.smtp.port`). */
  readonly key: string;
  /** The value the app sees: the literal, or the fallback of `${X:fallback}`; undefined when unknown. */
  readonly value: string | undefined;
  readonly origin: 'literal' | 'fallback' | 'env';
  readonly envName?: string;
  /** The characters of the value (the fallback part for placeholders). */
  readonly valueRange: TextRange;
  /** The whole entry (`key=value`, `props.put(…)`). */
  readonly range: TextRange;
  readonly removal?: TextEdit;
}

/**
 * Normalised names: `mail.smtp.…`, `mail.smtps.…`, `mail.transport.protocol`, and the sender's own
 * fields as `sender.host`, `sender.port`, `sender.protocol`, `sender.username`, `sender.password`,
 * `sender.ssl` (spring.mail.ssl.enabled).
 */
export type JavaProps = ReadonlyMap<string, JavaProp>;

export interface JavaPropWriter {
  /** Sets (or, with null, removes) properties by normalised name; undefined when the format cannot. */
  write(changes: readonly (readonly [name: string, value: string | null])[]): TextEdit[] | undefined;
}

export interface JakartaContext {
  readonly format: string;
  readonly library: 'jakarta-mail' | 'spring';
  readonly range: TextRange;
  readonly anchor: TextRange;
  readonly writer: JavaPropWriter;
  /** Extra words for the reading note (which profile, which file). */
  readonly noteSuffix?: string;
}

const bool = (prop: JavaProp | undefined): boolean | 'unknown' | undefined => {
  if (!prop) return undefined;
  if (prop.value === undefined) return 'unknown';
  const word = prop.value.trim().toLowerCase();
  if (word === 'true') return true;
  if (word === 'false' || word === '') return false;
  // Jakarta Mail's PropUtil: anything but "true" is false.
  return false;
};

function flag(prop: JavaProp, intent: TlsIntent): TlsFlag {
  return { key: prop.key, valueText: prop.value ?? '${…}', intent, range: prop.range, ...(prop.removal ? { removal: prop.removal } : {}) };
}

function settingOf<T>(prop: JavaProp, value: T): Setting<T> {
  return { value, range: prop.valueRange, key: prop.key, origin: prop.origin === 'env' ? 'env' : prop.origin, ...(prop.envName ? { envName: prop.envName } : {}) };
}

/** One SMTP endpoint from a set of properties; undefined when there is nothing mail-like. */
export function jakartaEndpoint(props: JavaProps, context: JakartaContext): MailEndpoint | undefined {
  const protocolProp = props.get('sender.protocol') ?? props.get('mail.transport.protocol');
  const protocolWord = protocolProp?.value?.trim().toLowerCase();
  if (protocolProp && protocolWord !== undefined && protocolWord !== 'smtp' && protocolWord !== 'smtps') return undefined;
  const protocol = protocolWord === 'smtps' ? 'smtps' : 'smtp';
  const p = `mail.${protocol}.`;
  const other = protocol === 'smtps' ? 'mail.smtp.' : 'mail.smtps.';
  const get = (name: string): JavaProp | undefined => props.get(p + name);

  const hostProp = props.get('sender.host') ?? get('host');
  const portProp = props.get('sender.port') ?? get('port');
  const sslProp = get('ssl.enable');
  const springSsl = props.get('sender.ssl');
  const factoryProp = get('socketFactory.class');
  const startProp = get('starttls.enable');
  const requiredProp = get('starttls.required');
  const trustProp = get('ssl.trust');
  const tlsKeys = ['ssl.enable', 'starttls.enable', 'starttls.required', 'socketFactory.class'];
  if (!hostProp && !portProp && !tlsKeys.some((name) => props.has(p + name)) && !protocolProp) return undefined;
  if (!hostProp && !portProp) return undefined;

  const ssl = bool(sslProp);
  const spring = bool(springSsl);
  const factory = factoryProp?.value?.includes('SSLSocketFactory') ? true : undefined;
  const start = bool(startProp);
  const required = bool(requiredProp);
  const implicit = protocol === 'smtps' || ssl === true || spring === true || factory === true;

  const flags: TlsFlag[] = [];
  if (protocol === 'smtps' && protocolProp) flags.push(flag(protocolProp, 'implicit'));
  if (sslProp && ssl === true) flags.push(flag(sslProp, 'implicit'));
  if (springSsl && spring === true) flags.push(flag(springSsl, 'implicit'));
  if (factoryProp && factory) flags.push(flag(factoryProp, 'implicit'));
  if (startProp && start === true) flags.push(flag(startProp, required === true ? 'starttls-required' : 'starttls'));
  if (requiredProp && required === true && start !== true) flags.push(flag(requiredProp, 'starttls-required'));

  let mode: Setting<TlsModeSetting>;
  let explicit = true;
  const decider = [protocol === 'smtps' ? protocolProp : undefined, ssl === true ? sslProp : undefined, spring === true ? springSsl : undefined, factory ? factoryProp : undefined].find((prop) => prop !== undefined);
  const unknown = [sslProp, springSsl, startProp, requiredProp, protocolProp].find((prop) => prop !== undefined && prop.value === undefined);
  if (implicit && decider) mode = settingOf<TlsModeSetting>(decider, 'implicit');
  else if (unknown) mode = settingOf<TlsModeSetting>(unknown, 'unknown');
  else if (start === true || required === true) mode = settingOf<TlsModeSetting>((start === true ? startProp : requiredProp)!, 'starttls');
  else if (startProp) mode = settingOf<TlsModeSetting>(startProp, 'none');
  else {
    explicit = false;
    const at = portProp ?? hostProp!;
    mode = { value: 'none', range: at.valueRange, key: `${p}starttls.enable`, origin: 'default' };
  }

  let port: Setting<number> | undefined;
  if (portProp) {
    const digits = portProp.value?.trim() ?? '';
    if (/^\d{1,5}$/.test(digits) && Number(digits) >= 1 && Number(digits) <= 65535) port = settingOf(portProp, Number(digits));
  } else if (mode.value !== 'unknown' && hostProp && hostProp.origin === 'literal') {
    // defaultPort = isSSL ? 465 : 25
    port = { value: implicit ? 465 : 25, range: hostProp.valueRange, key: `${p}port`, origin: 'default' };
  }

  const host = hostProp?.value?.trim() ? settingOf(hostProp, hostProp.value.trim()) : undefined;
  const userProp = props.get('sender.username') ?? get('user');
  const passProp = props.get('sender.password') ?? get('password');
  const authProp = get('auth');
  const credentialsProp = [userProp, passProp].find((prop) => prop !== undefined && (prop.value === undefined || prop.value.trim() !== '')) ?? (bool(authProp) === true ? authProp : undefined);
  const certOff = trustProp?.value?.trim() === '*' ? { key: trustProp.key, range: trustProp.range } : undefined;

  const ignored = [...props.keys()].filter((name) => name.startsWith(other) && tlsKeys.concat(['port', 'host', 'auth', 'ssl.trust']).some((suffix) => name === other + suffix));
  const ignoredNote =
    ignored.length > 0
      ? ` With protocol ${protocol}, Jakarta Mail reads only ${p}* properties: ${ignored.map((name) => props.get(name)!.key).join(', ')} ${ignored.length === 1 ? 'has' : 'have'} no effect (rename to ${p}*).`
      : '';

  const write = (changes: [string, string | null][]): TextEdit[] | undefined => {
    const real = changes.filter(([name, value]) => value !== null || props.has(name));
    if (real.length === 0) return undefined;
    return context.writer.write(real);
  };
  const portName = props.has('sender.port') ? 'sender.port' : `${p}port`;
  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, options) {
      if (target === 'implicit') {
        if (springSsl && !sslProp) return write([['sender.ssl', 'true'], [`${p}starttls.enable`, null], [`${p}starttls.required`, null]]);
        return write([[`${p}ssl.enable`, 'true'], [`${p}starttls.enable`, null], [`${p}starttls.required`, null]]);
      }
      if (target === 'none') return undefined;
      const changes: [string, string | null][] = [];
      let q = p;
      if (protocol === 'smtps') {
        // Switching the protocol back to smtp would orphan mail.smtps.* props.
        if (!protocolProp || [...props.keys()].some((name) => name.startsWith('mail.smtps.'))) return undefined;
        changes.push([props.has('sender.protocol') ? 'sender.protocol' : 'mail.transport.protocol', 'smtp']);
        q = 'mail.smtp.';
      }
      changes.push([`${q}ssl.enable`, null], ['sender.ssl', null], [`${q}socketFactory.class`, null], [`${q}starttls.enable`, 'true']);
      if (options?.enforce || required === true) changes.push([`${q}starttls.required`, 'true']);
      return write(changes);
    },
    setPort: (value) => write([[portName, String(value)]]),
    enforceStartTls: () => (implicit ? undefined : write([[`${p}starttls.enable`, 'true'], [`${p}starttls.required`, 'true']])),
    enableCertificateVerification: () => (certOff ? write([[`${p}ssl.trust`, null]]) : undefined),
  };

  const base =
    context.library === 'spring'
      ? `Read as Spring Boot mail settings (Jakarta Mail underneath): protocol smtps or mail.${protocol}.ssl.enable / spring.mail.ssl.enabled is implicit TLS; mail.${protocol}.starttls.enable is STARTTLS when offered, .required makes it mandatory; with neither, Jakarta Mail never encrypts.`
      : `Read as Jakarta Mail properties: protocol smtps or mail.${protocol}.ssl.enable=true is implicit TLS; mail.${protocol}.starttls.enable=true is STARTTLS when offered, starttls.required=true makes it mandatory; with neither, Jakarta Mail never encrypts. The mode is never chosen from the port.`;
  return {
    library: context.library,
    format: context.format,
    protocol: 'smtp',
    range: context.range,
    anchor: context.anchor,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    mode,
    modeExplicit: explicit,
    tlsFlags: flags,
    starttlsEnforced: mode.value === 'starttls' && required === true,
    ...(credentialsProp ? { credentials: { range: credentialsProp.range } } : {}),
    ...(certOff ? { certificateVerificationOff: certOff } : {}),
    reading: { note: base + ignoredNote + (context.noteSuffix ?? ''), certainty: 'certain' },
    rewrite,
  };
}

/** `${NAME:fallback}` / `${NAME}` Spring placeholders; plain text stays literal. */
export function resolvePlaceholder(raw: string): { value: string | undefined; origin: 'literal' | 'fallback' | 'env'; envName?: string; fallbackOffset?: number } {
  const match = /^\s*\$\{([^:}]+)(?::([^}]*))?\}\s*$/.exec(raw);
  if (!match) return raw.includes('${') ? { value: undefined, origin: 'env' } : { value: raw, origin: 'literal' };
  const envName = match[1]!.trim();
  if (match[2] === undefined) return { value: undefined, origin: 'env', envName };
  return { value: match[2], origin: 'fallback', envName, fallbackOffset: raw.indexOf(':', raw.indexOf('${')) + 1 };
}

/** The normalised name of a Spring key (`spring.mail.properties.mail.smtp.x`, `spring.mail.properties[mail.smtp.x]`). */
export function springName(key: string): string | undefined {
  const lower = key.replace(/-/g, '');
  const sender: Record<string, string> = {
    'spring.mail.host': 'sender.host',
    'spring.mail.port': 'sender.port',
    'spring.mail.protocol': 'sender.protocol',
    'spring.mail.username': 'sender.username',
    'spring.mail.password': 'sender.password',
    'spring.mail.ssl.enabled': 'sender.ssl',
  };
  if (sender[lower]) return sender[lower];
  const bracket = /^spring\.mail\.properties\[(.+)\]$/.exec(key);
  if (bracket) return bracket[1]!.replace(/^["']|["']$/g, '');
  if (key.startsWith('spring.mail.properties.')) return key.slice('spring.mail.properties.'.length);
  return undefined;
}

/** The Spring spelling of a normalised name, for new lines. */
export function springKey(name: string): string {
  const sender: Record<string, string> = {
    'sender.host': 'spring.mail.host',
    'sender.port': 'spring.mail.port',
    'sender.protocol': 'spring.mail.protocol',
    'sender.username': 'spring.mail.username',
    'sender.password': 'spring.mail.password',
    'sender.ssl': 'spring.mail.ssl.enabled',
  };
  return sender[name] ?? `spring.mail.properties.${name}`;
}
