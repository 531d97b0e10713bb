// The .NET config extractor (appsettings*.json, web.config/app.config) on truncated and mutated
// fixtures: it never throws, every range stays inside the text, and every rewrite can be applied.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { dotnetConfigExtractor } from '../../src/core/config/dotnetConfig';
import type { MailEndpoint, TextRange } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const dir = path.resolve(__dirname, '../../../test/fixtures/dotnetConfig');
const fixtures = readdirSync(dir)
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));

async function check(name: string, text: string): Promise<void> {
  const endpoints: MailEndpoint[] = await dotnetConfigExtractor.extract({ fileName: `fuzz/${name}`, text, readNearby: async () => undefined });
  const inside = (range: TextRange | undefined): void => {
    if (range) assert.ok(range.start >= 0 && range.start <= range.end && range.end <= text.length, JSON.stringify(range));
  };
  for (const endpoint of endpoints) {
    for (const range of [endpoint.range, endpoint.anchor, endpoint.mode.range, endpoint.port?.range, endpoint.host?.range, endpoint.credentials?.range, endpoint.certificateVerificationOff?.range]) inside(range);
    for (const flag of endpoint.tlsFlags) inside(flag.range);
    for (const edits of [
      endpoint.rewrite.setTlsMode?.('implicit'),
      endpoint.rewrite.setTlsMode?.('starttls'),
      endpoint.rewrite.setTlsMode?.('starttls', { enforce: true }),
      endpoint.rewrite.setPort?.(587),
      endpoint.rewrite.setPort?.(465),
      endpoint.rewrite.enforceStartTls?.(),
      endpoint.rewrite.enableCertificateVerification?.(),
    ]) {
      for (const edit of edits ?? []) inside(edit.range);
      if (edits) applyEdits(text, edits);
    }
  }
}

test('fuzz: every truncation of the .NET config fixtures', { timeout: 30_000 }, async () => {
  for (const { name, text } of fixtures) {
    for (let end = 0; end <= text.length; end++) await check(name, text.slice(0, end));
  }
});

test('fuzz: random values in appsettings sections and <network> attributes', { timeout: 30_000 }, async () => {
  const value = fc.oneof(fc.constantFrom('true', 'false', '"true"', '465', '587', '"587"', '"SslOnConnect"', '"auto"', '"StartTls"', 'null', '{', '"', '[1]', ''), fc.string({ maxLength: 8 }));
  const attr = fc.oneof(fc.constantFrom('true', 'false', '465', '587', '"', "'", '<', '&amp;', ''), fc.string({ maxLength: 8 }));
  await fc.assert(
    fc.asyncProperty(value, value, value, attr, attr, async (port, option, ssl, a, b) => {
      await check('appsettings.json', `{ "Smtp": { "Host": "smtp.example.com", "Port": ${port}, "SecureSocketOptions": ${option}, "UserName": "u" }, "Mail": { "Server": ${option}, "Port": ${port}, "UseSsl": ${ssl} }, "Email": { "Host": "h", "Port": ${port}, "EnableSsl": ${ssl} } }`);
      await check('web.config', `<configuration><system.net><mailSettings><smtp deliveryMethod="${a}"><network host="smtp.example.com" port="${b}" enableSsl="${a}" ${b}/></smtp></mailSettings></system.net></configuration>`);
    }),
    { numRuns: 300 },
  );
});

test('fuzz: random insertions into the fixtures', { timeout: 30_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.nat(), fc.string({ maxLength: 12 }), async (a, b, insert) => {
      const fixture = fixtures[a % fixtures.length]!;
      const at = b % (fixture.text.length + 1);
      await check(fixture.name, fixture.text.slice(0, at) + insert + fixture.text.slice(at));
    }),
    { numRuns: 400 },
  );
});
