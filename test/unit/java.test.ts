// Spring Boot and Jakarta Mail settings in .properties and YAML files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { javaPropertiesExtractor } from '../../src/core/config/javaProperties';
import { parseProperties } from '../../src/core/config/parsers/properties';
import { springYamlExtractor } from '../../src/core/config/springYaml';
import { lintDocument } from '../../src/core/lint';
import type { Finding } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtures = resolve(__dirname, '../../../test/fixtures/java');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

async function verdicts(name: string, text: string): Promise<Finding[]> {
  const result = await lintDocument({ fileName: `/app/src/main/resources/${name}`, text });
  assert.deepEqual(result.problems, []);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

async function fixClears(name: string, text: string, ruleId: string, index = 0): Promise<string> {
  const finding = (await verdicts(name, text)).filter((item) => item.ruleId === ruleId)[index];
  assert.ok(finding, `expected ${ruleId}`);
  const fix = finding.fixes.find((item) => item.preferred);
  assert.ok(fix, `${ruleId} has a preferred fix`);
  const fixed = applyEdits(text, fix.edits);
  const after = (await verdicts(name, fixed)).filter((item) => item.ruleId === ruleId);
  assert.ok(after.length < (await verdicts(name, text)).filter((item) => item.ruleId === ruleId).length, `${ruleId} remains after the fix:\n${fixed}`);
  return fixed;
}

describe('properties parser', () => {
  it('reads separators, comments, continuations and escapes with exact ranges', () => {
    const text = '# c\n! c2\na=1\nb : 2\nc 3\n  d\\\n    e = x\\\n  y\nf\\:g=h\\u0041\n';
    const file = parseProperties(text);
    assert.deepEqual(
      file.entries.map((entry) => [entry.key, entry.value]),
      [
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
        ['de', 'xy'],
        ['f:g', 'hA'],
      ],
    );
    for (const entry of file.entries) assert.equal(text.slice(entry.keyRange.start, entry.keyRange.end).replace(/\\\n\s*/, '').replace('\\:', ':'), entry.key);
    assert.equal(text.slice(file.entries[1]!.valueRange.start, file.entries[1]!.valueRange.end), '2');
  });
});

describe('java extractors: file names', () => {
  it('reads *.properties and application*/bootstrap* YAML', () => {
    assert.equal(javaPropertiesExtractor.appliesTo('src/main/resources/application-prod.properties'), true);
    assert.equal(springYamlExtractor.appliesTo('src/main/resources/application-prod.yml'), true);
    assert.equal(springYamlExtractor.appliesTo('bootstrap.yaml'), true);
    assert.equal(springYamlExtractor.appliesTo('docker-compose.yml'), false);
  });
});

describe('Spring Boot .properties', () => {
  it('flags ssl.enable on 587 next to starttls.enable, and removes the SSL key', async () => {
    const text = fixture('application.properties');
    const found = await verdicts('application.properties', text);
    assert.deepEqual(found.map((item) => item.ruleId).sort(), ['conflicting-tls-flags', 'starttls-port-with-implicit-tls']);
    assert.match(found.find((item) => item.ruleId === 'starttls-port-with-implicit-tls')!.message, /Unrecognized SSL message/);
    const fixed = await fixClears('application.properties', text, 'starttls-port-with-implicit-tls');
    assert.doesNotMatch(fixed, /ssl\.enable/);
    assert.deepEqual(await verdicts('application.properties', fixed), []);
  });

  it('flags STARTTLS on 465 from a ${SMTP_PORT:465} fallback and rewrites to ssl.enable', async () => {
    const text = fixture('application-465-starttls.properties');
    const found = await verdicts('application-465-starttls.properties', text);
    assert.deepEqual(found.map((item) => item.ruleId), ['implicit-port-without-implicit-tls']);
    assert.match(found[0]!.message, /when SMTP_PORT is unset/);
    const fixed = await fixClears('application-465-starttls.properties', text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /spring\.mail\.properties\.mail\.smtp\.ssl\.enable = true/);
    assert.deepEqual(await verdicts('application-465-starttls.properties', fixed), []);
  });

  it('protocol=smtps ignores mail.smtp.* props (including ssl.trust) and says so', async () => {
    const text = fixture('application-smtps.properties');
    const result = await lintDocument({ fileName: 'application-smtps.properties', text });
    const endpoint = result.endpoints[0]!;
    assert.equal(endpoint.mode.value, 'implicit');
    assert.equal(endpoint.certificateVerificationOff, undefined);
    assert.match(endpoint.reading!.note, /no effect \(rename to mail\.smtps\.\*\)/);
    const on587 = text.replace('port=465', 'port=587');
    const found = await verdicts('application-smtps.properties', on587);
    assert.deepEqual(found.map((item) => item.ruleId), ['starttls-port-with-implicit-tls']);
  });

  it('is silent on 587 with required STARTTLS', async () => {
    assert.deepEqual(await verdicts('application-correct.properties', fixture('application-correct.properties')), []);
  });

  it('plain Jakarta Mail: SSLSocketFactory on 2525 and ssl.trust=*', async () => {
    const text = fixture('mail.properties');
    const found = await verdicts('mail.properties', text);
    assert.deepEqual(found.map((item) => item.ruleId).sort(), ['certificate-verification-disabled', 'starttls-port-with-implicit-tls']);
    const fixed = await fixClears('mail.properties', text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /mail\.smtp\.starttls\.enable=true/);
    const certFixed = await fixClears('mail.properties', text, 'certificate-verification-disabled');
    assert.doesNotMatch(certFixed, /ssl\.trust/);
  });

  it('no TLS settings with credentials to a remote host: plaintext AUTH', async () => {
    const text = 'spring.mail.host=smtp.gmail.com\nspring.mail.port=587\nspring.mail.username=a@gmail.com\nspring.mail.password=x\n';
    const fixed = await fixClears('application.properties', text, 'tls-disabled-with-credentials');
    assert.match(fixed, /spring\.mail\.properties\.mail\.smtp\.starttls\.enable=true\nspring\.mail\.properties\.mail\.smtp\.starttls\.required=true/);
  });
});

describe('Spring Boot YAML', () => {
  it('reads nested and dotted keys per document, placeholders as fallbacks', async () => {
    const text = fixture('application.yml');
    const found = await verdicts('application.yml', text);
    assert.deepEqual(found.map((item) => item.ruleId), ['starttls-port-with-implicit-tls', 'implicit-port-without-implicit-tls']);
    const first = await fixClears('application.yml', text, 'starttls-port-with-implicit-tls');
    assert.match(first, /protocol: smtp\n/);
    const second = await fixClears('application.yml', text, 'implicit-port-without-implicit-tls');
    assert.match(second, / {6}mail\.smtp\.ssl\.enable: true\n/);
  });

  it('is silent on bracketed keys with ssl.enable on 465', async () => {
    assert.deepEqual(await verdicts('application-correct.yaml', fixture('application-correct.yaml')), []);
  });

  it('inserts missing nested keys next to their siblings', async () => {
    const text = 'spring:\n  mail:\n    host: smtp.gmail.com\n    port: 587\n    username: me\n    properties:\n      mail:\n        smtp:\n          auth: true\n';
    const fixed = await fixClears('application.yml', text, 'tls-disabled-with-credentials');
    assert.match(fixed, / {10}auth: true\n {10}starttls\.enable: true\n {10}starttls\.required: true/);
  });
});
