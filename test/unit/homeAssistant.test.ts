// Home Assistant smtp notify (configuration.yaml, included notify files, packages): encryption
// starttls (default) / tls (implicit) / none against the port (default 587), verify_ssl, !secret.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractHomeAssistant, homeAssistantExtractor } from '../../src/core/config/homeAssistant';
import { applyPreferred, fixture, ruleIds, slice, verdicts } from './mailToolsHelpers';

const CONFIG = '/config/configuration.yaml';

describe('Home Assistant smtp notify extractor', () => {
  it('reads configuration.yaml, notify includes and package files only', () => {
    for (const name of [CONFIG, 'configuration.yaml', '/config/notify.yaml', '/config/packages/mail.yaml', '/config/packages/alerts/smtp.yml']) {
      assert.equal(homeAssistantExtractor.appliesTo(name), true, name);
    }
    for (const name of ['docker-compose.yml', 'application.yml', '.github/workflows/ci.yml', '/config/automations.yaml']) {
      assert.equal(homeAssistantExtractor.appliesTo(name), false, name);
    }
  });

  it('flags port 465 with the default encryption (starttls) and adds `encryption: tls`', async () => {
    const text = fixture('home-assistant', 'wrong-465-default.yaml');
    assert.deepEqual(await ruleIds(CONFIG, text), ['implicit-port-without-implicit-tls']);
    const [finding] = await verdicts(CONFIG, text);
    assert.equal(slice(text, finding!.range), '465');
    assert.match(finding!.message, /defaults to STARTTLS/);
    const fixed = await applyPreferred(CONFIG, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /\n {4}sender_name: Home Assistant\n {4}encryption: tls\n {2}- platform: pushbullet/);
    assert.deepEqual(await ruleIds(CONFIG, fixed), []);
  });

  it('flags encryption: tls on 587 and switches it to starttls', async () => {
    const text = fixture('home-assistant', 'wrong-tls-587.yaml');
    assert.deepEqual(await ruleIds(CONFIG, text), ['starttls-port-with-implicit-tls']);
    const [finding] = await verdicts(CONFIG, text);
    assert.equal(slice(text, finding!.range), 'encryption: tls');
    assert.match(finding!.message, /WRONG_VERSION_NUMBER/);
    const fixed = await applyPreferred(CONFIG, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /encryption: starttls\n/);
    assert.deepEqual(await ruleIds(CONFIG, fixed), []);
  });

  it('flags encryption: starttls on 465 in an included notify.yaml (a top-level list)', async () => {
    const text = fixture('home-assistant', 'notify.yaml');
    assert.deepEqual(await ruleIds('/config/notify.yaml', text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred('/config/notify.yaml', text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /encryption: tls\n/);
    assert.deepEqual(await ruleIds('/config/notify.yaml', fixed), []);
  });

  it('flags verify_ssl: false and turns it back on', async () => {
    const text = fixture('home-assistant', 'wrong-verify-off.yaml');
    assert.deepEqual(await ruleIds(CONFIG, text), ['certificate-verification-disabled']);
    const fixed = await applyPreferred(CONFIG, text, 'certificate-verification-disabled');
    assert.match(fixed, /verify_ssl: true/);
    assert.deepEqual(await ruleIds(CONFIG, fixed), []);
  });

  it('stays silent on tls + 465, a local relay without TLS, defaults and !secret ports', async () => {
    for (const name of ['correct-465-tls.yaml', 'correct-defaults.yaml']) {
      const text = fixture('home-assistant', name);
      assert.ok(extractHomeAssistant(text).length >= 1, name);
      assert.deepEqual(await ruleIds(CONFIG, text), [], name);
    }
    const [endpoint] = extractHomeAssistant(fixture('home-assistant', 'correct-defaults.yaml'));
    assert.equal(endpoint?.port, undefined, 'a !secret port is not known');
    assert.ok(endpoint?.credentials, '!secret credentials are present');
    assert.equal(endpoint?.starttlsEnforced, true, "smtplib's starttls() fails without STARTTLS");
  });

  it('reads the default port 587 and a single-map `notify:` and ignores other platforms', () => {
    const text = 'notify:\n  platform: smtp\n  server: smtp.example.com\n  sender: a@example.com\n  recipient: b@example.com\nsensor:\n  - platform: template\n';
    const [endpoint, extra] = extractHomeAssistant(text);
    assert.equal(extra, undefined);
    assert.equal(endpoint?.port?.value, 587);
    assert.equal(endpoint?.port?.origin, 'default');
    assert.equal(endpoint?.mode.value, 'starttls');
    assert.equal(endpoint?.modeExplicit, false);
    assert.deepEqual(extractHomeAssistant('notify:\n  - platform: pushbullet\n'), []);
  });
});
