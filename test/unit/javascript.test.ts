import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { javascriptExtractor, mayContainMailConfig } from '../../src/core/config/javascript';
import { withSyntaxTree, changedSpan, cachedSyntaxTreeCount, forgetSyntaxTree } from '../../src/core/config/parsers/treeSitter';
import { applyEdits } from '../../src/core/text';
import type { MailEndpoint, TextRange } from '../../src/core/model';

function fixturesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'javascript');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('fixtures not found');
}

function fixture(name: string): string {
  return readFileSync(path.join(fixturesDir(), name), 'utf8');
}

async function extract(text: string, fileName = 'mailer.ts'): Promise<MailEndpoint[]> {
  return javascriptExtractor.extract({ fileName, text });
}

const slice = (text: string, range: TextRange | undefined): string | undefined => (range ? text.slice(range.start, range.end) : undefined);

test('appliesTo covers JS and TS flavours, not declaration files', () => {
  for (const name of ['a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.ts', 'a.mts', 'a.cts', 'src/A.TSX']) assert.ok(javascriptExtractor.appliesTo(name), name);
  for (const name of ['a.json', 'a.d.ts', '.env', 'a.py']) assert.ok(!javascriptExtractor.appliesTo(name), name);
});

test('secure: true on 587 is read as implicit TLS on 587', async () => {
  const text = fixture('mailer-wrong-secure.js');
  const [endpoint, ...rest] = await extract(text, 'mailer.js');
  assert.equal(rest.length, 0);
  assert.ok(endpoint);
  assert.equal(endpoint.library, 'nodemailer');
  assert.equal(endpoint.protocol, 'smtp');
  assert.equal(endpoint.mode.value, 'implicit');
  assert.equal(endpoint.modeExplicit, true);
  assert.equal(slice(text, endpoint.mode.range), 'true');
  assert.equal(endpoint.port?.value, 587);
  assert.equal(endpoint.port?.origin, 'literal');
  assert.equal(slice(text, endpoint.port?.range), '587');
  assert.equal(endpoint.host?.value, 'smtp.office365.com');
  assert.equal(slice(text, endpoint.anchor), 'createTransport');
  assert.ok(slice(text, endpoint.range)?.startsWith('{'));
  assert.equal(slice(text, endpoint.credentials?.range)?.startsWith('auth: {'), true);
  assert.deepEqual(endpoint.tlsFlags.map((flag) => [flag.key, flag.intent, slice(text, flag.range)]), [['secure', 'implicit', 'secure: true']]);

  // Fixes
  const toStartTls = endpoint.rewrite.setTlsMode?.('starttls');
  assert.ok(toStartTls);
  assert.match(applyEdits(text, toStartTls), /port: 587,\n  secure: false,\n/);
  const enforce = endpoint.rewrite.setTlsMode?.('starttls', { enforce: true });
  assert.ok(enforce);
  assert.match(applyEdits(text, enforce), /  port: 587,\n  secure: false,\n  requireTLS: true,\n  auth: \{/);
  const toPort = endpoint.rewrite.setPort?.(465);
  assert.ok(toPort);
  assert.match(applyEdits(text, toPort), /port: 465,\n  secure: true,/);
  const removal = endpoint.tlsFlags[0]?.removal;
  assert.ok(removal);
  assert.doesNotMatch(applyEdits(text, [removal]), /\n  secure: true,/);
  assert.match(applyEdits(text, [removal]), /port: 587,\n  auth: \{/);
});

test('secure: false on 465, aliased import, URL with smtp:// on 465, MAIL_URL assignment', async () => {
  const text = fixture('mailer-465-plain.ts');
  const endpoints = await extract(text);
  assert.equal(endpoints.length, 3);
  const [object, url, assigned] = endpoints as [MailEndpoint, MailEndpoint, MailEndpoint];

  assert.equal(slice(text, object.anchor), 'makeTransport');
  assert.equal(object.mode.value, 'starttls');
  assert.equal(object.port?.value, 465);
  assert.equal(object.starttlsEnforced, true);
  assert.deepEqual(object.tlsFlags.map((flag) => flag.intent), ['starttls', 'starttls-required']);
  assert.equal(slice(text, object.certificateVerificationOff?.range), 'rejectUnauthorized: false');
  const implicit = object.rewrite.setTlsMode?.('implicit');
  assert.ok(implicit);
  const fixed = applyEdits(text, implicit);
  assert.match(fixed, /port: 465,\n    secure: true,\n    auth:/);
  assert.equal(fixed.includes('requireTLS'), false);
  const cert = object.rewrite.enableCertificateVerification?.();
  assert.ok(cert);
  assert.match(applyEdits(text, cert), /tls: \{\n    \},/);

  assert.equal(url.mode.value, 'starttls');
  assert.equal(url.mode.origin, 'url');
  assert.equal(slice(text, url.mode.range), 'smtp');
  assert.equal(url.port?.value, 465);
  assert.equal(url.port?.origin, 'url');
  assert.ok(url.credentials);
  const urlFix = url.rewrite.setTlsMode?.('implicit');
  assert.ok(urlFix);
  assert.match(applyEdits(text, urlFix), /makeTransport\('smtps:\/\/noreply%40example.com:secret@smtp.example.com:465'\)/);
  const urlPort = url.rewrite.setPort?.(587);
  assert.ok(urlPort);
  assert.match(applyEdits(text, urlPort), /smtp.example.com:587'/);
  // The password in the URL is never kept.
  assert.equal(JSON.stringify({ ...url, rewrite: undefined }).includes('secret'), false);

  assert.equal(assigned.mode.value, 'implicit');
  assert.equal(assigned.port?.value, 587);
  assert.equal(assigned.host?.value, 'smtp.sendgrid.net');
});

test('correct configurations that look suspicious are read as correct, and non-mail objects are ignored', async () => {
  const text = fixture('correct-but-suspicious.js');
  const endpoints = await extract(text, 'mail.js');
  assert.equal(endpoints.length, 4, JSON.stringify(endpoints.map((endpoint) => slice(text, endpoint.anchor))));
  const [computed, fromEnv, gmail, implicit] = endpoints as [MailEndpoint, MailEndpoint, MailEndpoint, MailEndpoint];

  assert.equal(computed.mode.value, 'unknown');
  assert.equal(computed.mode.origin, 'computed');
  assert.equal(slice(text, computed.mode.range), 'SMTP_PORT === 465');
  assert.equal(computed.port?.value, 587);
  assert.equal(computed.port?.origin, 'fallback');
  assert.equal(computed.port?.envName, 'SMTP_PORT');
  assert.equal(computed.host?.value, 'smtp.example.com');
  assert.equal(computed.host?.origin, 'fallback');
  assert.equal(computed.tlsFlags.length, 0);

  assert.equal(fromEnv.mode.value, 'unknown');
  assert.equal(fromEnv.port, undefined);

  assert.equal(gmail.mode.value, 'implicit');
  assert.equal(gmail.mode.origin, 'preset');
  assert.equal(gmail.port?.value, 465);
  assert.equal(gmail.port?.origin, 'preset');
  assert.equal(gmail.host?.value, 'smtp.gmail.com');

  assert.equal(implicit.mode.value, 'implicit');
  assert.equal(implicit.modeExplicit, false);
  assert.equal(implicit.mode.origin, 'default');
  assert.equal(slice(text, implicit.mode.range), '465');
});

test('service presets override port and secure; a preset without secure keeps the user\'s', async () => {
  const text = fixture('service-preset.js');
  const [sendgrid, gmail] = (await extract(text, 'mail.js')) as [MailEndpoint, MailEndpoint];
  assert.equal(sendgrid.mode.value, 'implicit');
  assert.equal(sendgrid.mode.origin, 'literal');
  assert.equal(sendgrid.port?.value, 587);
  assert.equal(sendgrid.port?.origin, 'preset');
  assert.equal(slice(text, sendgrid.port?.range), "'SendGrid'");
  assert.deepEqual(sendgrid.rewrite.setTlsMode?.('starttls')?.length, 1);
  assert.equal(sendgrid.rewrite.setPort?.(465), undefined, 'a preset port cannot be changed by writing port');

  assert.equal(gmail.mode.value, 'implicit');
  assert.equal(gmail.mode.origin, 'preset');
  assert.equal(gmail.port?.value, 465);
  assert.equal(gmail.rewrite.setTlsMode?.('starttls'), undefined);
});

test('options under mail-ish keys, spreads, string ports and URL constants', async () => {
  const text = fixture('config-objects.ts');
  const endpoints = await extract(text, 'config.ts');
  assert.equal(endpoints.length, 4, JSON.stringify(endpoints.map((endpoint) => slice(text, endpoint.anchor))));
  const [mail, smtpConfig, spread, url] = endpoints as [MailEndpoint, MailEndpoint, MailEndpoint, MailEndpoint];

  assert.equal(mail.mode.value, 'starttls');
  assert.equal(mail.port?.value, 465);
  assert.equal(mail.port?.origin, 'fallback');
  assert.equal(slice(text, mail.port?.range), "'465'");
  assert.equal(slice(text, mail.anchor), 'host');
  const portFix = mail.rewrite.setPort?.(587);
  assert.ok(portFix);
  assert.match(applyEdits(text, portFix), /process\.env\.MAIL_PORT \?\? '587'/);

  assert.equal(smtpConfig.port?.value, 587);
  assert.equal(smtpConfig.mode.value, 'unknown');
  const envFlag = smtpConfig.tlsFlags.find((flag) => flag.unparsedEnvString);
  assert.ok(envFlag);
  assert.equal(envFlag.unparsedEnvString?.envName, 'SMTP_SECURE');
  const parse = smtpConfig.rewrite.parseEnvBoolean?.(envFlag);
  assert.ok(parse);
  assert.match(applyEdits(text, parse), /secure: process\.env\.SMTP_SECURE === 'true', ignoreTLS: false/);
  const inline = smtpConfig.rewrite.enforceStartTls?.();
  assert.ok(inline);
  assert.match(applyEdits(text, inline), /port: '587', secure: process.env.SMTP_SECURE, requireTLS: true \},/);

  assert.equal(spread.port?.value, 25);
  assert.equal(spread.host?.value, 'smtp.example.org');
  assert.equal(spread.mode.value, 'implicit');

  assert.equal(url.mode.value, 'implicit');
  assert.equal(url.port?.value, 587);
  assert.equal(slice(text, url.certificateVerificationOff?.range), 'tls.rejectUnauthorized=false');
  const certFix = url.rewrite.enableCertificateVerification?.();
  assert.ok(certFix);
  assert.match(applyEdits(text, certFix), /tls\.rejectUnauthorized=true/);
});

test('NestJS MailerModule.forRoot URL and forRootAsync factory with ConfigService strings', async () => {
  const text = fixture('nest-mailer.module.ts');
  const [url, factory] = (await extract(text, 'mail.module.ts')) as [MailEndpoint, MailEndpoint];
  assert.ok(url && factory);
  assert.equal(url.mode.value, 'implicit');
  assert.equal(url.port?.value, 587);
  assert.equal(slice(text, url.anchor), 'forRoot');
  assert.equal(factory.mode.value, 'unknown');
  assert.equal(factory.port?.value, 465);
  assert.equal(factory.tlsFlags[0]?.unparsedEnvString?.envName, 'MAIL_SECURE');
  const parse = factory.rewrite.parseEnvBoolean?.(factory.tlsFlags[0]!);
  assert.ok(parse);
  assert.match(applyEdits(text, parse), /secure: config\.get\('MAIL_SECURE'\) === 'true',/);
});

test('ImapFlow and node-imap clients', async () => {
  const text = fixture('imap-clients.mjs');
  const [client, both, auto, legacy, plain] = (await extract(text, 'imap.mjs')) as MailEndpoint[];
  assert.ok(client && both && auto && legacy && plain);
  assert.equal(client.library, 'imapflow');
  assert.equal(client.protocol, 'imap');
  assert.equal(client.mode.value, 'starttls');
  assert.equal(client.port?.value, 993);
  const fix = client.rewrite.setTlsMode?.('implicit');
  assert.ok(fix);
  assert.match(applyEdits(text, fix), /port: 993,\n  secure: true,/);

  assert.equal(both.mode.value, 'implicit');
  assert.deepEqual(both.tlsFlags.map((flag) => flag.intent), ['implicit', 'starttls-required']);
  assert.equal(both.starttlsEnforced, true);

  assert.equal(auto.mode.value, 'implicit');
  assert.equal(auto.modeExplicit, false);

  assert.equal(legacy.library, 'node-imap');
  assert.equal(legacy.mode.value, 'implicit');
  assert.equal(legacy.port?.value, 143);
  assert.ok(legacy.reading?.note.includes('ssl'));
  assert.equal(slice(text, legacy.certificateVerificationOff?.range), 'rejectUnauthorized: false');
  assert.equal(slice(text, legacy.credentials?.range), "user: 'me'");
  const starttls = legacy.rewrite.setTlsMode?.('starttls', { enforce: true });
  assert.ok(starttls);
  const rewritten = applyEdits(text, starttls);
  assert.match(rewritten, /tls: false,\n  autotls: 'required',\n  tlsOptions/);
  assert.equal(rewritten.includes('ssl: true'), false);

  assert.equal(plain.mode.value, 'starttls');
  assert.equal(plain.starttlsEnforced, false);
  const enforce = plain.rewrite.enforceStartTls?.();
  assert.ok(enforce);
  assert.match(applyEdits(text, enforce), /autotls: 'required' \}\);/);
});

test('TSX with non-ASCII text: ranges are UTF-16 offsets', async () => {
  const text = fixture('react-settings.tsx');
  const [endpoint, ...rest] = await extract(text, 'Settings.tsx');
  assert.equal(rest.length, 0);
  assert.ok(endpoint);
  assert.equal(endpoint.port?.value, 2525);
  assert.equal(slice(text, endpoint.port?.range), '2525');
  assert.equal(slice(text, endpoint.mode.range), 'true');
  const fix = endpoint.rewrite.setPort?.(465);
  assert.ok(fix);
  assert.match(applyEdits(text, fix), /port: 465, secure: true \}/);
});

test('tree-sitter indices are UTF-16 code units, including after astral characters', async () => {
  const text = '// Größe 😀\nconst s = "😀😀"; const x = { port: 465 };';
  const found = await withSyntaxTree('utf16-probe.js', text, 'javascript', (root) => {
    const result: { start: number; end: number; column: number }[] = [];
    const visit = (node: typeof root): void => {
      if (node.type === 'number') result.push({ start: node.startIndex, end: node.endIndex, column: node.startPosition.column });
      for (const child of node.namedChildren) if (child) visit(child);
    };
    visit(root);
    return result;
  });
  const expected = text.indexOf('465');
  assert.deepEqual(found[0], { start: expected, end: expected + 3, column: expected - text.indexOf('\n') - 1 });
  forgetSyntaxTree('utf16-probe.js');
});

test('incremental reparse gives the same endpoints as a fresh parse', async () => {
  const base = fixture('mailer-wrong-secure.js');
  const name = 'incremental.js';
  const first = await extract(base, name);
  const edited = base.replace('port: 587', 'port: 465').replace('// Modelled', '// 😀 Größe Modelled');
  const second = await extract(edited, name);
  forgetSyntaxTree(name);
  const fresh = await extract(edited, name);
  const strip = (endpoints: MailEndpoint[]): unknown => endpoints.map(({ rewrite: _rewrite, ...rest }) => rest);
  assert.deepEqual(strip(second), strip(fresh));
  assert.equal(first[0]?.port?.value, 587);
  assert.equal(second[0]?.port?.value, 465);
  assert.equal(slice(edited, second[0]?.port?.range), '465');
  forgetSyntaxTree(name);
});

test('changedSpan never splits a surrogate pair', () => {
  const span = changedSpan('a😀b', 'a😃b');
  assert.deepEqual(span, { start: 1, oldEnd: 3, newEnd: 3 });
  assert.deepEqual(changedSpan('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4 });
});

test('the cache of trees is bounded', async () => {
  for (let index = 0; index < 30; index++) await extract(`createTransport({ port: ${index} })`, `cache-${index}.js`);
  assert.ok(cachedSyntaxTreeCount() <= 20);
  forgetSyntaxTree();
  assert.equal(cachedSyntaxTreeCount(), 0);
});

test('more value shapes: process.env[...], import.meta.env, destructured env, +x, shorthand consts', async () => {
  const text = [
    "const { SMTP_PORT } = process.env;",
    "const port = 587;",
    "const host = 'smtp.example.com';",
    "export const a = createTransport({ host, port, secure: true });",
    "export const b = createTransport({ host, port: +SMTP_PORT || 465, secure: false });",
    "export const c = createTransport({ host: import.meta.env.VITE_SMTP_HOST, port: process.env['SMTP_PORT'] ?? 25, secure: undefined });",
    "export const d = createTransport(`smtps://smtp.example.com`);",
  ].join('\n');
  const [a, b, c, d] = (await extract(text, 'x.mjs')) as MailEndpoint[];
  assert.ok(a && b && c && d);
  assert.equal(a.port?.value, 587);
  assert.equal(slice(text, a.port?.range), '587');
  assert.equal(a.host?.value, 'smtp.example.com');
  const insertFix = createSecureFalse(a);
  assert.ok(insertFix);
  assert.match(applyEdits(text, insertFix), /const port = 587;/);
  assert.equal(b.port?.value, 465);
  assert.equal(b.port?.origin, 'fallback');
  assert.equal(b.port?.envName, 'SMTP_PORT');
  assert.equal(b.mode.value, 'starttls');
  assert.equal(c.port?.value, 25);
  assert.equal(c.mode.value, 'auto');
  assert.equal(c.modeExplicit, false);
  assert.equal(d.mode.value, 'implicit');
  assert.equal(d.port?.value, 465);
  assert.equal(d.port?.origin, 'default');
  const addPort = d.rewrite.setPort?.(465);
  assert.ok(addPort);
  assert.match(applyEdits(text, addPort), /`smtps:\/\/smtp\.example\.com:465`/);
});

function createSecureFalse(endpoint: MailEndpoint) {
  return endpoint.rewrite.setTlsMode?.('starttls');
}

test('inserting secure when it is missing follows the object layout', async () => {
  const multi = "transporter = nodemailer.createTransport({\n\thost: 'smtp.example.com',\n\tport: 587, // submission\n\tauth\n})";
  const [endpoint] = await extract(multi, 'm.js');
  assert.ok(endpoint);
  assert.equal(endpoint.mode.value, 'starttls');
  assert.equal(endpoint.modeExplicit, false);
  const edits = endpoint.rewrite.setTlsMode?.('starttls', { enforce: true });
  assert.ok(edits);
  assert.equal(applyEdits(multi, edits), "transporter = nodemailer.createTransport({\n\thost: 'smtp.example.com',\n\tport: 587, // submission\n\tsecure: false,\n\trequireTLS: true,\n\tauth\n})");

  const inline = 'createTransport({ host: "smtp.example.com", port: 465 })';
  const [second] = await extract(inline, 'i.js');
  assert.ok(second);
  const edits2 = second.rewrite.setTlsMode?.('implicit');
  assert.ok(edits2);
  assert.equal(applyEdits(inline, edits2), 'createTransport({ host: "smtp.example.com", port: 465, secure: true })');
});

test('half-typed files still yield what parses', async () => {
  const text = "import nodemailer from 'nodemailer';\nconst t = nodemailer.createTransport({ host: 'smtp.x.org', port: 587, secure: true,\nconst y = ";
  const endpoints = await extract(text, 'half.ts');
  assert.ok(endpoints.length <= 1);
  for (const endpoint of endpoints) assert.ok(endpoint.range.end <= text.length);
});

test('no mail words: no parse, and the pre-check is fast on a big file', async () => {
  const lines: string[] = [];
  for (let index = 0; index < 10_000; index++) lines.push(`export const value${index} = { a: ${index}, b: 'text ${index}', c: [1, 2, 3] }; // ordinary code`);
  const text = lines.join('\n');
  assert.equal(mayContainMailConfig(text), false);
  const start = performance.now();
  for (let round = 0; round < 20; round++) mayContainMailConfig(text);
  const perCall = (performance.now() - start) / 20;
  assert.ok(perCall < 5, `pre-check took ${perCall.toFixed(2)} ms`);
  assert.deepEqual(await extract(text, 'big.ts'), []);
});
