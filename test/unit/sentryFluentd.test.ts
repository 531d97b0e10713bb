// Sentry self-hosted config.yml (`mail.*` options, Django semantics) and fluentd's
// fluent-plugin-mail output (Ruby Net::SMTP semantics).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFluentdMail, fluentdMailExtractor } from '../../src/core/config/fluentdMail';
import { extractSentryYaml, sentryYamlExtractor } from '../../src/core/config/sentryYaml';
import { lintDocument } from '../../src/core/lint';
import { applyPreferred, fixture, ruleIds } from './mailToolsHelpers';

describe('Sentry config.yml extractor', () => {
  const NAME = '/srv/self-hosted/sentry/config.yml';
  it('reads config.yml / config.yaml, only with mail keys', () => {
    assert.equal(sentryYamlExtractor.appliesTo(NAME), true);
    assert.equal(sentryYamlExtractor.appliesTo('/x/config.yaml'), true);
    assert.equal(sentryYamlExtractor.appliesTo('/x/config.yml.bak'), false);
    assert.deepEqual(extractSentryYaml('system.secret-key: x\nmail: {host: a}\n'), []);
  });

  it('mail.use-ssl on 587 fails fast; the fix switches to use-tls', async () => {
    const text = fixture('sentry', 'wrong-ssl-587.yml');
    assert.deepEqual(await ruleIds(NAME, text), ['starttls-port-with-implicit-tls']);
    const [finding] = (await lintDocument({ fileName: NAME, text })).findings.filter((item) => item.ruleId === 'starttls-port-with-implicit-tls');
    assert.match(finding?.message ?? '', /mail\.use-ssl: true/);
    assert.match(finding?.message ?? '', /wrong version number/i);
    const fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /mail\.use-tls: true\nmail\.use-ssl: false\n/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('mail.use-tls on 465 hangs; the fix adds mail.use-ssl and turns use-tls off', async () => {
    const text = fixture('sentry', 'wrong-tls-465.yml');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /mail\.use-tls: false/);
    assert.match(fixed, /mail\.use-ssl: true/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('both switches on: Django raises ValueError; the fix removes use-ssl on 587', async () => {
    const text = fixture('sentry', 'wrong-both.yml');
    assert.deepEqual(await ruleIds(NAME, text), ['conflicting-tls-flags']);
    const [finding] = (await lintDocument({ fileName: NAME, text })).findings;
    assert.equal(finding?.severity, 'error');
    assert.match(finding?.message ?? '', /mutually exclusive/);
    const fixed = await applyPreferred(NAME, text, 'conflicting-tls-flags');
    assert.doesNotMatch(fixed, /use-ssl/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('credentials with TLS left at its default false', async () => {
    const text = fixture('sentry', 'wrong-no-tls-credentials.yml');
    assert.deepEqual(await ruleIds(NAME, text), ['tls-disabled-with-credentials']);
    const [endpoint] = extractSentryYaml(text);
    assert.equal(endpoint?.reading?.certainty, 'inferred');
    const fixed = await applyPreferred(NAME, text, 'tls-disabled-with-credentials');
    assert.match(fixed, /mail\.from: 'sentry@example\.com'\nmail\.use-tls: true\n/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('is silent on correct configs, the self-hosted default and non-SMTP backends', async () => {
    for (const name of ['correct-self-hosted-default.yml', 'correct-465-ssl.yml', 'correct-587-tls.yml', 'correct-dummy.yml']) {
      assert.deepEqual(await ruleIds(NAME, fixture('sentry', name)), [], name);
    }
    assert.deepEqual(extractSentryYaml(fixture('sentry', 'correct-dummy.yml')), []);
    const [endpoint] = extractSentryYaml(fixture('sentry', 'correct-587-tls.yml'));
    assert.equal(endpoint?.port?.value, 587);
    assert.equal(endpoint?.mode.value, 'starttls');
    const [templated] = extractSentryYaml("mail.host: 'smtp.example.com'\nmail.port: {{ smtp_port }}\nmail.use-tls: true\n");
    assert.equal(templated?.port, undefined);
  });

  it('never keeps the password text', () => {
    const [endpoint] = extractSentryYaml(fixture('sentry', 'wrong-both.yml'));
    assert.doesNotMatch(JSON.stringify({ ...endpoint, rewrite: undefined }), /secret/);
  });
});

describe('fluentd fluent-plugin-mail extractor', () => {
  const NAME = '/etc/td-agent/td-agent.conf';
  it('reads fluentd config names and *.conf under fluentd folders', () => {
    assert.equal(fluentdMailExtractor.appliesTo('/etc/td-agent/td-agent.conf'), true);
    assert.equal(fluentdMailExtractor.appliesTo('/repo/fluentd/conf.d/alerts.conf'), true);
    assert.equal(fluentdMailExtractor.appliesTo('/repo/fluent.conf'), true);
    assert.equal(fluentdMailExtractor.appliesTo('/etc/nginx/nginx.conf'), false);
    assert.deepEqual(extractFluentdMail('<match **>\n  @type stdout\n</match>\n'), []);
  });

  it('enable_tls on 587 fails fast; the fix uses enable_starttls_auto', async () => {
    const text = fixture('fluentd', 'wrong-tls-587.conf');
    assert.deepEqual(await ruleIds(NAME, text), ['starttls-port-with-implicit-tls']);
    const [finding] = (await lintDocument({ fileName: NAME, text })).findings.filter((item) => item.ruleId === 'starttls-port-with-implicit-tls');
    assert.match(finding?.message ?? '', /enable_tls true/);
    const fixed = await applyPreferred(NAME, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /enable_tls false/);
    assert.match(fixed, /enable_starttls_auto true/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('enable_starttls_auto on 465 (inside <store>) hangs; the fix switches to enable_tls', async () => {
    const text = fixture('fluentd', 'wrong-starttls-465.conf');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls']);
    const fixed = await applyPreferred(NAME, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, / {4}enable_starttls_auto false/);
    assert.match(fixed, / {4}enable_tls true/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('both switches: Net::SMTP raises on every send', async () => {
    const text = fixture('fluentd', 'wrong-both.conf');
    assert.deepEqual(await ruleIds(NAME, text), ['conflicting-tls-flags']);
    const [finding] = (await lintDocument({ fileName: NAME, text })).findings;
    assert.match(finding?.message ?? '', /SMTPS and STARTTLS is exclusive/);
    const fixed = await applyPreferred(NAME, text, 'conflicting-tls-flags');
    assert.doesNotMatch(fixed, /enable_tls/);
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('switches without user and password have no effect', async () => {
    const text = '<match a>\n  @type mail\n  host smtp.gmail.com\n  port 465\n  enable_tls true\n  out_keys message\n</match>\n';
    const [endpoint] = extractFluentdMail(text);
    assert.equal(endpoint?.mode.value, 'starttls');
    assert.equal(endpoint?.modeExplicit, false);
    assert.match(endpoint?.reading?.note ?? '', /only when both user and password/);
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls']);
  });

  it('is silent on correct configs', async () => {
    for (const name of ['correct-587-starttls.conf', 'correct-465-tls.conf', 'correct-local-relay.conf']) {
      assert.deepEqual(await ruleIds(NAME, fixture('fluentd', name)), [], name);
    }
    const [endpoint] = extractFluentdMail(fixture('fluentd', 'correct-local-relay.conf'));
    assert.equal(endpoint?.port?.origin, 'default');
    assert.equal(endpoint?.reading?.certainty, 'inferred');
  });
});
