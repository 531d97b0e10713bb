// What nodemailer, ImapFlow and node-imap do with their options, over abstract option values, so
// every syntax that feeds them (JS object literals, Ghost's JSON, connection URLs) is judged alike.
// Sources: nodemailer lib/smtp-connection (secure/port defaults), lib/smtp-transport (merge order),
// lib/shared parseConnectionUrl, lib/well-known; imapflow lib/imap-flow.js; node-imap lib/Connection.js.
import type { EndpointRewriter, MailEndpoint, Setting, TextEdit, TextRange, TlsFlag, TlsIntent, TlsModeSetting, ValueOrigin } from '../../model';
import type { MailUrl } from '../mailUrl';

/** An option value as far as a static reading can tell. */
export type AbstractValue =
  | { readonly kind: 'literal'; readonly value: boolean | number | string | null | undefined }
  /** An environment read (`process.env.X`, `config.get('X')`): a string or undefined at run time. */
  | {
      readonly kind: 'env';
      readonly envName: string;
      readonly fallback?: { readonly value: boolean | number | string | null; readonly range: TextRange };
      /** Converted before use (`Number(process.env.X)`): no longer a string, so not truthy by accident. */
      readonly parsed?: true;
    }
  /** An expression we can see but not evaluate: `port === 465`, `cfg.secure`, a call. */
  | { readonly kind: 'computed' };

export interface OptionEntry {
  /** The key as written. */
  readonly key: string;
  readonly value: AbstractValue;
  /** The value as written, for messages. */
  readonly valueText: string;
  /** The whole `key: value` entry. */
  readonly pairRange: TextRange;
  /** The characters that carry the value: the literal, or the fallback literal of an env read. */
  readonly valueRange: TextRange;
  /** The whole value expression (`process.env.X || 587`). */
  readonly expressionRange: TextRange;
  /** The env read inside the value (`process.env.X`), for `=== 'true'` fixes. */
  readonly envRange?: TextRange;
  readonly removal?: TextEdit;
}

/** Options as written, before the library applies URL data and presets. */
export interface WrittenOptions {
  readonly host?: OptionEntry;
  readonly port?: OptionEntry;
  readonly secure?: OptionEntry;
  readonly requireTLS?: OptionEntry;
  readonly ignoreTLS?: OptionEntry;
  readonly opportunisticTLS?: OptionEntry;
  readonly service?: OptionEntry;
  /** `tls.rejectUnauthorized` (nodemailer, imapflow) or `tlsOptions.rejectUnauthorized` (node-imap). */
  readonly rejectUnauthorized?: OptionEntry;
  readonly auth?: { readonly range: TextRange };
  /** imapflow */
  readonly doSTARTTLS?: OptionEntry;
  /** node-imap */
  readonly tls?: OptionEntry;
  readonly autotls?: OptionEntry;
  readonly ssl?: OptionEntry;
}

/** Where the URL came from, when nodemailer is given one. */
export interface UrlSource {
  readonly url: MailUrl;
  /** `literal` for a URL written in the file, `fallback` for `process.env.X || 'smtp://…'`. */
  readonly origin: 'url' | 'fallback';
  readonly key: string;
  readonly envName?: string;
}

export type ResolvedEndpoint = Pick<
  MailEndpoint,
  'host' | 'port' | 'mode' | 'modeExplicit' | 'tlsFlags' | 'starttlsEnforced' | 'credentials' | 'certificateVerificationOff' | 'reading'
> & {
  /** Who decides `secure`, so a rewriter knows where an edit has effect. */
  readonly secureSource: 'option' | 'url' | 'preset' | 'none';
  readonly portSource: 'option' | 'url' | 'preset' | 'none';
  readonly preset?: WellKnownService;
};

// ---------------------------------------------------------------------------------------------
// Well-known services (nodemailer lib/well-known/services.json, current master as read for this
// project). Only the keys that change the connection are kept. A preset without `secure` leaves
// the user's `secure` alone, which is how `{ service: 'SendGrid', secure: true }` ends up
// speaking TLS to 587.

export interface WellKnownService {
  readonly name: string;
  readonly host?: string;
  readonly port?: number;
  readonly secure?: boolean;
  readonly requireTLS?: boolean;
  readonly ignoreTLS?: boolean;
}

type ServiceRow = readonly [name: string, host: string | undefined, port: number | undefined, extra?: { secure?: boolean; requireTLS?: boolean; ignoreTLS?: boolean; aliases?: readonly string[]; domains?: readonly string[] }];

const S = { secure: true } as const;
const SERVICE_ROWS: readonly ServiceRow[] = [
  ['1und1', 'smtp.1und1.de', 465, S],
  ['126', 'smtp.126.com', 465, S],
  ['163', 'smtp.163.com', 465, S],
  ['Aliyun', 'smtp.aliyun.com', 465, { secure: true, domains: ['aliyun.com'] }],
  ['AliyunQiye', 'smtp.qiye.aliyun.com', 465, S],
  ['AOL', 'smtp.aol.com', 587, { domains: ['aol.com'] }],
  ['Aruba', 'smtps.aruba.it', 465, { secure: true, aliases: ['Aruba PEC'], domains: ['aruba.it', 'pec.aruba.it'] }],
  ['Bluewin', 'smtpauths.bluewin.ch', 465, { domains: ['bluewin.ch'] }],
  ['BOL', 'smtp.bol.com.br', 587, { requireTLS: true, domains: ['bol.com.br'] }],
  ['DebugMail', 'debugmail.io', 25],
  // Sic: the preset pairs 587 with secure: true, so nodemailer itself fails against it.
  ['Disroot', 'smtp.disroot.org', 587, { secure: true, domains: ['disroot.org'] }],
  ['DynectEmail', 'smtp.dynect.net', 25, { aliases: ['Dynect'] }],
  ['ElasticEmail', 'smtp.elasticemail.com', 465, { secure: true, aliases: ['Elastic Email'] }],
  ['Ethereal', 'smtp.ethereal.email', 587, { aliases: ['ethereal.email'] }],
  ['FastMail', 'smtp.fastmail.com', 465, { secure: true, domains: ['fastmail.fm'] }],
  ['Feishu Mail', 'smtp.feishu.cn', 465, { secure: true, aliases: ['Feishu', 'FeishuMail'], domains: ['www.feishu.cn'] }],
  ['Forward Email', 'smtp.forwardemail.net', 465, { secure: true, aliases: ['FE', 'ForwardEmail'], domains: ['forwardemail.net'] }],
  ['GandiMail', 'mail.gandi.net', 587, { aliases: ['Gandi', 'Gandi Mail'] }],
  ['Gmail', 'smtp.gmail.com', 465, { secure: true, aliases: ['Google Mail'], domains: ['gmail.com', 'googlemail.com'] }],
  ['GMX', 'mail.gmx.com', 587, { domains: ['gmx.com', 'gmx.net', 'gmx.de'] }],
  ['Godaddy', 'smtpout.secureserver.net', 25],
  ['GodaddyAsia', 'smtp.asia.secureserver.net', 25],
  ['GodaddyEurope', 'smtp.europe.secureserver.net', 25],
  ['hot.ee', 'mail.hot.ee', undefined],
  ['Hotmail', 'smtp-mail.outlook.com', 587, { aliases: ['Outlook', 'Outlook.com', 'Hotmail.com'], domains: ['hotmail.com', 'outlook.com'] }],
  ['iCloud', 'smtp.mail.me.com', 587, { aliases: ['Me', 'Mac'], domains: ['me.com', 'mac.com'] }],
  ['Infomaniak', 'mail.infomaniak.com', 587, { domains: ['ik.me', 'ikmail.com', 'etik.com'] }],
  ['KolabNow', 'smtp.kolabnow.com', 465, { secure: true, aliases: ['Kolab'], domains: ['kolabnow.com'] }],
  ['Loopia', 'mailcluster.loopia.se', 465],
  ['Loops', 'smtp.loops.so', 587],
  ['mail.ee', 'smtp.mail.ee', undefined],
  ['Mail.ru', 'smtp.mail.ru', 465, S],
  ['Mailcatch.app', 'sandbox-smtp.mailcatch.app', 2525],
  ['Maildev', undefined, 1025, { ignoreTLS: true }],
  ['MailerSend', 'smtp.mailersend.net', 587],
  ['Mailgun', 'smtp.mailgun.org', 465, S],
  ['Mailjet', 'in.mailjet.com', 587],
  ['Mailosaur', 'mailosaur.io', 25],
  ['Mailtrap', 'live.smtp.mailtrap.io', 587],
  ['Mandrill', 'smtp.mandrillapp.com', 587],
  ['Naver', 'smtp.naver.com', 587],
  ['OhMySMTP', 'smtp.ohmysmtp.com', 587, { secure: false }],
  ['One', 'send.one.com', 465, S],
  ['OpenMailBox', 'smtp.openmailbox.org', 465, { secure: true, aliases: ['OMB', 'openmailbox.org'] }],
  ['Outlook365', 'smtp.office365.com', 587, { secure: false }],
  ['Postmark', 'smtp.postmarkapp.com', 2525, { aliases: ['PostmarkApp'] }],
  ['Proton', 'smtp.protonmail.ch', 587, { requireTLS: true, aliases: ['ProtonMail', 'Proton.me', 'Protonmail.com', 'Protonmail.ch'], domains: ['proton.me', 'protonmail.com', 'pm.me', 'protonmail.ch'] }],
  // The JSON has the port as the string "465"; nodemailer's Number() makes it 465.
  ['qiye.aliyun', 'smtp.mxhichina.com', 465, S],
  ['QQ', 'smtp.qq.com', 465, { secure: true, domains: ['qq.com'] }],
  ['QQex', 'smtp.exmail.qq.com', 465, { secure: true, aliases: ['QQ Enterprise'], domains: ['exmail.qq.com'] }],
  ['Resend', 'smtp.resend.com', 465, S],
  ['Runbox', 'smtp.runbox.com', 465, { secure: true, domains: ['runbox.com'] }],
  ['SendCloud', 'smtp.sendcloud.net', 2525],
  ['SendGrid', 'smtp.sendgrid.net', 587],
  ['SendinBlue', 'smtp-relay.brevo.com', 587, { aliases: ['Brevo'] }],
  ['SendPulse', 'smtp-pulse.com', 465, S],
  ['SES', 'email-smtp.us-east-1.amazonaws.com', 465, S],
  ...[
    'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1',
    'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2',
    'us-gov-east-1', 'us-gov-west-1', 'us-west-1', 'us-west-2',
  ].map((region): ServiceRow => [`SES-${region.toUpperCase()}`, `email-smtp.${region}.amazonaws.com`, 465, S]),
  ['Seznam', 'smtp.seznam.cz', 465, { secure: true, aliases: ['Seznam Email'], domains: ['seznam.cz', 'email.cz', 'post.cz', 'spoluzaci.cz'] }],
  ['SMTP2GO', 'mail.smtp2go.com', 2525],
  ['Sparkpost', 'smtp.sparkpostmail.com', 587, { secure: false, aliases: ['SparkPost', 'SparkPost Mail'], domains: ['sparkpost.com'] }],
  ['Tipimail', 'smtp.tipimail.com', 587],
  ['Tutanota', 'smtp.tutanota.com', 465, { secure: true, domains: ['tutanota.com', 'tuta.com', 'tutanota.de', 'tuta.io'] }],
  ['Yahoo', 'smtp.mail.yahoo.com', 465, { secure: true, domains: ['yahoo.com'] }],
  ['Yandex', 'smtp.yandex.ru', 465, { secure: true, domains: ['yandex.ru'] }],
  ['Zimbra', 'smtp.zimbra.com', 587, { requireTLS: true, aliases: ['Zimbra Collaboration'] }],
  ['Zoho', 'smtp.zoho.com', 465, S],
];

/** nodemailer's own key normalisation: drop everything but letters, digits, dots and dashes; lower-case. */
function normaliseServiceKey(key: string): string {
  return key.replace(/[^a-zA-Z0-9.-]/g, '').toLowerCase();
}

const SERVICES: ReadonlyMap<string, WellKnownService> = (() => {
  const map = new Map<string, WellKnownService>();
  for (const [name, host, port, extra] of SERVICE_ROWS) {
    const service: WellKnownService = {
      name,
      ...(host !== undefined ? { host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(extra?.secure !== undefined ? { secure: extra.secure } : {}),
      ...(extra?.requireTLS !== undefined ? { requireTLS: extra.requireTLS } : {}),
      ...(extra?.ignoreTLS !== undefined ? { ignoreTLS: extra.ignoreTLS } : {}),
    };
    for (const key of [name, ...(extra?.aliases ?? []), ...(extra?.domains ?? [])]) map.set(normaliseServiceKey(key), service);
  }
  return map;
})();

/** Looks a `service` value up as nodemailer does: name, alias, domain, or an e-mail address's domain. */
export function wellKnownService(key: string): WellKnownService | undefined {
  return SERVICES.get(normaliseServiceKey(key.split('@').pop() ?? key));
}

// ---------------------------------------------------------------------------------------------
// Value helpers

/** JavaScript truthiness of a value we know; undefined for "not given"; 'unknown' when not visible. */
export function truthiness(value: AbstractValue): boolean | undefined | 'unknown' {
  if (value.kind !== 'literal') return 'unknown';
  const literal = value.value;
  if (literal === undefined) return undefined;
  return Boolean(literal);
}

/** `Number(options.port)` as nodemailer computes it; NaN and 0 mean "use the default". */
function numericLiteral(value: boolean | number | string | null | undefined): number | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') return undefined;
  const number = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(number) && number !== 0 ? number : undefined;
}

function isTruthyLiteral(entry: OptionEntry | undefined): boolean {
  return entry !== undefined && truthiness(entry.value) === true;
}

function originOf(entry: OptionEntry): ValueOrigin {
  const value = entry.value;
  if (value.kind === 'literal') return 'literal';
  if (value.kind === 'env') return value.fallback ? 'fallback' : 'env';
  return 'computed';
}

function envNameOf(entry: OptionEntry): string | undefined {
  return entry.value.kind === 'env' ? entry.value.envName : undefined;
}

function setting<T>(value: T, range: TextRange, key: string, origin: ValueOrigin, envName?: string): Setting<T> {
  return envName === undefined ? { value, range, key, origin } : { value, range, key, origin, envName };
}

function flag(entry: OptionEntry, intent: TlsIntent): TlsFlag {
  const base = { key: entry.key, valueText: entry.valueText, intent, range: entry.pairRange };
  const withRemoval = entry.removal ? { ...base, removal: entry.removal } : base;
  if (entry.value.kind === 'env' && entry.envRange && !entry.value.parsed) {
    return { ...withRemoval, unparsedEnvString: { envName: entry.value.envName, valueRange: entry.envRange } };
  }
  return withRemoval;
}

/**
 * A boolean option's flag, or none when it asks for nothing. An environment string handed to a
 * boolean option is reported with the intent it has when the variable is set: any non-empty
 * string, `"false"` included, is truthy.
 */
function booleanFlag(entry: OptionEntry | undefined, whenTrue: TlsIntent, whenFalse?: TlsIntent): TlsFlag | undefined {
  if (!entry) return undefined;
  if (entry.value.kind === 'env') {
    if (!entry.value.parsed) return flag(entry, whenTrue);
    // Parsed before use (`Number(process.env.X)`): unknown, or what the fallback gives when unset.
    if (!entry.value.fallback) return undefined;
    const fallback = Boolean(entry.value.fallback.value);
    return fallback ? flag(entry, whenTrue) : whenFalse ? flag(entry, whenFalse) : undefined;
  }
  const truth = truthiness(entry.value);
  if (truth === true) return flag(entry, whenTrue);
  if (truth === false && whenFalse) return flag(entry, whenFalse);
  return undefined;
}

function portOf(entry: OptionEntry): { value: number; range: TextRange; origin: ValueOrigin; envName?: string } | 'unknown' | undefined {
  const value = entry.value;
  if (value.kind === 'literal') {
    const number = numericLiteral(value.value);
    return number === undefined ? undefined : { value: number, range: entry.valueRange, origin: 'literal' };
  }
  if (value.kind === 'env' && value.fallback) {
    const number = numericLiteral(value.fallback.value);
    // `process.env.SMTP_PORT || 587`: what runs when the variable is unset.
    return number === undefined ? 'unknown' : { value: number, range: value.fallback.range, origin: 'fallback', envName: value.envName };
  }
  return 'unknown';
}

function hostOf(entry: OptionEntry): Setting<string> | undefined {
  const value = entry.value;
  if (value.kind === 'literal' && typeof value.value === 'string' && value.value !== '') return setting(value.value, entry.valueRange, entry.key, 'literal');
  if (value.kind === 'env' && value.fallback && typeof value.fallback.value === 'string') {
    return setting(value.fallback.value, value.fallback.range, entry.key, 'fallback', value.envName);
  }
  return undefined;
}

function credentialsOf(options: WrittenOptions, url?: MailUrl): { range: TextRange } | undefined {
  if (options.auth) return { range: options.auth.range };
  if (url?.user) return { range: { start: url.user.range.start, end: url.passwordRange?.end ?? url.user.range.end } };
  return undefined;
}

function certificateOff(entry: OptionEntry | undefined): MailEndpoint['certificateVerificationOff'] {
  // Node's TLS socket rejects a bad certificate only when rejectUnauthorized is truthy, so any falsy
  // literal switches the check off; a string from the environment ("false") does not.
  if (!entry || entry.value.kind !== 'literal' || entry.value.value === undefined || entry.value.value) return undefined;
  return { key: entry.key, range: entry.pairRange };
}

// ---------------------------------------------------------------------------------------------
// URL data (parseConnectionUrl)

interface UrlOptions {
  readonly secure?: { value: boolean; range: TextRange; key: string; pairRange: TextRange };
  readonly port?: { value: number; range: TextRange };
  readonly host?: { value: string; range: TextRange };
  readonly requireTLS?: OptionEntry;
  readonly ignoreTLS?: OptionEntry;
  readonly opportunisticTLS?: OptionEntry;
  readonly rejectUnauthorized?: OptionEntry;
  readonly service?: { value: string; range: TextRange };
}

function queryValue(raw: string): boolean | number | string {
  // parseConnectionUrl: numeric strings become numbers, then 'true'/'false' become booleans.
  if (raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  if (raw === '') return 0; // !isNaN('') is true and Number('') is 0
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw;
}

export function urlOptions(url: MailUrl): UrlOptions {
  const result: { -readonly [K in keyof UrlOptions]: UrlOptions[K] } = {};
  const scheme = url.scheme.text;
  if (scheme === 'smtp' || scheme === 'smtps') {
    result.secure = { value: scheme === 'smtps', range: url.scheme.range, key: `${scheme}://`, pairRange: url.scheme.range };
  }
  if (url.port && url.port.value !== 0) result.port = { value: url.port.value, range: url.port.range };
  if (url.host) result.host = { value: url.host.text, range: url.host.range };
  for (const part of url.query) {
    const value = queryValue(part.value);
    const entry = (key: string): OptionEntry => ({
      key,
      value: { kind: 'literal', value },
      valueText: part.value,
      pairRange: part.range,
      valueRange: part.valueRange,
      expressionRange: part.valueRange,
    });
    // A query key never overrides what the URL itself set (`!(key in obj)`), so `smtp://…?secure=true`
    // stays plaintext: the scheme already decided `secure`.
    switch (part.key) {
      case 'secure':
        if (!result.secure) result.secure = { value: Boolean(value), range: part.valueRange, key: 'secure', pairRange: part.range };
        break;
      case 'port': {
        const number = numericLiteral(value);
        if (!result.port && number !== undefined) result.port = { value: number, range: part.valueRange };
        break;
      }
      case 'requireTLS':
      case 'ignoreTLS':
      case 'opportunisticTLS':
        result[part.key] ??= entry(part.key);
        break;
      case 'tls.rejectUnauthorized':
        result.rejectUnauthorized ??= entry(part.key);
        break;
      case 'service':
        if (typeof value === 'string') result.service ??= { value, range: part.valueRange };
        break;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// nodemailer

export function resolveNodemailer(options: WrittenOptions, anchor: TextRange, urlSource?: UrlSource): ResolvedEndpoint {
  const url = urlSource ? urlOptions(urlSource.url) : undefined;
  const tlsFlags: TlsFlag[] = [];

  // Flags as written, in source order: the URL scheme, then the option entries.
  if (url?.secure && urlSource) {
    tlsFlags.push({ key: url.secure.key, valueText: url.secure.key === 'secure' ? String(url.secure.value) : urlSource.url.scheme.text, intent: url.secure.value ? 'implicit' : 'starttls', range: url.secure.pairRange });
  }
  const secureFlag = booleanFlag(options.secure, 'implicit', 'starttls');
  if (secureFlag) tlsFlags.push(secureFlag);
  for (const entry of [options.requireTLS, url?.requireTLS]) {
    const item = booleanFlag(entry, 'starttls-required');
    if (item) tlsFlags.push(item);
  }
  for (const entry of [options.ignoreTLS, url?.ignoreTLS]) {
    const item = booleanFlag(entry, 'no-tls');
    if (item) tlsFlags.push(item);
  }
  for (const entry of [options.opportunisticTLS, url?.opportunisticTLS]) {
    const item = booleanFlag(entry, 'starttls');
    if (item) tlsFlags.push(item);
  }

  // Merge order of smtp-transport: options, then URL data, then the well-known service.
  const serviceText =
    options.service?.value.kind === 'literal' && typeof options.service.value.value === 'string' ? options.service.value.value : url?.service?.value;
  const serviceRange = options.service?.value.kind === 'literal' ? options.service.valueRange : url?.service?.range;
  const preset = serviceText !== undefined ? wellKnownService(serviceText) : undefined;
  const presetSetting = <T>(value: T, key: string): Setting<T> => setting(value, serviceRange ?? anchor, key, 'preset');

  // host
  let host: Setting<string> | undefined = options.host ? hostOf(options.host) : undefined;
  if (url?.host) host = setting(url.host.value, url.host.range, urlSource?.key ?? 'url', urlSource?.origin ?? 'url', urlSource?.envName);
  if (preset?.host) host = presetSetting(preset.host, 'service');
  if (!host && !options.host) host = setting('localhost', anchor, 'host', 'default');

  // secure: the last source that defines it wins
  type SecureState = { truth: boolean | undefined | 'unknown'; setting?: Omit<Setting<TlsModeSetting>, 'value'>; source: ResolvedEndpoint['secureSource'] };
  let secure: SecureState = { truth: undefined, source: 'none' };
  if (options.secure) {
    const entry = options.secure;
    let truth = truthiness(entry.value);
    let range = entry.valueRange;
    if (entry.value.kind === 'env' && entry.value.fallback) {
      // `process.env.SMTP_SECURE || false`: judged on what happens when the variable is unset.
      truth = Boolean(entry.value.fallback.value);
      range = entry.value.fallback.range;
    }
    if (truth !== undefined) secure = { truth, setting: omitUndefinedEnv({ range, key: entry.key, origin: originOf(entry), envName: envNameOf(entry) }), source: 'option' };
  }
  if (url?.secure) {
    secure = { truth: url.secure.value, setting: omitUndefinedEnv({ range: url.secure.range, key: url.secure.key, origin: urlSource?.origin ?? 'url', envName: urlSource?.envName }), source: 'url' };
  }
  if (preset?.secure !== undefined) secure = { truth: preset.secure, setting: { range: serviceRange ?? anchor, key: 'service', origin: 'preset' }, source: 'preset' };

  // port
  let portSource: ResolvedEndpoint['portSource'] = 'none';
  let port: Setting<number> | undefined;
  let portUnknown = false;
  if (options.port) {
    const read = portOf(options.port);
    if (read === 'unknown') portUnknown = true;
    else if (read) {
      port = setting(read.value, read.range, options.port.key, read.origin, read.envName);
      portSource = 'option';
    }
  }
  if (url?.port) {
    port = setting(url.port.value, url.port.range, urlSource?.key ?? 'url', urlSource?.origin ?? 'url', urlSource?.envName);
    portUnknown = false;
    portSource = 'url';
  }
  if (preset?.port !== undefined) {
    port = presetSetting(preset.port, 'service');
    portUnknown = false;
    portSource = 'preset';
  }
  if (!port && !portUnknown && secure.truth !== 'unknown') {
    port = setting(secure.truth === true ? 465 : 587, secure.setting?.range ?? anchor, 'port', 'default');
  }

  const ignore = options.ignoreTLS ?? url?.ignoreTLS;
  const require = options.requireTLS ?? url?.requireTLS;
  const presetIgnore = preset?.ignoreTLS === true;
  const presetRequire = preset?.requireTLS === true;
  const ignoresTls = isTruthyLiteral(ignore) || presetIgnore;
  const requiresTls = isTruthyLiteral(require) || presetRequire;

  let mode: Setting<TlsModeSetting>;
  let modeExplicit: boolean;
  if (secure.truth === 'unknown' && options.secure) {
    const entry = options.secure;
    mode = setting<TlsModeSetting>('unknown', entry.expressionRange, entry.key, originOf(entry), envNameOf(entry));
    modeExplicit = true;
  } else if (secure.truth === true || secure.truth === false) {
    const implicit = secure.truth;
    const base = secure.setting ?? { range: anchor, key: 'secure', origin: 'default' as const };
    if (!implicit && ignoresTls) {
      mode = ignoreModeSetting(ignore, serviceRange ?? anchor);
    } else {
      mode = { ...base, value: implicit ? 'implicit' : 'starttls' };
    }
    modeExplicit = true;
  } else if (port && port.origin !== 'fallback') {
    // `secure` not given: nodemailer turns it on for port 465 and leaves it off elsewhere.
    const implicit = port.value === 465;
    if (!implicit && ignoresTls) mode = ignoreModeSetting(ignore, serviceRange ?? anchor);
    else mode = setting<TlsModeSetting>(implicit ? 'implicit' : 'starttls', port.range, 'secure', 'default');
    modeExplicit = !implicit && ignoresTls;
  } else {
    // The port is read at run time, so the library picks the mode then.
    mode = setting<TlsModeSetting>('auto', port?.range ?? options.port?.expressionRange ?? anchor, 'secure', 'default', port?.envName);
    modeExplicit = false;
  }

  const result: ResolvedEndpoint = {
    mode,
    modeExplicit,
    tlsFlags,
    starttlsEnforced: requiresTls && !ignoresTls && mode.value !== 'implicit',
    secureSource: secure.source,
    portSource,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    ...(preset ? { preset } : {}),
  };
  const credentials = credentialsOf(options, urlSource?.url);
  const certificate = certificateOff(options.rejectUnauthorized ?? url?.rejectUnauthorized);
  const reading = serviceText !== undefined && !preset ? { note: `nodemailer does not know the service '${serviceText}'; it is ignored`, certainty: 'certain' as const } : undefined;
  return {
    ...result,
    ...(credentials ? { credentials } : {}),
    ...(certificate ? { certificateVerificationOff: certificate } : {}),
    ...(reading ? { reading } : {}),
  };
}

function ignoreModeSetting(ignore: OptionEntry | undefined, presetRange: TextRange): Setting<TlsModeSetting> {
  if (ignore) return setting<TlsModeSetting>('none', ignore.valueRange, ignore.key, 'literal');
  return setting<TlsModeSetting>('none', presetRange, 'service', 'preset');
}

function omitUndefinedEnv<T extends { envName?: string | undefined }>(value: T): T {
  if (value.envName === undefined) delete value.envName;
  return value;
}

// ---------------------------------------------------------------------------------------------
// ImapFlow: `secure` (auto on 993 when undefined), `doSTARTTLS` true = required, false = never.

/** A boolean option as the library will see it: the literal, or the literal fallback of an env read. */
function booleanOption(entry: WrittenOptions['secure']): { truth: boolean | undefined | 'unknown'; range: TextRange | undefined } {
  if (!entry) return { truth: undefined, range: undefined };
  if (entry.value.kind === 'env' && entry.value.fallback) return { truth: Boolean(entry.value.fallback.value), range: entry.value.fallback.range };
  return { truth: truthiness(entry.value), range: entry.valueRange };
}

/** The written port, or that it is written but not visible (`portUnknown`). */
function writtenPort(options: WrittenOptions): { port: Setting<number> | undefined; portUnknown: boolean } {
  if (!options.port) return { port: undefined, portUnknown: false };
  const read = portOf(options.port);
  if (read === 'unknown') return { port: undefined, portUnknown: true };
  return { port: read ? setting(read.value, read.range, options.port.key, read.origin, read.envName) : undefined, portUnknown: false };
}

export function resolveImapFlow(options: WrittenOptions, anchor: TextRange): ResolvedEndpoint {
  const tlsFlags: TlsFlag[] = [];
  const secureFlag = booleanFlag(options.secure, 'implicit', 'starttls');
  if (secureFlag) tlsFlags.push(secureFlag);
  const startTlsFlag = booleanFlag(options.doSTARTTLS, 'starttls-required', 'no-tls');
  if (startTlsFlag) tlsFlags.push(startTlsFlag);

  const { truth, range: secureRange } = booleanOption(options.secure);
  const host = options.host ? hostOf(options.host) : setting('localhost', anchor, 'host', 'default');

  let { port, portUnknown } = writtenPort(options);
  if (!port && !portUnknown && truth !== 'unknown') port = setting(truth === true ? 993 : 143, secureRange ?? anchor, 'port', 'default');

  const doStartTls = options.doSTARTTLS ? truthiness(options.doSTARTTLS.value) : undefined;
  let mode: Setting<TlsModeSetting>;
  let modeExplicit: boolean;
  if (truth === 'unknown' && options.secure) {
    mode = setting<TlsModeSetting>('unknown', options.secure.expressionRange, options.secure.key, originOf(options.secure), envNameOf(options.secure));
    modeExplicit = true;
  } else if ((truth === true || truth === false) && options.secure) {
    const value: TlsModeSetting = truth ? 'implicit' : doStartTls === false ? 'none' : 'starttls';
    const entry = value === 'none' && options.doSTARTTLS ? options.doSTARTTLS : options.secure;
    mode = setting(value, value === 'none' ? entry.valueRange : (secureRange ?? entry.valueRange), entry.key, originOf(entry), envNameOf(entry));
    modeExplicit = true;
  } else if (port && port.origin !== 'fallback') {
    const implicit = port.value === 993;
    if (!implicit && doStartTls === false && options.doSTARTTLS) {
      mode = setting<TlsModeSetting>('none', options.doSTARTTLS.valueRange, options.doSTARTTLS.key, originOf(options.doSTARTTLS));
      modeExplicit = true;
    } else {
      mode = setting<TlsModeSetting>(implicit ? 'implicit' : 'starttls', port.range, 'secure', 'default');
      modeExplicit = false;
    }
  } else {
    mode = setting<TlsModeSetting>('auto', port?.range ?? options.port?.expressionRange ?? anchor, 'secure', 'default', port?.envName);
    modeExplicit = false;
  }

  const certificate = certificateOff(options.rejectUnauthorized);
  const credentials = credentialsOf(options);
  return {
    mode,
    modeExplicit,
    tlsFlags,
    starttlsEnforced: doStartTls === true,
    secureSource: options.secure && truth !== undefined ? 'option' : 'none',
    portSource: port && port.origin !== 'default' ? 'option' : 'none',
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    ...(credentials ? { credentials } : {}),
    ...(certificate ? { certificateVerificationOff: certificate } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// node-imap: `tls` is implicit TLS, `autotls` decides STARTTLS ('never' by default), port 143.
// There is no port-based auto rule, and no `ssl` option.

export function resolveNodeImap(options: WrittenOptions, anchor: TextRange): ResolvedEndpoint {
  const tlsFlags: TlsFlag[] = [];
  const autotlsValue = options.autotls?.value.kind === 'literal' && typeof options.autotls.value.value === 'string' ? options.autotls.value.value.toLowerCase() : undefined;
  const startTlsIntent: TlsIntent = autotlsValue === 'required' ? 'starttls-required' : autotlsValue === 'always' ? 'starttls' : 'no-tls';
  const tlsFlag = booleanFlag(options.tls, 'implicit', startTlsIntent);
  if (tlsFlag) tlsFlags.push(tlsFlag);
  if (options.autotls && autotlsValue !== undefined) tlsFlags.push(flag(options.autotls, startTlsIntent));

  const { truth, range: tlsRange } = booleanOption(options.tls);
  const host = options.host ? hostOf(options.host) : setting('localhost', anchor, 'host', 'default');
  let { port, portUnknown } = writtenPort(options);
  if (!port && !portUnknown) port = setting(143, anchor, 'port', 'default');

  let mode: Setting<TlsModeSetting>;
  let modeExplicit: boolean;
  if (truth === 'unknown' && options.tls) {
    mode = setting<TlsModeSetting>('unknown', options.tls.expressionRange, options.tls.key, originOf(options.tls), envNameOf(options.tls));
    modeExplicit = true;
  } else if (truth === true && options.tls) {
    mode = setting<TlsModeSetting>('implicit', tlsRange ?? options.tls.valueRange, options.tls.key, originOf(options.tls), envNameOf(options.tls));
    modeExplicit = true;
  } else if (options.autotls && autotlsValue !== undefined) {
    mode = setting<TlsModeSetting>(autotlsValue === 'never' ? 'none' : 'starttls', options.autotls.valueRange, options.autotls.key, 'literal');
    modeExplicit = true;
  } else if (options.autotls) {
    mode = setting<TlsModeSetting>('unknown', options.autotls.expressionRange, options.autotls.key, originOf(options.autotls), envNameOf(options.autotls));
    modeExplicit = true;
  } else {
    // Neither set, or `tls: false`: plaintext, whatever the port.
    mode = options.tls
      ? setting<TlsModeSetting>('none', tlsRange ?? options.tls.valueRange, options.tls.key, originOf(options.tls))
      : setting<TlsModeSetting>('none', port?.range ?? anchor, 'autotls', 'default');
    modeExplicit = options.tls !== undefined;
  }

  const certificate = certificateOff(options.rejectUnauthorized);
  const credentials = credentialsOf(options);
  const reading = options.ssl
    ? { note: "node-imap has no 'ssl' option (it is ignored); implicit TLS is 'tls: true'", certainty: 'certain' as const }
    : undefined;
  return {
    mode,
    modeExplicit,
    tlsFlags,
    starttlsEnforced: autotlsValue === 'required' && truth !== true,
    secureSource: options.tls || options.autotls ? 'option' : 'none',
    portSource: port && port.origin !== 'default' ? 'option' : 'none',
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    ...(credentials ? { credentials } : {}),
    ...(certificate ? { certificateVerificationOff: certificate } : {}),
    ...(reading ? { reading } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Rewriters. The format says how to write (JS or JSON); these say what to write.

export interface OptionWriter {
  readonly text: string;
  /** A literal in the format's syntax (`'required'` in JS, `"required"` in JSON). */
  literal(value: boolean | number | string): string;
  /**
   * Inserts `key: value` entries (after the first of `after` that exists) and removes entries, as
   * one plan without overlapping edits; undefined when there is no object to write into.
   */
  edit(inserts: readonly (readonly [key: string, valueText: string])[], removals: readonly OptionEntry[], after: readonly string[]): TextEdit[] | undefined;
}

function replaceEdit(range: TextRange, newText: string): TextEdit {
  return { range, newText };
}

/** Writes `value` where the entry's value is read from, or returns undefined when it is not a plain literal. */
function writeEntry(writer: OptionWriter, entry: OptionEntry, value: boolean | number | string): TextEdit | undefined {
  if (entry.value.kind === 'computed') return undefined;
  if (entry.value.kind === 'env' && !entry.value.fallback) return undefined;
  const old = writer.text.slice(entry.valueRange.start, entry.valueRange.end);
  // Keep a quoted port quoted (`'587'` → `'465'`).
  const quote = old[0] === '"' || old[0] === "'" ? old[0] : undefined;
  const text = typeof value === 'number' && quote ? `${quote}${value}${quote}` : writer.literal(value);
  return replaceEdit(entry.valueRange, text);
}

/**
 * Sets each key (replacing what is written, inserting what is missing) and removes the given
 * entries. Undefined when one of the values cannot be written (an env read, a computed value).
 */
function plan(
  writer: OptionWriter,
  sets: readonly (readonly [key: string, existing: OptionEntry | undefined, value: boolean | number | string])[],
  removals: readonly (OptionEntry | undefined)[],
  after: readonly string[],
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const missing: [string, string][] = [];
  for (const [key, existing, value] of sets) {
    if (existing) {
      const edit = writeEntry(writer, existing, value);
      if (!edit) return undefined;
      edits.push(edit);
    } else {
      missing.push([key, writer.literal(value)]);
    }
  }
  const removed = removals.filter((entry): entry is OptionEntry => entry !== undefined);
  if (missing.length > 0 || removed.length > 0) {
    const planned = writer.edit(missing, removed, after);
    if (!planned) return undefined;
    edits.push(...planned);
  }
  return edits.length > 0 ? edits : undefined;
}

function urlQueryEdit(url: MailUrl, text: string, key: string, value: string): TextEdit {
  const existing = url.query.find((part) => part.key === key);
  if (existing) return replaceEdit(existing.valueRange, value);
  const separator = url.query.length > 0 || text.slice(url.range.start, url.range.end).includes('?') ? '&' : '?';
  // Before a fragment, if any; else at the end of the URL.
  const urlText = text.slice(url.range.start, url.range.end);
  const hash = urlText.indexOf('#');
  const at = hash >= 0 ? url.range.start + hash : url.range.end;
  const needsSlash = separator === '?' && !urlText.slice(url.scheme.text.length + 3).includes('/');
  return replaceEdit({ start: at, end: at }, `${needsSlash ? '/' : ''}${separator}${key}=${value}`);
}

function envBooleanEdit(text: string, flag: TlsFlag): TextEdit[] | undefined {
  const env = flag.unparsedEnvString;
  if (!env) return undefined;
  const expression = text.slice(env.valueRange.start, env.valueRange.end);
  return [replaceEdit(env.valueRange, `${expression} === 'true'`)];
}

function portEdit(writer: OptionWriter | undefined, options: WrittenOptions, resolved: ResolvedEndpoint, port: number, url?: MailUrl): TextEdit[] | undefined {
  if (resolved.portSource === 'preset') return undefined;
  if (resolved.portSource === 'url' && url?.port) return [replaceEdit(url.port.range, String(port))];
  if (options.port && writer) {
    const edit = writeEntry(writer, options.port, port);
    return edit ? [edit] : undefined;
  }
  if (url && url.host && (!writer || resolved.portSource !== 'option')) return [replaceEdit({ start: url.portInsertAt, end: url.portInsertAt }, `:${port}`)];
  if (!writer) return undefined;
  return writer.edit([['port', String(port)]], [], ['host']);
}

function certificateEdit(writer: OptionWriter | undefined, entry: OptionEntry | undefined, url?: MailUrl): TextEdit[] | undefined {
  if (entry && writer) return writer.edit([], [entry], []) ?? (entry.removal ? [entry.removal] : undefined);
  const query = url?.query.find((part) => part.key === 'tls.rejectUnauthorized');
  if (query) return [replaceEdit(query.valueRange, 'true')];
  return undefined;
}

export function nodemailerRewriter(
  options: WrittenOptions,
  resolved: ResolvedEndpoint,
  writer: OptionWriter | undefined,
  text: string,
  urlSource?: UrlSource,
): EndpointRewriter {
  const url = urlSource?.url;
  const urlQuery = url ? urlOptions(url) : undefined;
  return {
    setTlsMode(mode, settings) {
      // A preset's `secure` wins over anything written next to it.
      if (resolved.secureSource === 'preset') return undefined;
      if (url && (resolved.secureSource === 'url' || !writer)) {
        if (mode === 'none') return undefined;
        const scheme = mode === 'implicit' ? 'smtps' : 'smtp';
        const edits = [replaceEdit(url.scheme.range, scheme)];
        if (mode === 'starttls' && settings?.enforce) edits.push(urlQueryEdit(url, text, 'requireTLS', 'true'));
        if (mode === 'implicit' && urlQuery?.requireTLS) edits.push(replaceEdit(urlQuery.requireTLS.valueRange, 'false'));
        return edits;
      }
      if (!writer) return undefined;
      // New keys go next to `secure` when it is there, else after the port.
      const after = ['secure', 'port', 'host'];
      if (mode === 'implicit') {
        return plan(writer, [['secure', options.secure, true]], [options.requireTLS, options.ignoreTLS, options.opportunisticTLS], after);
      }
      if (mode === 'starttls') {
        const sets: [string, OptionEntry | undefined, boolean][] = [['secure', options.secure, false]];
        if (settings?.enforce) sets.push(['requireTLS', options.requireTLS, true]);
        return plan(writer, sets, [options.ignoreTLS, settings?.enforce ? options.opportunisticTLS : undefined], after);
      }
      return plan(writer, [['secure', options.secure, false], ['ignoreTLS', options.ignoreTLS, true]], [options.requireTLS], after);
    },
    setPort(port) {
      return portEdit(writer, options, resolved, port, url);
    },
    enforceStartTls() {
      if (writer && !(url && !options.requireTLS && resolved.secureSource === 'url')) {
        return plan(writer, [['requireTLS', options.requireTLS, true]], [options.ignoreTLS, options.opportunisticTLS], ['secure', 'port', 'host']);
      }
      if (url) return [urlQueryEdit(url, text, 'requireTLS', 'true')];
      return undefined;
    },
    enableCertificateVerification() {
      return certificateEdit(writer, options.rejectUnauthorized, url);
    },
    parseEnvBoolean(flag) {
      return envBooleanEdit(text, flag);
    },
  };
}

export function imapFlowRewriter(options: WrittenOptions, resolved: ResolvedEndpoint, writer: OptionWriter, text: string): EndpointRewriter {
  const after = ['secure', 'port', 'host'];
  return {
    setTlsMode(mode, settings) {
      if (mode === 'implicit') return plan(writer, [['secure', options.secure, true]], [options.doSTARTTLS], after);
      if (mode === 'starttls') {
        if (settings?.enforce) return plan(writer, [['secure', options.secure, false], ['doSTARTTLS', options.doSTARTTLS, true]], [], after);
        const never = options.doSTARTTLS && truthiness(options.doSTARTTLS.value) === false ? options.doSTARTTLS : undefined;
        return plan(writer, [['secure', options.secure, false]], [never], after);
      }
      return plan(writer, [['secure', options.secure, false], ['doSTARTTLS', options.doSTARTTLS, false]], [], after);
    },
    setPort(port) {
      return portEdit(writer, options, resolved, port);
    },
    enforceStartTls() {
      return plan(writer, [['doSTARTTLS', options.doSTARTTLS, true]], [], after);
    },
    enableCertificateVerification() {
      return certificateEdit(writer, options.rejectUnauthorized);
    },
    parseEnvBoolean(flag) {
      return envBooleanEdit(text, flag);
    },
  };
}

export function nodeImapRewriter(options: WrittenOptions, resolved: ResolvedEndpoint, writer: OptionWriter, text: string): EndpointRewriter {
  const after = ['tls', 'port', 'host'];
  return {
    setTlsMode(mode, settings) {
      if (mode === 'implicit') return plan(writer, [['tls', options.tls, true]], [options.autotls, options.ssl], after);
      const autotls = mode === 'none' ? 'never' : settings?.enforce ? 'required' : 'always';
      const sets: [string, OptionEntry | undefined, boolean | string][] = [];
      if (options.tls) sets.push(['tls', options.tls, false]);
      sets.push(['autotls', options.autotls, autotls]);
      return plan(writer, sets, [options.ssl], after);
    },
    setPort(port) {
      return portEdit(writer, options, resolved, port);
    },
    enforceStartTls() {
      return plan(writer, [['autotls', options.autotls, 'required']], [options.ssl], after);
    },
    enableCertificateVerification() {
      return certificateEdit(writer, options.rejectUnauthorized);
    },
    parseEnvBoolean(flag) {
      return envBooleanEdit(text, flag);
    },
  };
}
