// Property tests for the mail-tool and server-config extractors (msmtp, mutt, Postfix main.cf, git
// config, Gitea app.ini, grafana.ini) and the shared line parser: never throw, ranges stay inside
// the text, rewrites apply — on every truncation of the fixtures and on random mutations.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractGitConfig } from '../../src/core/config/gitConfig';
import { extractGiteaIni } from '../../src/core/config/giteaIni';
import { extractGrafanaIni } from '../../src/core/config/grafanaIni';
import { extractMsmtp } from '../../src/core/config/msmtp';
import { extractMutt } from '../../src/core/config/mutt';
import { parseLines } from '../../src/core/config/parsers/lines';
import { extractPostfixMainCf } from '../../src/core/config/postfixMainCf';
import { extractSsmtp } from '../../src/core/config/ssmtp';
import { extractMbsync } from '../../src/core/config/mbsync';
import { extractOfflineimap } from '../../src/core/config/offlineimap';
import { extractFetchmail } from '../../src/core/config/fetchmail';
import { extractThunderbirdAutoconfig } from '../../src/core/config/thunderbirdAutoconfig';
import type { MailEndpoint, TextEdit, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const root = resolve(__dirname, '../../../test/fixtures');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

const FORMATS: readonly (readonly [string, (text: string) => MailEndpoint[]])[] = [
  ['msmtp', extractMsmtp],
  ['mutt', extractMutt],
  ['postfix', (text) => extractPostfixMainCf(text)],
  ['gitconfig', extractGitConfig],
  ['gitea', extractGiteaIni],
  ['grafana', extractGrafanaIni],
  ['ssmtp', extractSsmtp],
  ['mbsync', extractMbsync],
  ['offlineimap', extractOfflineimap],
  ['fetchmail', extractFetchmail],
  ['thunderbird', extractThunderbirdAutoconfig],
];

const inside = (text: string, range: TextRange): boolean => Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= text.length;

function checkEdits(text: string, extract: (text: string) => MailEndpoint[], edits: readonly TextEdit[] | undefined): void {
  if (!edits) return;
  for (const edit of edits) assert.ok(inside(text, edit.range), `edit ${JSON.stringify(edit.range)} outside`);
  check(applyEdits(text, edits), extract, false);
}

function check(text: string, extract: (text: string) => MailEndpoint[], withEdits = true): void {
  for (const endpoint of extract(text)) {
    const ranges = [endpoint.range, endpoint.anchor, endpoint.mode.range, ...endpoint.tlsFlags.flatMap((flag) => [flag.range, ...(flag.removal ? [flag.removal.range] : [])])];
    if (endpoint.host) ranges.push(endpoint.host.range);
    if (endpoint.port) ranges.push(endpoint.port.range);
    if (endpoint.credentials) ranges.push(endpoint.credentials.range);
    if (endpoint.certificateVerificationOff) ranges.push(endpoint.certificateVerificationOff.range);
    for (const range of ranges) assert.ok(inside(text, range), `range ${JSON.stringify(range)} outside a text of ${text.length}`);
    if (!withEdits) continue;
    for (const mode of ['implicit', 'starttls', 'none'] as const) checkEdits(text, extract, endpoint.rewrite.setTlsMode?.(mode, { enforce: true }));
    checkEdits(text, extract, endpoint.rewrite.setPort?.(465));
    checkEdits(text, extract, endpoint.rewrite.enforceStartTls?.());
    checkEdits(text, extract, endpoint.rewrite.enableCertificateVerification?.());
  }
}

describe('fuzz: mail tool configs', () => {
  for (const [format, extract] of FORMATS) {
    const fixtures = files(join(root, format)).map((file) => readFileSync(file, 'utf8'));
    it(`${format}: every truncation of every fixture`, () => {
      for (const text of fixtures) for (let end = 0; end <= text.length; end++) check(text.slice(0, end), extract, end % 7 === 0 || end === text.length);
    });
    it(`${format}: random mutations of the fixtures`, () => {
      const mutation = fc.tuple(fc.constantFrom(...fixtures), fc.nat(), fc.nat(), fc.constantFrom('', '\n', '"', "'", '=', ' ', '[', ']', ':', '465', 'on', 'off', 'yes', '#', ';', '\r\n', 'smtps://', '\\', '\t', '<', '>', '</port>', 'ssl', 'YES', 'IMAPS', '<!--'));
      fc.assert(
        fc.property(mutation, ([text, at, length, insert]) => {
          const start = at % (text.length + 1);
          const end = Math.min(text.length, start + (length % 12));
          check(text.slice(0, start) + insert + text.slice(end), extract);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('the line parser keeps keys and values at their ranges on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('space', 'equals', 'space-or-equals' as const), fc.boolean(), (text, separator, flags) => {
        const file = parseLines(text, { separator: separator as 'space', comments: '#;', inlineComments: flags, sections: flags, continuation: !flags });
        for (const entry of file.entries) {
          for (const range of [entry.keyRange, entry.valueRange, entry.innerRange, entry.lineRange, entry.lineWithBreakRange]) assert.ok(inside(text, range));
          assert.equal(text.slice(entry.keyRange.start, entry.keyRange.end), entry.key);
        }
      }),
      { numRuns: 500 },
    );
  });
});
