import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMailUrl } from '../../src/core/config/mailUrl';
import {
  resolveImapFlow,
  resolveNodeImap,
  resolveNodemailer,
  urlOptions,
  wellKnownService,
  type AbstractValue,
  type OptionEntry,
  type WrittenOptions,
} from '../../src/core/config/semantics/nodemailer';

const anchor = { start: 0, end: 1 };
let offset = 10;
function entry(key: string, value: AbstractValue): OptionEntry {
  const start = (offset += 10);
  return { key, value, valueText: JSON.stringify(value), pairRange: { start, end: start + 8 }, valueRange: { start: start + 4, end: start + 8 }, expressionRange: { start: start + 4, end: start + 8 } };
}
const lit = (value: boolean | number | string | null | undefined): AbstractValue => ({ kind: 'literal', value });
const env = (envName: string, fallback?: boolean | number | string): AbstractValue =>
  fallback === undefined ? { kind: 'env', envName } : { kind: 'env', envName, fallback: { value: fallback, range: { start: 1, end: 2 } } };

function nodemailer(options: Record<string, AbstractValue>, url?: string) {
  const written: Record<string, OptionEntry> = {};
  for (const [key, value] of Object.entries(options)) written[key === 'rejectUnauthorized' ? 'rejectUnauthorized' : key] = entry(key, value);
  const parsed = url ? parseMailUrl(url, 0) : undefined;
  return resolveNodemailer(written as WrittenOptions, anchor, parsed ? { url: parsed, origin: 'url', key: 'url' } : undefined);
}

test('secure is read with !!, and the 465 auto rule applies only when secure is undefined', () => {
  assert.equal(nodemailer({ port: lit(465) }).mode.value, 'implicit');
  assert.equal(nodemailer({ port: lit(465) }).modeExplicit, false);
  assert.equal(nodemailer({ port: lit(465), secure: lit(false) }).mode.value, 'starttls');
  assert.equal(nodemailer({ port: lit(465), secure: lit(null) }).mode.value, 'starttls', 'null is defined');
  assert.equal(nodemailer({ port: lit(465), secure: lit(undefined) }).mode.value, 'implicit');
  assert.equal(nodemailer({ port: lit(587), secure: lit('false') }).mode.value, 'implicit', '"false" is truthy');
  assert.equal(nodemailer({ port: lit(587), secure: lit(0) }).mode.value, 'starttls');
  assert.equal(nodemailer({ port: lit('465') }).mode.value, 'implicit', 'Number("465") is 465');
});

test('default port: 465 when secure, else 587', () => {
  assert.equal(nodemailer({ secure: lit(true) }).port?.value, 465);
  assert.equal(nodemailer({ secure: lit(true) }).port?.origin, 'default');
  assert.equal(nodemailer({}).port?.value, 587);
  assert.equal(nodemailer({}).mode.value, 'starttls');
  assert.equal(nodemailer({ port: lit(0) }).port?.value, 587, 'port 0 falls back to the default');
  assert.equal(nodemailer({ secure: env('SMTP_SECURE') }).port, undefined, 'unknown secure means unknown default port');
});

test('environment values: unknown without a fallback, judged on the fallback with one', () => {
  const unknown = nodemailer({ port: lit(587), secure: env('SMTP_SECURE') });
  assert.equal(unknown.mode.value, 'unknown');
  assert.equal(unknown.mode.origin, 'env');
  assert.equal(unknown.tlsFlags[0]?.intent, 'implicit');
  const auto = nodemailer({ port: env('SMTP_PORT', 465) });
  assert.equal(auto.mode.value, 'auto');
  assert.equal(auto.port?.value, 465);
  assert.equal(auto.port?.origin, 'fallback');
  const fallbackSecure = nodemailer({ port: lit(465), secure: env('SMTP_SECURE', false) });
  assert.equal(fallbackSecure.mode.value, 'starttls');
  assert.equal(fallbackSecure.mode.origin, 'fallback');
  assert.equal(nodemailer({ port: env('SMTP_PORT') }).port, undefined);
  assert.equal(nodemailer({ secure: { kind: 'computed' } }).mode.origin, 'computed');
});

test('requireTLS, ignoreTLS, opportunisticTLS and certificate checks', () => {
  const required = nodemailer({ port: lit(587), requireTLS: lit(true) });
  assert.equal(required.starttlsEnforced, true);
  assert.deepEqual(required.tlsFlags.map((flag) => flag.intent), ['starttls-required']);
  const ignored = nodemailer({ port: lit(587), ignoreTLS: lit(true), requireTLS: lit(true) });
  assert.equal(ignored.mode.value, 'none', 'ignoreTLS wins over requireTLS in _actionEHLO');
  assert.equal(ignored.starttlsEnforced, false);
  assert.equal(nodemailer({ port: lit(465), ignoreTLS: lit(true) }).mode.value, 'implicit');
  assert.equal(nodemailer({ opportunisticTLS: lit(true) }).tlsFlags[0]?.intent, 'starttls');
  assert.ok(nodemailer({ rejectUnauthorized: lit(false) }).certificateVerificationOff);
  assert.equal(nodemailer({ rejectUnauthorized: lit('false') }).certificateVerificationOff, undefined, 'a string keeps the check on');
  assert.equal(nodemailer({ rejectUnauthorized: lit(true) }).certificateVerificationOff, undefined);
});

test('URLs: smtp: sets secure=false explicitly, smtps: true, query params read but never override the scheme', () => {
  const hang = nodemailer({}, 'smtp://u:p@smtp.example.com:465');
  assert.equal(hang.mode.value, 'starttls');
  assert.equal(hang.modeExplicit, true);
  assert.equal(hang.port?.value, 465);
  assert.ok(hang.credentials);
  assert.equal(nodemailer({}, 'smtps://smtp.example.com').port?.value, 465);
  assert.equal(nodemailer({}, 'smtp://smtp.example.com:465/?secure=true').mode.value, 'starttls');
  const query = nodemailer({}, 'smtp://smtp.example.com:587/?requireTLS=true&tls.rejectUnauthorized=false');
  assert.equal(query.starttlsEnforced, true);
  assert.ok(query.certificateVerificationOff);
  assert.equal(nodemailer({ secure: lit(true), port: lit(587) }, 'smtp://h:2525').port?.value, 2525, 'URL data overrides options');
  const options = urlOptions(parseMailUrl('smtp://h/?port=465&ignoreTLS=true&x.y=1', 0)!);
  assert.equal(options.port?.value, 465);
  assert.ok(options.ignoreTLS);
});

test('well-known services: presets merged last; a preset without secure keeps the user\'s', () => {
  const sendgrid = nodemailer({ service: lit('SendGrid'), secure: lit(true) });
  assert.equal(sendgrid.mode.value, 'implicit');
  assert.equal(sendgrid.port?.value, 587);
  const gmail = nodemailer({ service: lit('gmail'), port: lit(587), secure: lit(false) });
  assert.equal(gmail.mode.value, 'implicit');
  assert.equal(gmail.port?.value, 465);
  assert.equal(gmail.mode.origin, 'preset');
  const outlook = nodemailer({ service: lit('Outlook365'), secure: lit(true) });
  assert.equal(outlook.mode.value, 'starttls');
  assert.equal(nodemailer({ service: lit('Proton') }).starttlsEnforced, true);
  assert.equal(nodemailer({ service: lit('Maildev') }).mode.value, 'none');
  assert.ok(nodemailer({ service: lit('NoSuchMail') }).reading);
});

test('service lookup: aliases, domains, e-mail addresses, case and spaces; dashes and dots are kept', () => {
  assert.equal(wellKnownService('Google Mail')?.name, 'Gmail');
  assert.equal(wellKnownService('googlemail')?.name, 'Gmail');
  assert.equal(wellKnownService('GOOGLEMAIL.COM')?.name, 'Gmail');
  assert.equal(wellKnownService('someone@hotmail.com')?.name, 'Hotmail');
  assert.equal(wellKnownService('outlook.com')?.name, 'Hotmail');
  assert.equal(wellKnownService('Brevo')?.name, 'SendinBlue');
  assert.equal(wellKnownService('ses-eu-west-1')?.host, 'email-smtp.eu-west-1.amazonaws.com');
  assert.equal(wellKnownService('SES EU WEST 1'), undefined, 'nodemailer keeps dashes, so spaces do not stand in for them');
  assert.equal(wellKnownService('qiye.aliyun')?.port, 465);
  assert.equal(wellKnownService('Disroot')?.secure, true);
  assert.equal(wellKnownService('Disroot')?.port, 587);
});

test('ImapFlow: auto on 993, default port by secure, doSTARTTLS', () => {
  const written = (options: Record<string, AbstractValue>): WrittenOptions => Object.fromEntries(Object.entries(options).map(([key, value]) => [key, entry(key, value)]));
  assert.equal(resolveImapFlow(written({ port: lit(993) }), anchor).mode.value, 'implicit');
  assert.equal(resolveImapFlow(written({ port: lit(993), secure: lit(false) }), anchor).mode.value, 'starttls');
  assert.equal(resolveImapFlow(written({ secure: lit(true) }), anchor).port?.value, 993);
  assert.equal(resolveImapFlow(written({}), anchor).port?.value, 143);
  assert.equal(resolveImapFlow(written({ port: lit(143), doSTARTTLS: lit(false) }), anchor).mode.value, 'none');
  const both = resolveImapFlow(written({ secure: lit(true), doSTARTTLS: lit(true) }), anchor);
  assert.deepEqual(both.tlsFlags.map((flag) => flag.intent), ['implicit', 'starttls-required']);
  assert.equal(resolveImapFlow(written({ port: lit(143), doSTARTTLS: lit(true) }), anchor).starttlsEnforced, true);
});

test('node-imap: port 143, tls implicit, autotls never/always/required, no auto rule, ssl ignored', () => {
  const written = (options: Record<string, AbstractValue>): WrittenOptions => Object.fromEntries(Object.entries(options).map(([key, value]) => [key, entry(key, value)]));
  const bare = resolveNodeImap(written({}), anchor);
  assert.equal(bare.port?.value, 143);
  assert.equal(bare.mode.value, 'none');
  assert.equal(resolveNodeImap(written({ port: lit(993) }), anchor).mode.value, 'none', 'no auto TLS on 993');
  assert.equal(resolveNodeImap(written({ port: lit(993), tls: lit(true) }), anchor).mode.value, 'implicit');
  assert.equal(resolveNodeImap(written({ autotls: lit('always') }), anchor).mode.value, 'starttls');
  const required = resolveNodeImap(written({ autotls: lit('required') }), anchor);
  assert.equal(required.starttlsEnforced, true);
  assert.equal(required.tlsFlags[0]?.intent, 'starttls-required');
  assert.equal(resolveNodeImap(written({ autotls: lit('never') }), anchor).mode.value, 'none');
  assert.ok(resolveNodeImap(written({ ssl: lit(true) }), anchor).reading);
  assert.equal(resolveNodeImap(written({ ssl: lit(true) }), anchor).mode.value, 'none');
});
