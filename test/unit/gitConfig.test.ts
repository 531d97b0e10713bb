// git send-email settings: smtpEncryption ssl/tls against smtpServerPort, identities, legacy smtpSSL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractGitConfig, gitConfigExtractor } from '../../src/core/config/gitConfig';
import { applyPreferred, fixture, ruleIds } from './mailToolsHelpers';

const NAME = '/home/me/.gitconfig';

describe('git config extractor', () => {
  it('reads git config names, not every file called config', () => {
    for (const name of ['.gitconfig', '/repo/.git/config', '/home/me/.config/git/config', 'team.gitconfig']) assert.equal(gitConfigExtractor.appliesTo(name), true, name);
    for (const name of ['/app/config', 'config.yml']) assert.equal(gitConfigExtractor.appliesTo(name), false, name);
  });

  it('flags ssl on 587 and tls on 465 (identity section)', async () => {
    const text = fixture('gitconfig', 'wrong.gitconfig');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls', 'starttls-port-with-implicit-tls']);
    let fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    fixed = await applyPreferred(NAME, fixed, 'implicit-port-without-implicit-tls');
    assert.deepEqual(await ruleIds(NAME, fixed), []);
    assert.match(fixed, /smtpEncryption = tls\n\tsmtpUser/);
  });

  it('applies the default ports 465 (ssl) and 25 (tls), and smtpSSL', () => {
    const [ssl] = extractGitConfig('[sendemail]\n\tsmtpServer = smtp.example.com\n\tsmtpEncryption = ssl\n');
    assert.equal(ssl?.port?.value, 465);
    const [legacy] = extractGitConfig('[sendemail]\n\tsmtpServer = smtp.example.com\n\tsmtpSSL = true\n\tsmtpServerPort = 587\n');
    assert.equal(legacy?.mode.value, 'implicit');
    assert.deepEqual(extractGitConfig('[sendemail]\n\tsmtpServer = /usr/bin/msmtp\n'), []);
  });

  it('flags plaintext with a user and an empty smtpSSLCertPath', async () => {
    const text = '[sendemail]\n\tsmtpServer = smtp.example.com\n\tsmtpServerPort = 587\n\tsmtpUser = me\n\tsmtpSSLCertPath =\n';
    assert.deepEqual(await ruleIds(NAME, text), ['tls-disabled-with-credentials']);
    const withTls = text.replace('smtpUser', 'smtpEncryption = tls\n\tsmtpUser');
    assert.deepEqual(await ruleIds(NAME, withTls), ['certificate-verification-disabled']);
    assert.deepEqual(await ruleIds(NAME, await applyPreferred(NAME, withTls, 'certificate-verification-disabled')), []);
    // With TLS on, the empty certificate path now matters.
    assert.deepEqual(await ruleIds(NAME, await applyPreferred(NAME, text, 'tls-disabled-with-credentials')), ['certificate-verification-disabled']);
  });

  it('is silent on correct settings', async () => {
    assert.deepEqual(await ruleIds(NAME, fixture('gitconfig', 'correct.gitconfig')), []);
  });
});
