// Laravel's SMTP settings, shared by `.env` (dotenv.ts) and `config/mail.php` (php.ts).
// What `encryption` and `scheme` mean depends on the framework version
// (laravel/framework MailManager::createSmtpTransport; shared/reference/config-matrix.md §5.2):
//   ≤ 8 (SwiftMailer): ssl = implicit TLS, tls = STARTTLS (required), empty = plaintext, no STARTTLS;
//   9.0.x: encryption tls = smtps on every port;
//   9.1–11.34: scheme ?? (tls ? (port 465 ? smtps : smtp) : '') — in effect Symfony's port rule;
//   11.35.0: encryption tls = smtps on every port (laravel/framework#53861);
//   ≥ 11.35.1: scheme ?? (port 465 ? smtps : smtp); encryption is not read.
// Symfony's port rule: 465 is implicit TLS, any other port plaintext upgraded by STARTTLS when offered.
import type { TlsModeSetting } from '../../model';

export type LaravelEra = 'swift' | '9.0' | 'port-rule' | '11.35.0' | 'scheme';

/** The `laravel/framework` version locked in composer.lock, when the lock file names one. */
export function laravelVersionFromLock(lockText: string): string | undefined {
  const at = lockText.indexOf('"laravel/framework"');
  if (at < 0) return undefined;
  // "name": "laravel/framework", "version": "v11.35.1", within the same package object.
  const match = /"version"\s*:\s*"v?(\d+(?:\.\d+){0,2})[^"]*"/.exec(lockText.slice(at, at + 400));
  return match?.[1];
}

export function laravelEraOf(version: string): LaravelEra | undefined {
  const [major = NaN, minor = 0, patch = 0] = version.split('.').map(Number);
  if (!Number.isFinite(major)) return undefined;
  if (major <= 8) return 'swift';
  if (major === 9 && minor === 0) return '9.0';
  if (major < 11 || (major === 11 && minor < 35)) return 'port-rule';
  if (major === 11 && minor === 35 && patch === 0) return '11.35.0';
  return 'scheme';
}

export interface LaravelInputs {
  /** Lower-cased literal value, 'env' when the value is not visible, undefined when unset/null. */
  readonly scheme: string | 'env' | undefined;
  readonly encryption: string | 'env' | undefined;
  readonly port: number | undefined;
}

export interface LaravelDecision {
  readonly mode: TlsModeSetting;
  /** Which setting decided: the scheme, the encryption key, or the port (Symfony's rule). */
  readonly decidedBy: 'scheme' | 'encryption' | 'port';
  readonly enforced: boolean;
}

/** The effective mode under one era's rules. */
export function laravelDecision(era: LaravelEra, inputs: LaravelInputs): LaravelDecision {
  const byPort = (): LaravelDecision => ({ mode: inputs.port === undefined ? 'auto' : inputs.port === 465 ? 'implicit' : 'starttls', decidedBy: 'port', enforced: false });
  const { scheme, encryption } = inputs;
  if (era === 'swift') {
    if (encryption === 'ssl') return { mode: 'implicit', decidedBy: 'encryption', enforced: false };
    if (encryption === 'tls') return { mode: 'starttls', decidedBy: 'encryption', enforced: true };
    if (encryption === 'env') return { mode: 'unknown', decidedBy: 'encryption', enforced: false };
    if (encryption !== undefined && encryption !== '') return { mode: 'unknown', decidedBy: 'encryption', enforced: false };
    return { mode: 'none', decidedBy: 'encryption', enforced: false };
  }
  if (scheme !== undefined && scheme !== '') {
    if (scheme === 'env') return { mode: 'unknown', decidedBy: 'scheme', enforced: false };
    if (scheme === 'smtps') return { mode: 'implicit', decidedBy: 'scheme', enforced: false };
    if (scheme === 'smtp') return byPort();
    return { mode: 'unknown', decidedBy: 'scheme', enforced: false };
  }
  if (era === '9.0' || era === '11.35.0') {
    if (encryption === 'tls') return { mode: 'implicit', decidedBy: 'encryption', enforced: false };
    if (encryption === 'env') return { mode: 'unknown', decidedBy: 'encryption', enforced: false };
  }
  return byPort();
}

export function laravelEraNote(era: LaravelEra, version: string | undefined): string {
  const from = version ? `laravel/framework ${version} (composer.lock)` : undefined;
  switch (era) {
    case 'swift':
      return `Read as ${from ?? 'Laravel ≤ 8'} with SwiftMailer: encryption ssl is implicit TLS, tls is STARTTLS and fails without it, empty sends in plaintext with no STARTTLS.`;
    case '9.0':
      return `Read as ${from ?? 'Laravel 9.0.x'}: encryption tls means implicit TLS (smtps) on every port; otherwise Symfony decides from the port — implicit TLS on 465, else STARTTLS when offered.`;
    case '11.35.0':
      return `Read as ${from ?? 'Laravel 11.35.0'}: encryption tls means implicit TLS (smtps) on every port (laravel/framework#53861, fixed in 11.35.1); otherwise Symfony decides from the port.`;
    case 'port-rule':
      return `Read as ${from ?? 'Laravel 9.1–11.34'}: scheme smtps is implicit TLS; otherwise Symfony decides from the port — implicit TLS on 465, else STARTTLS when offered; encryption ssl has no effect.`;
    case 'scheme':
      return `Read as ${from ?? 'Laravel ≥ 11.35.1'}: scheme smtps is implicit TLS; smtp or no scheme lets Symfony decide from the port — implicit TLS on 465, else STARTTLS when offered; encryption is not read.`;
  }
}
