// Second wave of mail-tool configs: sSMTP, mbsync, OfflineIMAP, fetchmail, Thunderbird autoconfig.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFetchmail, fetchmailExtractor } from '../../src/core/config/fetchmail';
import { extractMbsync, mbsyncExtractor } from '../../src/core/config/mbsync';
import { extractOfflineimap, offlineimapExtractor } from '../../src/core/config/offlineimap';
import { extractSsmtp, ssmtpExtractor } from '../../src/core/config/ssmtp';
import { extractThunderbirdAutoconfig, thunderbirdAutoconfigExtractor } from '../../src/core/config/thunderbirdAutoconfig';
import { lintDocument } from '../../src/core/lint';
import { applyPreferred, fixture, ruleIds, slice } from './mailToolsHelpers';

describe('ssmtp.conf extractor', () => {
  const NAME = '/etc/ssmtp/ssmtp.conf';
  it('reads ssmtp.conf only', () => {
    assert.equal(ssmtpExtractor.appliesTo('/etc/ssmtp/ssmtp.conf'), true);
    assert.equal(ssmtpExtractor.appliesTo('/etc/ssmtp/revaliases'), false);
  });

  it('UseTLS=YES alone on 587 is implicit TLS on a STARTTLS port; the fix adds UseSTARTTLS', async () => {
    const text = fixture('ssmtp', 'wrong-usetls-587.conf');
    assert.deepEqual(await ruleIds(NAME, text), ['starttls-port-with-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /UseTLS=YES\nUseSTARTTLS=YES|UseSTARTTLS=YES/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
    const [finding] = (await lintDocument({ fileName: NAME, text })).findings;
    assert.match(finding?.message ?? '', /Cannot open/);
  });

  it('UseSTARTTLS=YES on 465 hangs; the fix keeps UseTLS and drops UseSTARTTLS', async () => {
    const text = fixture('ssmtp', 'wrong-starttls-465.conf');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'implicit-port-without-implicit-tls');
    assert.doesNotMatch(fixed, /UseSTARTTLS/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('only YES switches TLS on: UseSTARTTLS=true sends the password in clear text', async () => {
    const text = fixture('ssmtp', 'wrong-true-not-yes.conf');
    assert.deepEqual(await ruleIds(NAME, text), ['tls-disabled-with-credentials']);
    const fixed = await applyPreferred(NAME, text, 'tls-disabled-with-credentials');
    assert.match(fixed, /UseSTARTTLS=YES/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('is silent on correct configs and reads the default port', async () => {
    for (const name of ['correct-587.conf', 'correct-465.conf', 'correct-local.conf']) assert.deepEqual(await ruleIds(NAME, fixture('ssmtp', name)), [], name);
    const [endpoint] = extractSsmtp('mailhub=smtp.example.com\nUseTLS=YES\n');
    assert.equal(endpoint?.port?.value, 25);
    assert.equal(endpoint?.port?.origin, 'default');
    assert.equal(endpoint?.mode.value, 'implicit');
    const [later] = extractSsmtp('mailhub=smtp.example.com:587\nUseSTARTTLS=YES\nUseTLS=NO\n');
    assert.equal(later?.mode.value, 'none');
  });
});

describe('mbsync extractor', () => {
  const NAME = '/home/me/.mbsyncrc';
  it('reads .mbsyncrc', () => {
    assert.equal(mbsyncExtractor.appliesTo('/home/me/.mbsyncrc'), true);
    assert.equal(mbsyncExtractor.appliesTo('/home/me/mbsyncrc'), true);
    assert.equal(mbsyncExtractor.appliesTo('/home/me/.mbsyncrc.md'), false);
  });

  it('SSLType IMAPS with Port 143', async () => {
    const text = fixture('mbsync', 'wrong-imaps-143.mbsyncrc');
    assert.deepEqual(await ruleIds(NAME, text), ['starttls-port-with-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /SSLType STARTTLS/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('the default STARTTLS with Port 993', async () => {
    const text = fixture('mbsync', 'wrong-default-993.mbsyncrc');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /Port 993\nSSLType IMAPS/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('TLSType None with a password to a remote host', async () => {
    const text = fixture('mbsync', 'wrong-none.mbsyncrc');
    assert.deepEqual(await ruleIds(NAME, text), ['tls-disabled-with-credentials']);
    const fixed = await applyPreferred(NAME, text, 'tls-disabled-with-credentials');
    assert.match(fixed, /TLSType STARTTLS/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('is silent on IMAPS, default STARTTLS on 143, tunnels and inline stores', async () => {
    const text = fixture('mbsync', 'correct.mbsyncrc');
    assert.deepEqual(await ruleIds(NAME, text), []);
    const endpoints = extractMbsync(text);
    assert.deepEqual(endpoints.map((endpoint) => [endpoint.host?.value, endpoint.port?.value, endpoint.mode.value]), [
      ['imap.gmail.com', 993, 'implicit'],
      ['mail.example.org', 143, 'starttls'],
      ['imap.fastmail.com', 993, 'implicit'],
    ]);
  });
});

describe('offlineimap extractor', () => {
  const NAME = '/home/me/.offlineimaprc';
  it('reads .offlineimaprc', () => {
    assert.equal(offlineimapExtractor.appliesTo('/home/me/.offlineimaprc'), true);
    assert.equal(offlineimapExtractor.appliesTo('/home/me/offlineimap.py'), false);
  });

  it('remoteport = 143 with the default ssl = yes is a warning that names the reading', async () => {
    const text = fixture('offlineimap', 'wrong-143-default-ssl.offlineimaprc');
    const findings = (await lintDocument({ fileName: NAME, text })).findings.filter((finding) => finding.severity !== 'information');
    assert.deepEqual(findings.map((finding) => [finding.ruleId, finding.severity]), [['starttls-port-with-implicit-tls', 'warning']]);
    assert.match(findings[0]?.message ?? '', /OfflineIMAP 6\.x/);
    const fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /ssl = no/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('ssl = no with remoteport = 993', async () => {
    const text = fixture('offlineimap', 'wrong-ssl-no-993.offlineimaprc');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /ssl = yes/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('is silent on Gmail, explicit STARTTLS, IMAPS and a local plaintext test server', async () => {
    const text = fixture('offlineimap', 'correct.offlineimaprc');
    assert.deepEqual(await ruleIds(NAME, text), []);
    assert.deepEqual(extractOfflineimap(text).map((endpoint) => [endpoint.host?.value, endpoint.port?.value, endpoint.mode.value]), [
      ['imap.gmail.com', 993, 'implicit'],
      ['mail.example.com', 143, 'starttls'],
      ['imap.example.net', 993, 'implicit'],
      ['localhost', 1143, 'none'],
    ]);
  });
});

describe('fetchmail extractor', () => {
  const NAME = '/home/me/.fetchmailrc';
  it('reads .fetchmailrc', () => {
    assert.equal(fetchmailExtractor.appliesTo('/home/me/.fetchmailrc'), true);
    assert.equal(fetchmailExtractor.appliesTo('/home/me/fetchmail.log'), false);
  });

  it('ssl with port 143', async () => {
    const text = fixture('fetchmail', 'wrong-ssl-143.fetchmailrc');
    assert.deepEqual(await ruleIds(NAME, text), ['starttls-port-with-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    assert.doesNotMatch(fixed, /^\s*ssl\s*$/m);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('POP3 on 995 without ssl', async () => {
    const text = fixture('fetchmail', 'wrong-pop3-995-nossl.fetchmailrc');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /port 995 ssl/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('no sslcertck', async () => {
    const text = fixture('fetchmail', 'wrong-nocertck.fetchmailrc');
    assert.deepEqual(await ruleIds(NAME, text), ['certificate-verification-disabled']);
    const [endpoint] = extractFetchmail(text);
    assert.equal(slice(text, endpoint!.certificateVerificationOff!.range), 'no sslcertck');
    const edits = endpoint!.rewrite.enableCertificateVerification?.();
    assert.ok(edits);
  });

  it('is silent on correct entries, with ssl from defaults and service names', async () => {
    const text = fixture('fetchmail', 'correct.fetchmailrc');
    assert.deepEqual(await ruleIds(NAME, text), []);
    assert.deepEqual(extractFetchmail(text).map((endpoint) => [endpoint.protocol, endpoint.port?.value, endpoint.mode.value]), [
      ['imap', 993, 'implicit'],
      ['pop3', 995, 'implicit'],
      ['imap', 993, 'implicit'],
    ]);
  });
});

describe('Thunderbird autoconfig extractor', () => {
  const NAME = '/srv/www/autoconfig/mail/config-v1.1.xml';
  it('reads config-v1.1.xml', () => {
    assert.equal(thunderbirdAutoconfigExtractor.appliesTo(NAME), true);
    assert.equal(thunderbirdAutoconfigExtractor.appliesTo('/x/pom.xml'), false);
  });

  it('SMTP 587 with socketType SSL (the old MDN example)', async () => {
    const text = fixture('thunderbird', 'wrong-ssl-587.config-v1.1.xml');
    assert.deepEqual(await ruleIds(NAME, text), ['starttls-port-with-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /<port>587<\/port>\s*<socketType>STARTTLS<\/socketType>/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('IMAP STARTTLS on 993 and plain POP3 with a password', async () => {
    const text = fixture('thunderbird', 'wrong-starttls-993.config-v1.1.xml');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls', 'tls-disabled-with-credentials']);
    let fixed = await applyPreferred(NAME, text, 'implicit-port-without-implicit-tls');
    fixed = await applyPreferred(NAME, fixed, 'tls-disabled-with-credentials');
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('is silent on a correct file and ignores commented-out servers', async () => {
    const text = fixture('thunderbird', 'correct.config-v1.1.xml');
    assert.deepEqual(await ruleIds(NAME, text), []);
    assert.equal(extractThunderbirdAutoconfig(text).length, 4);
  });
});
