// Two flags that ask for different things: implicit TLS and STARTTLS at once, or "require
// STARTTLS" next to "never STARTTLS". Some libraries throw, some silently ignore one of them;
// either way the file does not say what the author meant.
import { libraryInfo } from '../libraries';
import type { Fix, MailEndpoint, TextEdit, TlsFlag, TlsIntent } from '../model';
import type { Rule, RuleReport } from './rule';
import { flagText, portMode, softened, withReading } from './shared';

const OPPOSED: readonly (readonly [TlsIntent, TlsIntent])[] = [
  ['implicit', 'starttls'],
  ['implicit', 'starttls-required'],
  ['starttls-required', 'no-tls'],
];

function agreesWithPort(flag: TlsFlag, port: 'implicit' | 'starttls'): boolean {
  if (port === 'implicit') return flag.intent === 'implicit';
  return flag.intent === 'starttls' || flag.intent === 'starttls-required';
}

export const conflictingTlsFlags: Rule = {
  meta: {
    id: 'conflicting-tls-flags',
    description: 'Implicit TLS and STARTTLS flags set together, or STARTTLS both required and disabled.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check(endpoint: MailEndpoint): RuleReport[] {
    for (const [first, second] of OPPOSED) {
      const a = endpoint.tlsFlags.find((flag) => flag.intent === first);
      const b = endpoint.tlsFlags.find((flag) => flag.intent === second);
      if (!a || !b) continue;
      const library = libraryInfo(endpoint.library);
      const outcome = first === 'implicit' ? library.bothModes : { outcome: 'ignored' as const, text: `${library.name} never starts TLS when ${b.key} is set, so ${a.key} has no effect` };
      const severity = outcome.outcome === 'ignored' ? 'warning' : 'error';
      const fixes: Fix[] = [];
      const expected = portMode(endpoint);
      if (expected && first === 'implicit') {
        const loser = agreesWithPort(a, expected) ? b : agreesWithPort(b, expected) ? a : undefined;
        if (loser?.removal) {
          fixes.push({ title: `Remove ${loser.key} (port ${endpoint.port?.value} expects ${expected === 'implicit' ? 'implicit TLS' : 'STARTTLS'})`, edits: [loser.removal], preferred: true });
        }
      } else {
        for (const flag of [a, b]) {
          if (flag.removal) fixes.push({ title: `Remove ${flag.key}`, edits: [flag.removal], preferred: false });
        }
      }
      if (first === 'starttls-required' && b.removal) {
        // Keeping the requirement is the secure reading of the two.
        fixes.splice(0, fixes.length, { title: `Remove ${b.key} and keep ${a.key}`, edits: [b.removal as TextEdit], preferred: true });
      }
      return [
        {
          message: withReading(endpoint, `${flagText(endpoint, a)} and ${flagText(endpoint, b)} contradict each other: ${outcome.text}. Keep only the one that matches the port.`),
          severity: softened(endpoint, severity),
          range: b.range,
          related: [{ range: a.range, message: `${a.key} is set here` }],
          fixes,
        },
      ];
    }
    return [];
  },
};
