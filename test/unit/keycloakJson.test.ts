// Keycloak realm exports: "smtpServer" strings handed to Jakarta Mail — "ssl" implicit, "starttls"
// STARTTLS when offered, the port never picks the mode.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractKeycloakJson, keycloakJsonExtractor } from '../../src/core/config/keycloakJson';
import { ghostJsonExtractor } from '../../src/core/config/ghostJson';
import { applyPreferred, fixture, ruleIds, slice, verdicts } from './mailToolsHelpers';

const REALM = '/repo/keycloak/realm-export.json';

describe('Keycloak realm JSON extractor', () => {
  it('reads JSON files, and only smtpServer objects', () => {
    assert.equal(keycloakJsonExtractor.appliesTo(REALM), true);
    assert.equal(keycloakJsonExtractor.appliesTo('/x/package.json'), false);
    assert.deepEqual(extractKeycloakJson('{ "mail": { "transport": "SMTP", "options": { "port": 465 } } }'), []);
  });

  it('flags "ssl": "true" on 587 and switches to STARTTLS in the file\'s own string style', async () => {
    const text = fixture('keycloak', 'wrong-ssl-587-realm.json');
    assert.deepEqual(await ruleIds(REALM, text), ['starttls-port-with-implicit-tls']);
    const [finding] = await verdicts(REALM, text);
    assert.equal(slice(text, finding!.range), '"ssl": "true"');
    assert.match(finding!.message, /Unrecognized SSL message/);
    const fixed = await applyPreferred(REALM, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /"starttls": "true"/);
    assert.match(fixed, /"ssl": "false"/);
    assert.deepEqual(await ruleIds(REALM, fixed), []);
    JSON.parse(fixed);
  });

  it('flags "starttls": "true" alone on 465 (a 10 s hang) and adds "ssl": "true"', async () => {
    const text = fixture('keycloak', 'wrong-starttls-465-realm.json');
    assert.deepEqual(await ruleIds(REALM, text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred(REALM, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /"ssl": "true"/);
    assert.match(fixed, /"starttls": "false"/);
    assert.deepEqual(await ruleIds(REALM, fixed), []);
    JSON.parse(fixed);
  });

  it('flags both flags on 587: the ssl part breaks it, and the pair contradicts itself', async () => {
    const text = fixture('keycloak', 'wrong-both-587.json');
    assert.deepEqual(await ruleIds(REALM, text), ['conflicting-tls-flags', 'starttls-port-with-implicit-tls']);
    const fixed = await applyPreferred(REALM, text, 'conflicting-tls-flags');
    assert.doesNotMatch(fixed, /"ssl"/);
    assert.deepEqual(await ruleIds(REALM, fixed), []);
    JSON.parse(fixed);
  });

  it('stays silent on ssl + 465, placeholders and a local catcher', async () => {
    for (const name of ['correct-realm-export.json', 'correct-placeholders.json', 'correct-mailhog.json']) {
      const text = fixture('keycloak', name);
      assert.equal(extractKeycloakJson(text).length, 1, name);
      assert.deepEqual(await ruleIds(REALM, text), [], name);
    }
    const [endpoint] = extractKeycloakJson(fixture('keycloak', 'correct-placeholders.json'));
    assert.equal(endpoint?.mode.value, 'unknown');
    assert.equal(endpoint?.port, undefined);
    assert.deepEqual(ghostJsonExtractor.extract({ fileName: REALM, text: fixture('keycloak', 'correct-placeholders.json') }), [], 'Ghost does not claim a Keycloak file');
  });

  it('reads JSON booleans and numbers written by tools, and the Jakarta default port', () => {
    const [endpoint] = extractKeycloakJson('{"smtpServer": {"host": "smtp.example.com", "ssl": true, "auth": true, "user": "u", "password": "p"}}');
    assert.equal(endpoint?.mode.value, 'implicit');
    assert.equal(endpoint?.port?.value, 465);
    assert.equal(endpoint?.port?.origin, 'default');
    assert.ok(endpoint?.credentials);
    const [plain] = extractKeycloakJson('{"smtpServer": {"host": "smtp.example.com", "port": 25}}');
    assert.equal(plain?.mode.value, 'none');
    assert.equal(plain?.modeExplicit, false);
  });
});
