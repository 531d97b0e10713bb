// msmtp: tls / tls_starttls / port pairings per account, defaults inherited, fixes in msmtprc syntax.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractMsmtp, msmtpExtractor } from '../../src/core/config/msmtp';
import { applyPreferred, fixture, ruleIds, slice, verdicts } from './mailToolsHelpers';

const NAME = '/home/me/.msmtprc';

describe('msmtp extractor', () => {
  it('reads msmtprc file names only', () => {
    for (const name of ['.msmtprc', '/etc/msmtprc', 'work.msmtprc', 'C:\\x\\msmtprc']) assert.equal(msmtpExtractor.appliesTo(name), true, name);
    for (const name of ['msmtprc.md', 'README', 'msmtp.c']) assert.equal(msmtpExtractor.appliesTo(name), false, name);
  });

  it('reads accounts with inherited defaults and the 25/465 port defaults', () => {
    const text = fixture('msmtp', 'correct.msmtprc');
    const list = extractMsmtp(text);
    const byHost = new Map(list.map((endpoint) => [endpoint.host?.value, endpoint]));
    assert.equal(byHost.get('smtp.fastmail.com')?.mode.value, 'implicit');
    assert.equal(byHost.get('smtp.gmail.com')?.mode.value, 'starttls');
    assert.equal(byHost.get('smtp.gmail.com')?.starttlsEnforced, true);
    assert.equal(byHost.get('posteo.de')?.port?.value, 465);
    assert.equal(byHost.get('posteo.de')?.port?.origin, 'default');
    assert.equal(byHost.get('localhost')?.mode.value, 'none');
  });

  it('is silent on correct accounts', async () => {
    assert.deepEqual(await ruleIds(NAME, fixture('msmtp', 'correct.msmtprc')), []);
  });

  it('flags 465 with STARTTLS (hang), tls_starttls off on 587, tls off with a password, tls_certcheck off', async () => {
    const text = fixture('msmtp', 'wrong.msmtprc');
    const findings = await verdicts(NAME, text);
    assert.deepEqual(findings.map((finding) => finding.ruleId).sort(), ['certificate-verification-disabled', 'implicit-port-without-implicit-tls', 'starttls-port-with-implicit-tls', 'tls-disabled-with-credentials']);
    const hang = findings.find((finding) => finding.ruleId === 'implicit-port-without-implicit-tls')!;
    assert.match(hang.message, /msmtp/);
    assert.equal(slice(text, hang.related[0]!.range), '465');
  });

  it('fixes each finding in msmtprc syntax', async () => {
    const text = fixture('msmtp', 'wrong.msmtprc');
    for (const rule of ['implicit-port-without-implicit-tls', 'starttls-port-with-implicit-tls', 'tls-disabled-with-credentials', 'certificate-verification-disabled']) {
      const fixed = await applyPreferred(NAME, text, rule);
      assert.ok(!(await ruleIds(NAME, fixed)).includes(rule), `${rule} still there after its fix:\n${fixed}`);
    }
    const fixed = await applyPreferred(NAME, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /port {11}465\ntls_starttls off\n/);
  });

  it('reads a bare `tls` as on and the legacy tls_nostarttls as implicit TLS', async () => {
    const text = 'account a\nhost smtp.example.com\nport 587\ntls\ntls_nostarttls\nauth on\nuser me\n';
    assert.deepEqual(await ruleIds(NAME, text), ['starttls-port-with-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });
});
