// GitHub Actions workflows: dawidd6/action-send-mail steps. `secure` is implicit TLS only when it is
// exactly "true"; unset, port 465 decides; connection_url's smtp+starttls:// is implicit TLS.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractGithubActions, githubActionsExtractor } from '../../src/core/config/githubActions';
import { applyPreferred, fixture, ruleIds, slice, verdicts } from './mailToolsHelpers';

const WORKFLOW = '/repo/.github/workflows/mail.yml';

describe('GitHub Actions action-send-mail extractor', () => {
  it('reads workflow files only', () => {
    for (const name of [WORKFLOW, '.github/workflows/ci.yaml', 'C:\\r\\.github\\workflows\\x.yml']) assert.equal(githubActionsExtractor.appliesTo(name), true, name);
    for (const name of ['docker-compose.yml', '/r/.github/dependabot.yml', '/r/workflows/x.yml', 'action.yml']) assert.equal(githubActionsExtractor.appliesTo(name), false, name);
  });

  it('flags secure: true on 587 and writes secure: false', async () => {
    const text = fixture('github-actions', 'wrong-secure-587.yml');
    assert.deepEqual(await ruleIds(WORKFLOW, text), ['starttls-port-with-implicit-tls']);
    const [finding] = await verdicts(WORKFLOW, text);
    assert.equal(slice(text, finding!.range), 'secure: true');
    assert.match(finding!.message, /wrong version number/);
    assert.match(finding!.message, /Read for v3/);
    const fixed = await applyPreferred(WORKFLOW, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /\n {10}secure: false\n/);
    assert.deepEqual(await ruleIds(WORKFLOW, fixed), []);
  });

  it('flags secure: false on 465 (a hang) and ignore_cert: true', async () => {
    const text = fixture('github-actions', 'wrong-465-secure-false.yml');
    assert.deepEqual(await ruleIds(WORKFLOW, text), ['certificate-verification-disabled', 'implicit-port-without-implicit-tls']);
    let fixed = await applyPreferred(WORKFLOW, text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /secure: true/);
    fixed = await applyPreferred(WORKFLOW, fixed, 'certificate-verification-disabled');
    assert.doesNotMatch(fixed, /ignore_cert/);
    assert.deepEqual(await ruleIds(WORKFLOW, fixed), []);
  });

  it('reads smtp+starttls:// in connection_url as implicit TLS (a secret in the user part is fine)', async () => {
    const text = fixture('github-actions', 'wrong-url-starttls-587.yml');
    assert.deepEqual(await ruleIds(WORKFLOW, text), ['starttls-port-with-implicit-tls']);
    const fixed = await applyPreferred(WORKFLOW, text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /connection_url: smtp:\/\/ci:/);
    assert.deepEqual(await ruleIds(WORKFLOW, fixed), []);
  });

  it('stays silent on 465 with secure unset, secret URLs, a legacy @v2 pin and secret ports', async () => {
    for (const name of ['correct-465-default.yml', 'correct-587-starttls.yml']) {
      const text = fixture('github-actions', name);
      assert.ok(extractGithubActions(text).length >= 2, name);
      assert.deepEqual(await ruleIds(WORKFLOW, text), [], name);
    }
    const endpoints = extractGithubActions(fixture('github-actions', 'correct-465-default.yml'));
    assert.equal(endpoints[0]?.mode.value, 'implicit');
    assert.equal(endpoints[0]?.modeExplicit, false);
    assert.equal(endpoints[1]?.mode.value, 'unknown');
    assert.equal(endpoints[2]?.mode.value, 'unknown', '@v2 had no secure input');
    assert.equal(endpoints[2]?.reading?.certainty, 'inferred');
  });

  it('treats anything but the exact string "true" as STARTTLS; a SHA pin is an inferred reading', () => {
    const step = (ref: string, secure: string) =>
      `jobs:\n  a:\n    steps:\n      - uses: dawidd6/action-send-mail@${ref}\n        with:\n          server_address: smtp.example.com\n          server_port: 587\n          secure: ${secure}\n`;
    assert.equal(extractGithubActions(step('v3', '"yes"'))[0]?.mode.value, 'starttls');
    assert.equal(extractGithubActions(step('v3', 'True'))[0]?.mode.value, 'unknown');
    const pinned = extractGithubActions(step('a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2', 'true'))[0];
    assert.equal(pinned?.mode.value, 'implicit');
    assert.equal(pinned?.reading?.certainty, 'inferred');
    assert.deepEqual(extractGithubActions('jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n'), []);
  });
});
