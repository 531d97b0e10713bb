// Grafana [smtp]: host:port, 465 implicit by itself, startTLS_policy, skip_verify.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractGrafanaIni, grafanaIniExtractor } from '../../src/core/config/grafanaIni';
import { applyPreferred, fixture, ruleIds } from './mailToolsHelpers';

const NAME = '/etc/grafana/grafana.ini';

describe('grafana ini extractor', () => {
  it('reads grafana.ini, custom.ini, defaults.ini', () => {
    for (const name of ['grafana.ini', '/usr/share/grafana/conf/defaults.ini', 'conf/custom.ini']) assert.equal(grafanaIniExtractor.appliesTo(name), true, name);
  });

  it('flags NoStartTLS with credentials and skip_verify', async () => {
    const text = fixture('grafana', 'wrong-grafana.ini');
    assert.deepEqual(await ruleIds(NAME, text), ['certificate-verification-disabled', 'tls-disabled-with-credentials']);
    let fixed = await applyPreferred(NAME, text, 'tls-disabled-with-credentials');
    assert.match(fixed, /startTLS_policy = MandatoryStartTLS/);
    fixed = await applyPreferred(NAME, fixed, 'certificate-verification-disabled');
    assert.deepEqual(await ruleIds(NAME, fixed), []);
  });

  it('is silent on 465 (implicit TLS picked by the port, the policy has no effect)', async () => {
    assert.deepEqual(await ruleIds(NAME, fixture('grafana', 'correct-grafana.ini')), []);
    const [endpoint] = extractGrafanaIni('[smtp]\nenabled = true\nhost = smtp.gmail.com:465\n');
    assert.equal(endpoint?.mode.value, 'implicit');
    assert.equal(endpoint?.modeExplicit, false);
  });

  it('ignores the shipped defaults (enabled = false) and hosts without a port', () => {
    assert.deepEqual(extractGrafanaIni('[smtp]\nenabled = false\nhost = localhost:25\n'), []);
    assert.equal(extractGrafanaIni('[smtp]\nenabled = true\nhost = smtp.example.com\n')[0]?.mode.value, 'unknown');
  });
});
