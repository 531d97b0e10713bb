// What .NET mail settings mean, shared by the config-file extractors (appsettings*.json,
// web.config/app.config). Sources: shared/reference/config-matrix.md §9 — jstedfast/MailKit
// SecureSocketOptions.cs and ComputeDefaultValues (Auto: SslOnConnect on 465/993/995, else
// StartTlsWhenAvailable; Connect(host, port, bool useSsl): true → SslOnConnect, false →
// StartTlsWhenAvailable) and learn.microsoft.com SmtpClient.EnableSsl (STARTTLS only; implicit
// TLS "is not currently supported", so port 465 never works). csharp.ts resolves `Connect(…)` calls
// through mailKitMode too.
import type { Protocol, TlsIntent, TlsModeSetting } from '../../model';
import { lookupPort } from '../../ports';

export type SecureSocketOption = 'None' | 'Auto' | 'SslOnConnect' | 'StartTls' | 'StartTlsWhenAvailable';

export interface DotnetModeResolution {
  readonly mode: TlsModeSetting;
  /** False when MailKit picked the mode from the port (Auto). */
  readonly explicit: boolean;
  readonly enforced: boolean;
  /** The intent of the flag as written; undefined for Auto (nothing asked for). */
  readonly intent?: TlsIntent;
}

/** `SecureSocketOptions` by name, case-insensitively as .NET's enum binding reads it. */
export function parseSecureSocketOption(text: string): SecureSocketOption | undefined {
  const word = text.trim().toLowerCase();
  const all: SecureSocketOption[] = ['None', 'Auto', 'SslOnConnect', 'StartTls', 'StartTlsWhenAvailable'];
  return all.find((option) => option.toLowerCase() === word);
}

/** MailKit's effective mode for a SecureSocketOptions value on a port. */
export function mailKitMode(option: SecureSocketOption, port: number | undefined, protocol: Protocol): DotnetModeResolution {
  switch (option) {
    case 'None':
      return { mode: 'none', explicit: true, enforced: false, intent: 'no-tls' };
    case 'SslOnConnect':
      return { mode: 'implicit', explicit: true, enforced: false, intent: 'implicit' };
    case 'StartTls':
      return { mode: 'starttls', explicit: true, enforced: true, intent: 'starttls-required' };
    case 'StartTlsWhenAvailable':
      return { mode: 'starttls', explicit: true, enforced: false, intent: 'starttls' };
    case 'Auto': {
      const known = port !== undefined ? lookupPort(port, protocol)?.mode : undefined;
      return { mode: known === 'implicit' ? 'implicit' : known === 'starttls' ? 'starttls' : 'auto', explicit: false, enforced: false };
    }
  }
}

/** MailKit's `Connect(host, port, bool useSsl)`. */
export function mailKitUseSsl(useSsl: boolean, port: number | undefined, protocol: Protocol): DotnetModeResolution {
  return mailKitMode(useSsl ? 'SslOnConnect' : 'StartTlsWhenAvailable', port, protocol);
}

/** System.Net.Mail's `EnableSsl`: STARTTLS (required once asked for), or never encrypt. */
export function systemNetMailMode(enableSsl: boolean): DotnetModeResolution {
  return enableSsl ? { mode: 'starttls', explicit: true, enforced: true, intent: 'starttls-required' } : { mode: 'none', explicit: true, enforced: false, intent: 'no-tls' };
}

/** .NET's bool parsing for config values: `true`/`false` in any case, surrounding blanks allowed. */
export function parseDotnetBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase();
  return word === 'true' ? true : word === 'false' ? false : undefined;
}

export function parseDotnetPort(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}
