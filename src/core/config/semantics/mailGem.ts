// What the Ruby `mail` gem (mikel/mail, used by ActionMailer and GitLab) does with its SMTP
// settings, from lib/mail/network/delivery_methods/smtp.rb (2.9):
//   - `tls` or `ssl` truthy → implicit TLS (SMTPS); no port rule, the port defaults to 25;
//   - else `enable_starttls` truthy → `:auto` when it is the symbol :auto, else `:always` (required);
//   - else `enable_starttls_auto` given (non-nil) → truthy `:auto`, falsy never;
//   - else `enable_starttls` given as false → never; nothing given → `:auto`;
//   - `tls`/`ssl` truthy together with a truthy `enable_starttls`/`enable_starttls_auto` raises
//     ArgumentError in mail ≥ 2.9 (commit 8abd774c); before 2.9 `tls` silently won.
// Ruby truthiness: only nil and false are false — the string "false" is true.
// Values the file does not fix (ENV, computed) are tried both ways: a mode is reported only when
// every possibility gives the same one.
import type { Setting, TextRange, TlsFlag, TlsModeSetting } from '../../model';

export type RubyTruth = 'true' | 'false' | 'nil' | 'unknown';

export interface MailGemFlag {
  readonly key: string;
  readonly truth: RubyTruth;
  /** `enable_starttls: :auto` (a symbol) means opportunistic; any other truthy value means required. */
  readonly isAutoSymbol?: boolean;
  readonly valueText: string;
  readonly pairRange: TextRange;
  readonly valueRange: TextRange;
  readonly removal?: TlsFlag['removal'];
  /** The value is `ENV['X']` handed over unparsed (a string, so "false" is true). */
  readonly unparsedEnv?: { readonly envName: string };
}

export interface MailGemFlags {
  readonly tls?: MailGemFlag;
  readonly ssl?: MailGemFlag;
  readonly enableStarttls?: MailGemFlag;
  readonly enableStarttlsAuto?: MailGemFlag;
}

export interface MailGemMode {
  readonly mode: Setting<TlsModeSetting>;
  readonly modeExplicit: boolean;
  readonly starttlsEnforced: boolean;
  readonly tlsFlags: TlsFlag[];
  /** `tls`/`ssl` and a STARTTLS key are both truthy as written. */
  readonly bothModes: boolean;
}

type Outcome = 'implicit' | 'always' | 'auto' | 'never';

function truthy(truth: RubyTruth): boolean {
  return truth === 'true';
}

function provided(truth: RubyTruth): boolean {
  return truth !== 'nil';
}

function outcome(tls: RubyTruth, ssl: RubyTruth, starttls: RubyTruth, starttlsAuto: RubyTruth, autoSymbol: boolean): Outcome {
  if (truthy(tls) || truthy(ssl)) return 'implicit';
  if (truthy(starttls)) return autoSymbol ? 'auto' : 'always';
  if (provided(starttlsAuto)) return truthy(starttlsAuto) ? 'auto' : 'never';
  return provided(starttls) ? 'never' : 'auto';
}

function choices(flag: MailGemFlag | undefined): RubyTruth[] {
  if (!flag) return ['nil'];
  // An unknown value may be nil (unset ENV), false or a truthy string.
  return flag.truth === 'unknown' ? ['true', 'false', 'nil'] : [flag.truth];
}

export function resolveMailGem(flags: MailGemFlags, anchor: TextRange): MailGemMode {
  const outcomes = new Set<Outcome>();
  for (const tls of choices(flags.tls))
    for (const ssl of choices(flags.ssl))
      for (const starttls of choices(flags.enableStarttls))
        for (const auto of choices(flags.enableStarttlsAuto)) outcomes.add(outcome(tls, ssl, starttls, auto, flags.enableStarttls?.isAutoSymbol === true));

  const implicitFlag = [flags.tls, flags.ssl].find((flag) => flag && (flag.truth === 'true' || flag.truth === 'unknown'));
  const starttlsTruthy = [flags.enableStarttls, flags.enableStarttlsAuto].filter((flag): flag is MailGemFlag => flag?.truth === 'true');
  const tlsFlags: TlsFlag[] = [];
  for (const flag of [flags.tls, flags.ssl]) {
    if (!flag) continue;
    if (flag.truth === 'true' || (flag.unparsedEnv && starttlsTruthy.length === 0)) {
      tlsFlags.push({
        key: flag.key,
        valueText: flag.valueText,
        intent: 'implicit',
        range: flag.pairRange,
        ...(flag.removal ? { removal: flag.removal } : {}),
        ...(flag.unparsedEnv ? { unparsedEnvString: { envName: flag.unparsedEnv.envName, valueRange: flag.valueRange } } : {}),
      });
    }
  }
  for (const flag of starttlsTruthy) {
    tlsFlags.push({
      key: flag.key,
      valueText: flag.valueText,
      intent: flag === flags.enableStarttls && !flag.isAutoSymbol ? 'starttls-required' : 'starttls',
      range: flag.pairRange,
      ...(flag.removal ? { removal: flag.removal } : {}),
    });
  }
  const bothModes = [flags.tls, flags.ssl].some((flag) => flag?.truth === 'true') && starttlsTruthy.length > 0;

  const written = [flags.tls, flags.ssl, flags.enableStarttls, flags.enableStarttlsAuto].filter((flag): flag is MailGemFlag => flag !== undefined && flag.truth !== 'nil');
  const modeExplicit = written.length > 0;
  const only = outcomes.size === 1 ? [...outcomes][0] : undefined;
  const unknownInvolved = written.some((flag) => flag.truth === 'unknown');

  let deciding: MailGemFlag | undefined;
  if (only === 'implicit') deciding = [flags.tls, flags.ssl].find((flag) => flag?.truth === 'true') ?? implicitFlag;
  else if (only === 'always' || only === 'auto') deciding = flags.enableStarttls?.truth === 'true' ? flags.enableStarttls : flags.enableStarttlsAuto?.truth === 'true' ? flags.enableStarttlsAuto : undefined;
  else if (only === 'never') deciding = flags.enableStarttlsAuto && provided(flags.enableStarttlsAuto.truth) ? flags.enableStarttlsAuto : flags.enableStarttls;

  if (only === 'never' && deciding) {
    tlsFlags.push({ key: deciding.key, valueText: deciding.valueText, intent: 'no-tls', range: deciding.pairRange, ...(deciding.removal ? { removal: deciding.removal } : {}) });
  }

  const value: TlsModeSetting = only === undefined ? 'unknown' : only === 'implicit' ? 'implicit' : only === 'never' ? 'none' : 'starttls';
  const mode: Setting<TlsModeSetting> = deciding
    ? { value, range: deciding.valueRange, key: deciding.key, origin: unknownInvolved ? 'env' : 'literal' }
    : { value, range: anchor, key: written[0]?.key ?? 'enable_starttls_auto', origin: modeExplicit ? (unknownInvolved ? 'env' : 'literal') : 'default' };
  return { mode, modeExplicit: modeExplicit && deciding !== undefined, starttlsEnforced: only === 'always', tlsFlags, bothModes };
}

/** The `mail` gem version from a Gemfile.lock (`    mail (2.8.1)`), as [major, minor]. */
export function mailGemVersion(lockText: string): { text: string; major: number; minor: number } | undefined {
  const match = /^ {4}mail \((\d+)\.(\d+)(?:\.[\w.]+)?\)/m.exec(lockText);
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  const text = /^ {4}mail \(([^)]+)\)/m.exec(lockText)?.[1] ?? `${match[1]}.${match[2]}`;
  return { text, major: Number(match[1]), minor: Number(match[2]) };
}
