// Postfix main.cf: relayhost port against smtp_tls_wrappermode and smtp_tls_security_level.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractPostfixMainCf, postfixMainCfExtractor } from '../../src/core/config/postfixMainCf';
import { applyPreferred, fixture, ruleIds } from './mailToolsHelpers';

const NAME = '/etc/postfix/main.cf';

describe('postfix main.cf extractor', () => {
  it('reads main.cf only', () => {
    assert.equal(postfixMainCfExtractor.appliesTo('/etc/postfix/main.cf'), true);
    assert.equal(postfixMainCfExtractor.appliesTo('/etc/postfix/master.cf'), false);
  });

  it('flags 465 without wrappermode, quoting the Postfix warning', async () => {
    const text = fixture('postfix', 'wrong-465/main.cf');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /smtp_tls_wrappermode = yes/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('flags wrappermode on 587 and security level none with SASL', async () => {
    const wrong587 = fixture('postfix', 'wrong-587/main.cf');
    assert.deepEqual(await ruleIds(NAME, wrong587), ['starttls-port-with-implicit-tls']);
    assert.deepEqual(await ruleIds(NAME, await applyPreferred(NAME, wrong587, 'starttls-port-with-implicit-tls')), []);
    const none = fixture('postfix', 'wrong-none/main.cf');
    assert.deepEqual(await ruleIds(NAME, none), ['tls-disabled-with-credentials']);
    const fixed = await applyPreferred(NAME, none, 'tls-disabled-with-credentials');
    assert.match(fixed, /smtp_tls_security_level = encrypt/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('is silent on correct relays, reads continuation lines and the default port', async () => {
    assert.deepEqual(await ruleIds(NAME, fixture('postfix', 'correct-465/main.cf')), []);
    assert.deepEqual(await ruleIds(NAME, fixture('postfix', 'correct-587/main.cf')), []);
    const [endpoint] = extractPostfixMainCf('relayhost = [mail.example.com]\nsmtp_tls_security_level = may\n');
    assert.equal(endpoint?.port?.value, 25);
    assert.equal(endpoint?.port?.origin, 'default');
    assert.equal(endpoint?.mode.value, 'starttls');
    assert.deepEqual(extractPostfixMainCf('relayhost =\nsmtp_tls_security_level = may\n'), []);
  });

  it('softens the reading when master.cf sets wrappermode', async () => {
    const text = fixture('postfix', 'wrong-465/main.cf');
    const endpoints = await postfixMainCfExtractor.extract({ fileName: NAME, text, readNearby: async () => ({ path: '/etc/postfix/master.cf', text: 'relay unix - - n - - smtp\n  -o smtp_tls_wrappermode=yes\n' }) });
    assert.equal(endpoints[0]?.mode.value, 'unknown');
    assert.equal(endpoints[0]?.reading?.certainty, 'inferred');
  });
});
