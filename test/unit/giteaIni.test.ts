// Gitea / Forgejo app.ini [mailer]: PROTOCOL against SMTP_PORT, inference from the port, < 1.18 keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractGiteaIni, giteaIniExtractor } from '../../src/core/config/giteaIni';
import { applyPreferred, fixture, ruleIds } from './mailToolsHelpers';

const NAME = '/data/gitea/conf/app.ini';

describe('gitea app.ini extractor', () => {
  it('reads app.ini', () => {
    assert.equal(giteaIniExtractor.appliesTo('/data/gitea/conf/app.ini'), true);
    assert.equal(giteaIniExtractor.appliesTo('/x/php.ini'), false);
  });

  it('flags PROTOCOL = smtps with SMTP_PORT = 587 (the old docs example) and FORCE_TRUST_SERVER_CERT', async () => {
    const text = fixture('gitea', 'wrong-app.ini');
    assert.deepEqual(await ruleIds(NAME, text), ['certificate-verification-disabled', 'starttls-port-with-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /PROTOCOL = smtp\+starttls/);
    assert.deepEqual(await ruleIds(NAME, await applyPreferred(NAME, fixed, 'certificate-verification-disabled')), []);
  });

  it('infers the protocol from the port (465 → smtps, 2525 → smtps)', async () => {
    assert.deepEqual(await ruleIds(NAME, fixture('gitea', 'correct-app.ini')), []);
    const [odd] = extractGiteaIni('[mailer]\nENABLED = true\nSMTP_ADDR = smtp.sendgrid.net\nSMTP_PORT = 2525\n');
    assert.equal(odd?.mode.value, 'implicit');
    assert.equal(odd?.modeExplicit, false);
  });

  it('reads the < 1.18 keys: IS_TLS_ENABLED on 587 is wrong, HOST with 465 is implicit', async () => {
    const text = fixture('gitea', 'legacy-app.ini');
    assert.deepEqual(await ruleIds(NAME, text), ['starttls-port-with-implicit-tls']);
    assert.deepEqual(await ruleIds(NAME, await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls')), []);
    assert.deepEqual(await ruleIds(NAME, fixture('gitea', 'correct-legacy-app.ini')), []);
  });

  it('flags PROTOCOL = smtp with credentials to a remote host, ignores sendmail and disabled mailers', async () => {
    const text = '[mailer]\nENABLED = true\nPROTOCOL = smtp\nSMTP_ADDR = smtp.example.com\nSMTP_PORT = 587\nUSER = me\nPASSWD = x\n';
    assert.deepEqual(await ruleIds(NAME, text), ['tls-disabled-with-credentials']);
    assert.deepEqual(await ruleIds(NAME, await applyPreferred(NAME, text, 'tls-disabled-with-credentials')), []);
    assert.deepEqual(extractGiteaIni('[mailer]\nPROTOCOL = sendmail\nSMTP_PORT = 587\n'), []);
    assert.deepEqual(extractGiteaIni('[mailer]\nENABLED = false\nPROTOCOL = smtps\nSMTP_ADDR = x.example\nSMTP_PORT = 587\n'), []);
  });
});
