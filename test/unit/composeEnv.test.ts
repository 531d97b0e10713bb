// docker compose `environment:` blocks and Discourse `env:`: the .env profiles over YAML entries,
// fixes written back in YAML (map and list form), and the app profiles (Grafana, Gitea/Forgejo,
// Discourse, Plausible, docker-mailserver) that also work in .env files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeEnvExtractor, extractComposeEnv } from '../../src/core/config/composeEnv';
import { extractDotenv } from '../../src/core/config/dotenv';
import { applyPreferred, fixture, ruleIds, slice, verdicts } from './mailToolsHelpers';

const COMPOSE = '/srv/app/docker-compose.yml';
const DISCOURSE = '/var/discourse/containers/app.yml';

describe('compose environment extractor', () => {
  it('reads compose files and Discourse containers, nothing else', () => {
    for (const name of ['docker-compose.yml', 'docker-compose.prod.yaml', 'compose.yaml', '/x/compose.override.yml', DISCOURSE, '/var/discourse/containers/web_only.yml']) {
      assert.equal(composeEnvExtractor.appliesTo(name), true, name);
    }
    for (const name of ['application.yml', 'app.yml', '.github/workflows/ci.yml', 'configuration.yaml']) assert.equal(composeEnvExtractor.appliesTo(name), false, name);
  });

  it('flags secure=true on 587 in map form and fixes it in YAML', async () => {
    const text = fixture('compose', 'wrong-nodemailer-map.yml');
    assert.deepEqual(await ruleIds(COMPOSE, text), ['starttls-port-with-implicit-tls']);
    const [finding] = await verdicts(COMPOSE, text);
    assert.equal(slice(text, finding!.range), 'SMTP_SECURE: "true"');
    const fixed = await applyPreferred(COMPOSE, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /SMTP_SECURE: "false" {3}# copied/);
    assert.deepEqual(await ruleIds(COMPOSE, fixed), []);
  });

  it('flags Django USE_TLS on 465 in list form and fixes it as `- KEY=value`', async () => {
    const text = fixture('compose', 'wrong-django-list.yml');
    assert.deepEqual(await ruleIds(COMPOSE, text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred(COMPOSE, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /- EMAIL_USE_SSL=True\n/);
    assert.match(fixed, /- EMAIL_USE_TLS=False\n/);
    assert.deepEqual(await ruleIds(COMPOSE, fixed), []);
    // `- EMAIL_HOST_PASSWORD` passes the variable through: credentials are there.
    const [endpoint] = extractComposeEnv(text);
    assert.ok(endpoint?.credentials);
  });

  it('reads Grafana, Gitea, Plausible and docker-mailserver blocks; never the published ports', async () => {
    const text = fixture('compose', 'wrong-apps.yml');
    const endpoints = extractComposeEnv(text);
    assert.deepEqual(endpoints.map((endpoint) => endpoint.library), ['grafana', 'gitea', 'plausible', 'docker-mailserver']);
    assert.deepEqual(await ruleIds(COMPOSE, text), [
      'certificate-verification-disabled',
      'implicit-port-without-implicit-tls',
      'implicit-port-without-implicit-tls',
      'starttls-port-with-implicit-tls',
    ]);
    let fixed = text;
    for (const rule of ['starttls-port-with-implicit-tls', 'implicit-port-without-implicit-tls', 'implicit-port-without-implicit-tls', 'certificate-verification-disabled']) {
      fixed = await applyPreferred(COMPOSE, fixed, rule);
    }
    assert.match(fixed, /- GITEA__mailer__PROTOCOL=smtp\+starttls/);
    assert.match(fixed, /SMTP_HOST_SSL_ENABLED: "true"/);
    assert.match(fixed, /- RELAY_PORT=587/);
    assert.match(fixed, /GF_SMTP_SKIP_VERIFY: "false"/);
    assert.deepEqual(await ruleIds(COMPOSE, fixed), []);
  });

  it('flags Discourse 465 without FORCE_TLS and the disabled certificate check', async () => {
    const text = fixture('compose', 'app.yml');
    assert.deepEqual(await ruleIds(DISCOURSE, text), ['certificate-verification-disabled', 'implicit-port-without-implicit-tls']);
    let fixed = await applyPreferred(DISCOURSE, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /DISCOURSE_SMTP_PORT: 465\n {2}DISCOURSE_SMTP_FORCE_TLS: "true"\n/);
    fixed = await applyPreferred(DISCOURSE, fixed, 'certificate-verification-disabled');
    assert.deepEqual(await ruleIds(DISCOURSE, fixed), []);
    assert.deepEqual(await ruleIds(DISCOURSE, fixture('compose', 'discourse-correct.yml')), []);
  });

  it('is silent on tricky-correct blocks', async () => {
    assert.deepEqual(await ruleIds(COMPOSE, fixture('compose', 'correct.yml')), []);
    assert.deepEqual(await ruleIds(COMPOSE, 'services:\n  web:\n    ports:\n      - "465:465"\n      - "587:587"\n    environment:\n      - MAIL=yes\n'), []);
  });

  it('never reads a half-typed file into a throw', () => {
    const text = fixture('compose', 'wrong-apps.yml');
    for (let cut = 0; cut < text.length; cut += 7) assert.doesNotThrow(() => extractComposeEnv(text.slice(0, cut)));
  });
});

describe('app profiles in .env files', () => {
  it('Grafana GF_SMTP_HOST=host:port with the policy', () => {
    const [endpoint] = extractDotenv('GF_SMTP_ENABLED=true\nGF_SMTP_HOST=smtp.example.com:25\nGF_SMTP_STARTTLS_POLICY=NoStartTLS\nGF_SMTP_USER=x\n');
    assert.equal(endpoint?.library, 'grafana');
    assert.equal(endpoint?.port?.value, 25);
    assert.equal(endpoint?.mode.value, 'none');
    const [implicit] = extractDotenv('GF_SMTP_HOST=smtp.example.com:465\n');
    assert.equal(implicit?.mode.value, 'implicit');
    assert.deepEqual(extractDotenv('GF_SMTP_ENABLED=false\nGF_SMTP_HOST=smtp.example.com:465\n'), []);
  });

  it('Gitea PROTOCOL and the port inference, FORGEJO__ too', () => {
    const [explicit] = extractDotenv('GITEA__mailer__PROTOCOL=smtps\nGITEA__mailer__SMTP_ADDR=mail.example.com\nGITEA__mailer__SMTP_PORT=587\n');
    assert.equal(explicit?.mode.value, 'implicit');
    assert.equal(explicit?.port?.value, 587);
    const [inferred] = extractDotenv('FORGEJO__mailer__SMTP_ADDR=mail.example.com\nFORGEJO__mailer__SMTP_PORT=2525\n');
    assert.equal(inferred?.mode.value, 'implicit');
    assert.equal(inferred?.modeExplicit, false);
  });

  it('Discourse, Plausible and docker-mailserver keys', () => {
    assert.equal(extractDotenv('DISCOURSE_SMTP_ADDRESS=x\nDISCOURSE_SMTP_PORT=587\nDISCOURSE_SMTP_FORCE_TLS=true\n')[0]?.mode.value, 'implicit');
    assert.equal(extractDotenv('DISCOURSE_SMTP_ADDRESS=x\nDISCOURSE_SMTP_PORT=587\n')[0]?.mode.value, 'starttls');
    assert.equal(extractDotenv('SMTP_HOST_ADDR=x\nSMTP_HOST_PORT=587\nSMTP_HOST_SSL_ENABLED=true\n')[0]?.mode.value, 'implicit');
    assert.equal(extractDotenv('SMTP_HOST_ADDR=x\nSMTP_HOST_PORT=465\n')[0]?.mode.value, 'starttls');
    const [relay] = extractDotenv('RELAY_HOST=smtp.example.com\nRELAY_PORT=465\n');
    assert.equal(relay?.library, 'docker-mailserver');
    assert.equal(relay?.reading?.certainty, 'inferred');
  });
});
