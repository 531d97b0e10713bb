// Symfony Mailer DSNs (`smtp://user:pass@host:port?opt=…`), shared by `.env` (dotenv.ts) and
// `config/packages/mailer.yaml|php` (symfonyConfig.ts). Semantics (symfony/mailer
// EsmtpTransportFactory / EsmtpTransport; shared/reference/config-matrix.md §5.3):
//   smtps:// = implicit TLS (default port 465);
//   smtp://  = implicit TLS on 465; with no port, implicit TLS on 465 unless the host is literally
//              `localhost` (then 25); otherwise plaintext upgraded by STARTTLS when offered;
//   auto_tls=false (≥ 7.1) never encrypts on smtp://; require_tls=true (≥ 7.3) makes STARTTLS
//   mandatory; verify_peer=0 switches certificate checks off. Options are read with PHP's
//   FILTER_VALIDATE_BOOL.
// Provider schemes (sendgrid+smtp, ses+smtps, …), null://, native://, sendmail:// are not SMTP
// settings from here and yield nothing.
import type { EndpointRewriter, Setting, TextEdit, TextRange, TlsFlag, TlsIntent, TlsMode, TlsModeSetting } from '../../model';
import { urlQueryEdit, type MailUrl, type QueryChange } from '../mailUrl';

type QueryPair = MailUrl['query'][number];

export interface SymfonyDsnReading {
  readonly host?: Setting<string>;
  readonly port?: Setting<number>;
  readonly credentials?: { readonly range: TextRange };
  readonly mode: Setting<TlsModeSetting>;
  readonly modeExplicit: boolean;
  readonly tlsFlags: readonly TlsFlag[];
  readonly starttlsEnforced: boolean;
  readonly certificateVerificationOff?: { readonly key: string; readonly range: TextRange };
  readonly note: string;
  readonly rewrite: EndpointRewriter;
}

export const SYMFONY_DSN_NOTE =
  'Read as a Symfony Mailer DSN: smtps:// is implicit TLS; smtp:// is implicit TLS on 465 (and on 465 when no port is given and the host is not \'localhost\'), otherwise STARTTLS when offered; auto_tls=false (Symfony ≥ 7.1) never encrypts; require_tls=true (≥ 7.3) makes STARTTLS mandatory.';

/** PHP's FILTER_VALIDATE_BOOL, as Symfony reads DSN options. */
export function filterBool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const word = text.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(word)) return true;
  if (['0', 'false', 'off', 'no', ''].includes(word)) return false;
  return undefined;
}

/** True for values a framework resolves at run time (`${X}` in .env, `%env(X)%` in Symfony config). */
const isPlaceholder = (value: string): boolean => value.includes('$') || value.includes('%');

/**
 * Reads a DSN already parsed with `parseMailUrl` against `text` (the whole document: every range
 * in `url` is a document offset). `key` names the setting for messages (`MAILER_DSN`, `dsn`).
 */
export function readSymfonyDsn(text: string, key: string, url: MailUrl): SymfonyDsnReading | undefined {
  const scheme = url.scheme.text;
  if (scheme !== 'smtp' && scheme !== 'smtps') return undefined;
  const hostText = url.host && !isPlaceholder(url.host.text) ? url.host.text : undefined;
  // A port is written but is not a number (`:${SMTP_PORT}`, `:%env(PORT)%`): unknown, not absent.
  const portUnknown = !url.port && text[url.portInsertAt] === ':';
  const param = (name: string): QueryPair | undefined => [...url.query].reverse().find((pair) => pair.key.toLowerCase() === name.toLowerCase());
  const autoTlsPair = param('auto_tls');
  const requirePair = param('require_tls');
  const verifyPair = param('verify_peer');
  const autoTls = autoTlsPair === undefined || autoTlsPair.value === '' || filterBool(autoTlsPair.value) !== false;
  const requireTls = requirePair !== undefined && filterBool(requirePair.value) === true;
  const verifyOff = verifyPair !== undefined && verifyPair.value !== '' && filterBool(verifyPair.value) === false;

  const at = { start: url.portInsertAt, end: url.portInsertAt };
  const modeOf = (value: TlsModeSetting, origin: 'url' | 'default' = 'url'): Setting<TlsModeSetting> => ({ value, range: url.scheme.range, key, origin });
  const paramFlag = (pair: QueryPair, intent: TlsIntent): TlsFlag => {
    const removal = urlQueryEdit(text, url, [[pair.key, null]]);
    return { key: pair.key, valueText: pair.text, intent, range: pair.range, ...(removal ? { removal } : {}) };
  };

  const flags: TlsFlag[] = [];
  let mode: Setting<TlsModeSetting>;
  let explicit = true;
  let port: Setting<number> | undefined = url.port ? { value: url.port.value, range: url.port.range, key, origin: 'url' } : undefined;
  if (scheme === 'smtps') {
    mode = modeOf('implicit');
    flags.push({ key, valueText: `${text.slice(url.scheme.range.start, url.scheme.range.end)}://`, intent: 'implicit', range: url.scheme.range });
    if (!url.port && !portUnknown) port = { value: 465, range: at, key, origin: 'default' };
  } else if (!autoTls) {
    mode = modeOf('none');
    if (autoTlsPair) flags.push(paramFlag(autoTlsPair, 'no-tls'));
    if (!url.port && !portUnknown) port = { value: 25, range: at, key, origin: 'default' };
  } else {
    explicit = false;
    if (url.port) mode = modeOf(url.port.value === 465 ? 'implicit' : 'starttls', 'default');
    else if (portUnknown || (!hostText && url.host)) mode = modeOf('auto', 'default');
    else {
      const implicit = (hostText ?? '') !== 'localhost';
      mode = modeOf(implicit ? 'implicit' : 'starttls', 'default');
      port = { value: implicit ? 465 : 25, range: at, key, origin: 'default' };
    }
  }
  if (requirePair && requireTls) flags.push(paramFlag(requirePair, 'starttls-required'));

  const rewrite: EndpointRewriter = {
    setTlsMode(target: TlsMode, options) {
      const edits: TextEdit[] = [];
      const changes: QueryChange[] = [];
      const wanted = target === 'implicit' ? 'smtps' : 'smtp';
      if (scheme !== wanted) edits.push({ range: url.scheme.range, newText: wanted });
      if (target !== 'none' && autoTlsPair && !autoTls) changes.push(['auto_tls', null]);
      if (target === 'none') changes.push(['auto_tls', 'false'], ['require_tls', null]);
      // Without a port, smtp:// to a remote host is implicit TLS on 465: STARTTLS needs the port written.
      if (target === 'starttls' && !url.port && !portUnknown && (hostText ?? '') !== 'localhost') edits.push(...setPortInUrl(url, 587));
      if (target === 'starttls' && options?.enforce && !requireTls) changes.push(['require_tls', 'true']);
      return withQuery(edits, urlQueryEdit(text, url, changes));
    },
    setPort: (value) => setPortInUrl(url, value),
    enforceStartTls: () => withQuery([], urlQueryEdit(text, url, [['auto_tls', null], ['require_tls', 'true']])),
    enableCertificateVerification: () => (verifyPair && verifyOff ? withQuery([], urlQueryEdit(text, url, [[verifyPair.key, null]])) : undefined),
  };

  return {
    ...(hostText && url.host ? { host: { value: hostText, range: url.host.range, key, origin: 'url' as const } } : {}),
    ...(port && !(portUnknown && port.origin === 'default') ? { port } : {}),
    ...(url.user || url.passwordRange ? { credentials: { range: url.user?.range ?? url.passwordRange! } } : {}),
    mode,
    modeExplicit: explicit,
    tlsFlags: flags,
    starttlsEnforced: requireTls && mode.value === 'starttls',
    ...(verifyPair && verifyOff ? { certificateVerificationOff: { key: verifyPair.key, range: verifyPair.range } } : {}),
    note: SYMFONY_DSN_NOTE,
    rewrite,
  };
}


/** Adds the query edit; an insertion at the same point as another (`:587` then `?…`) joins it, in order. */
function withQuery(edits: TextEdit[], query: TextEdit | undefined): TextEdit[] {
  if (!query) return edits;
  const index = edits.findIndex((edit) => edit.range.start === edit.range.end && edit.range.start === query.range.start && query.range.start === query.range.end);
  if (index < 0) return [...edits, query];
  return edits.map((edit, position) => (position === index ? { range: edit.range, newText: edit.newText + query.newText } : edit));
}

function setPortInUrl(url: MailUrl, port: number): TextEdit[] {
  if (url.port) return [{ range: url.port.range, newText: String(port) }];
  return [{ range: { start: url.portInsertAt, end: url.portInsertAt }, newText: `:${port}` }];
}
