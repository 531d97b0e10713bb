import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { ghostJsonExtractor } from '../../src/core/config/ghostJson';
import { applyEdits } from '../../src/core/text';
import type { MailEndpoint, TextRange } from '../../src/core/model';

function fixture(name: string): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'json', name);
    if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    dir = path.dirname(dir);
  }
  throw new Error(`fixture ${name} not found`);
}

const slice = (text: string, range: TextRange | undefined): string | undefined => (range ? text.slice(range.start, range.end) : undefined);

function extract(text: string, fileName = 'config.production.json'): MailEndpoint[] {
  return ghostJsonExtractor.extract({ fileName, text }) as MailEndpoint[];
}

function assertValidJson(text: string): void {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  assert.deepEqual(errors, [], text);
}

test('appliesTo JSON files but not package manifests', () => {
  assert.ok(ghostJsonExtractor.appliesTo('/srv/ghost/config.production.json'));
  assert.ok(ghostJsonExtractor.appliesTo('settings.jsonc'));
  assert.ok(!ghostJsonExtractor.appliesTo('package.json'));
  assert.ok(!ghostJsonExtractor.appliesTo('config.js'));
});

test('a service preset overrides the written port and secure', () => {
  const text = fixture('config.production.json');
  const [endpoint, ...rest] = extract(text);
  assert.equal(rest.length, 0);
  assert.ok(endpoint);
  assert.equal(endpoint.format, 'json');
  assert.equal(endpoint.library, 'nodemailer');
  assert.equal(slice(text, endpoint.anchor), '"mail"');
  assert.equal(endpoint.mode.value, 'implicit');
  assert.equal(endpoint.mode.origin, 'preset');
  assert.equal(endpoint.port?.value, 465);
  assert.equal(endpoint.host?.value, 'smtp.mailgun.org');
  assert.equal(slice(text, endpoint.credentials?.range)?.startsWith('"auth"'), true);
  assert.deepEqual(endpoint.tlsFlags.map((flag) => [flag.intent, slice(text, flag.range)]), [['starttls', '"secure": false']]);
});

test('secure: true on 587 with certificate checks off, and JSON-valid fixes', () => {
  const text = fixture('config.development.json');
  const [endpoint] = extract(text, 'config.development.json');
  assert.ok(endpoint);
  assert.equal(endpoint.mode.value, 'implicit');
  assert.equal(endpoint.port?.value, 587);
  assert.equal(slice(text, endpoint.certificateVerificationOff?.range), '"rejectUnauthorized": false');

  const starttls = endpoint.rewrite.setTlsMode?.('starttls', { enforce: true });
  assert.ok(starttls);
  const fixed = applyEdits(text, starttls);
  assert.match(fixed, /"port": 587,\n      "secure": false,\n      "requireTLS": true,\n      "tls"/);
  assertValidJson(fixed);

  const port = endpoint.rewrite.setPort?.(465);
  assert.ok(port);
  assert.match(applyEdits(text, port), /"port": 465,/);

  const cert = endpoint.rewrite.enableCertificateVerification?.();
  assert.ok(cert);
  const verified = applyEdits(text, cert);
  assert.equal(verified.includes('rejectUnauthorized'), false);
  assertValidJson(verified);

  const removal = endpoint.tlsFlags[0]?.removal;
  assert.ok(removal);
  assertValidJson(applyEdits(text, [removal]));
});

test('string booleans in JSON are truthy, and a missing secure is inserted as JSON', () => {
  const text = '{"mail":{"transport":"smtp","options":{"host":"smtp.example.com","port":"465","secure":"false"}}}';
  const [endpoint] = extract(text);
  assert.ok(endpoint);
  assert.equal(endpoint.mode.value, 'implicit');
  assert.equal(endpoint.port?.value, 465);
  assert.equal(endpoint.tlsFlags[0]?.valueText, '"false"');

  const noSecure = '{"mail":{"transport":"SMTP","options":{"host":"smtp.example.com","port":465,"ignoreTLS":true}}}';
  const [second] = extract(noSecure);
  assert.ok(second);
  assert.equal(second.mode.value, 'implicit');
  assert.equal(second.modeExplicit, false);
  const fix = second.rewrite.setTlsMode?.('implicit');
  assert.ok(fix);
  const fixed = applyEdits(noSecure, fix);
  assert.equal(fixed, '{"mail":{"transport":"SMTP","options":{"host":"smtp.example.com","port":465,"secure": true}}}');
  assertValidJson(fixed);
});

test('non-SMTP transports, other JSON and broken JSON yield nothing and never throw', () => {
  assert.deepEqual(extract('{"mail":{"transport":"Direct","options":{"port":465}}}'), []);
  assert.deepEqual(extract('{"name":"x","port":465}'), []);
  for (let cut = 0; cut < 120; cut++) {
    const text = fixture('config.development.json').slice(0, cut * 3);
    for (const endpoint of extract(text)) assert.ok(endpoint.range.end <= text.length);
  }
});
