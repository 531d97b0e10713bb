// Symfony's mailer.yaml / mailer.php: literal DSNs read with Symfony Mailer's rules
// (semantics/symfonyDsn.ts, shared with MAILER_DSN in .env).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { symfonyConfigExtractor } from '../../src/core/config/symfonyConfig';
import { lintDocument } from '../../src/core/lint';
import type { Finding, MailEndpoint } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtures = resolve(__dirname, '../../../test/fixtures/symfony');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');
const pathOf = (name: string): string => `/app/config/packages/${name.replace(/-(wrong|correct|when|builder)/, '')}`;

async function endpoints(name: string, text: string): Promise<MailEndpoint[]> {
  return symfonyConfigExtractor.extract({ fileName: pathOf(name), text });
}

async function verdicts(name: string, text: string): Promise<Finding[]> {
  const result = await lintDocument({ fileName: pathOf(name), text });
  assert.deepEqual(result.problems, []);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

async function fixAll(name: string, text: string): Promise<string> {
  let current = text;
  for (let round = 0; round < 4; round++) {
    const finding = (await verdicts(name, current))[0];
    if (!finding) return current;
    const fix = finding.fixes.find((item) => item.preferred);
    assert.ok(fix, `${finding.ruleId} has a preferred fix`);
    current = applyEdits(current, fix.edits);
  }
  assert.deepEqual(await verdicts(name, current), [], current);
  return current;
}

describe('symfony config: file names', () => {
  it('reads mailer.yaml|yml|php and framework.yaml', () => {
    for (const name of ['config/packages/mailer.yaml', 'mailer.yml', 'C:\\app\\config\\packages\\prod\\mailer.php', 'framework.yaml']) assert.equal(symfonyConfigExtractor.appliesTo(name), true, name);
    for (const name of ['mailer.json', 'services.yaml', 'Mailer.ts']) assert.equal(symfonyConfigExtractor.appliesTo(name), false, name);
  });
});

describe('symfony config: YAML', () => {
  it('reads smtps:// on 587 with verify_peer=0 as implicit TLS, and fixes it', async () => {
    const text = fixture('mailer-wrong.yaml');
    const [dsn] = await endpoints('mailer-wrong.yaml', text);
    assert.equal(dsn?.library, 'symfony');
    assert.equal(dsn?.format, 'symfony-yaml');
    assert.equal(dsn?.mode.value, 'implicit');
    assert.equal(dsn?.port?.value, 587);
    assert.equal(dsn?.host?.value, 'smtp.sendgrid.net');
    assert.equal(dsn?.certificateVerificationOff?.key, 'verify_peer');
    assert.equal(text.slice(dsn!.anchor.start, dsn!.anchor.end), 'dsn');
    assert.ok(!JSON.stringify({ ...dsn, rewrite: undefined }).includes('SG.secret'));
    const found = await verdicts('mailer-wrong.yaml', text);
    assert.ok(found.some((finding) => finding.severity === 'error'));
    const fixed = await fixAll('mailer-wrong.yaml', text);
    assert.match(fixed, /dsn: 'smtp:\/\/apikey:SG\.secret@smtp\.sendgrid\.net:587'/);
  });

  it('is silent on env placeholders, smtp:// on 465, require_tls and localhost; skips when@test null://', async () => {
    const text = fixture('mailer-correct.yaml');
    const list = await endpoints('mailer-correct.yaml', text);
    assert.deepEqual(
      list.map((endpoint) => [endpoint.anchor && text.slice(endpoint.anchor.start, endpoint.anchor.end), endpoint.mode.value]),
      [
        ['postmark_smtp', 'implicit'],
        ['relay', 'starttls'],
        ['local', 'starttls'],
      ],
    );
    assert.equal(list[1]?.starttlsEnforced, true);
    assert.deepEqual(await verdicts('mailer-correct.yaml', text), []);
  });

  it('reads transports under when@prod; auto_tls=false on 465 is no TLS', async () => {
    const text = fixture('mailer-when.yaml');
    const [main] = await endpoints('mailer-when.yaml', text);
    assert.equal(main?.mode.value, 'none');
    assert.ok((await verdicts('mailer-when.yaml', text)).length > 0);
    const fixed = await fixAll('mailer-when.yaml', text);
    assert.doesNotMatch(fixed, /auto_tls/);
  });

  it('never throws on broken YAML', async () => {
    assert.deepEqual(await endpoints('mailer.yaml', 'framework:\n  mailer:\n    dsn: [smtp://x\n  : :'), []);
  });
});

describe('symfony config: PHP', () => {
  it('reads the extension array: smtps:// on 587 is an error, smtp:// on 465 is fine', async () => {
    const text = fixture('mailer-wrong.php');
    const list = await endpoints('mailer-wrong.php', text);
    assert.deepEqual(list.map((endpoint) => [endpoint.mode.value, endpoint.port?.value]), [
      ['implicit', 587],
      ['implicit', 465],
    ]);
    assert.equal(list[0]?.format, 'symfony-php');
    const found = await verdicts('mailer-wrong.php', text);
    assert.equal(found.length, 1);
    const fixed = await fixAll('mailer-wrong.php', text);
    assert.match(fixed, /'dsn' => 'smtp:\/\/user:pass@smtp\.example\.com:587'/);
  });

  it('reads the config builder chain ->mailer()->transport(…)', async () => {
    const text = fixture('mailer-builder.php');
    const list = await endpoints('mailer-builder.php', text);
    assert.deepEqual(list.map((endpoint) => [endpoint.mode.value, endpoint.port?.value]), [
      ['implicit', 465],
      ['implicit', 25],
    ]);
    const found = await verdicts('mailer-builder.php', text);
    assert.equal(found.length, 1);
    await fixAll('mailer-builder.php', text);
  });

  it('skips escaped or interpolated strings and files without a literal URL', async () => {
    assert.deepEqual(await endpoints('mailer.php', "<?php $c->extension('framework', ['mailer' => ['dsn' => \"smtps://$user@h:587\"]]);"), []);
    assert.deepEqual(await endpoints('mailer.php', "<?php $c->extension('framework', ['mailer' => ['dsn' => '%env(MAILER_DSN)%']]);"), []);
  });
});
