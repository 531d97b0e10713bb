// Jakarta Mail properties and JavaMailSenderImpl setters in Java code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { javaExtractor } from '../../src/core/config/java';
import { lintDocument } from '../../src/core/lint';
import type { Finding } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtures = resolve(__dirname, '../../../test/fixtures/javaCode');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

async function verdicts(name: string, text: string): Promise<Finding[]> {
  const result = await lintDocument({ fileName: `/app/src/main/java/${name}`, text });
  assert.deepEqual(result.problems, []);
  return result.findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}

async function fixClears(name: string, text: string, ruleId: string): Promise<string> {
  const before = (await verdicts(name, text)).filter((item) => item.ruleId === ruleId);
  const finding = before[0];
  assert.ok(finding, `expected ${ruleId}`);
  const fix = finding.fixes.find((item) => item.preferred);
  assert.ok(fix, `${ruleId} has a preferred fix`);
  const fixed = applyEdits(text, fix.edits);
  const after = (await verdicts(name, fixed)).filter((item) => item.ruleId === ruleId);
  assert.ok(after.length < before.length, `${ruleId} remains after the fix:\n${fixed}`);
  return fixed;
}

describe('Java code (Jakarta Mail / JavaMailSenderImpl)', () => {
  it('applies to .java files and skips files without mail words cheaply', async () => {
    assert.ok(javaExtractor.appliesTo('/a/B.java'));
    assert.ok(!javaExtractor.appliesTo('/a/B.kt'));
    assert.deepEqual(await javaExtractor.extract({ fileName: 'A.java', text: 'class A { void f() { p.put("host", "x"); } }' }), []);
  });

  it('JavaMailSenderImpl setPort(587) with mail.smtp.ssl.enable=true is an error; the fix switches to STARTTLS', async () => {
    const text = fixture('MailConfig.java');
    const findings = await verdicts('MailConfig.java', text);
    assert.deepEqual(findings.map((item) => [item.ruleId, item.severity]), [['starttls-port-with-implicit-tls', 'error']]);
    assert.match(findings[0]!.message, /Unrecognized SSL message/);
    const fixed = await fixClears('MailConfig.java', text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /props\.put\("mail\.smtp\.starttls\.enable", "true"\);/);
    assert.doesNotMatch(fixed, /ssl\.enable/);
    assert.deepEqual(await verdicts('MailConfig.java', fixed), []);
  });

  it('setProperty port 465 with only starttls.enable is an error; the fix writes ssl.enable', async () => {
    const text = fixture('SendMail.java');
    const findings = await verdicts('SendMail.java', text);
    assert.deepEqual(findings.map((item) => item.ruleId), ['implicit-port-without-implicit-tls']);
    const fixed = await fixClears('SendMail.java', text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /props\.setProperty\("mail\.smtp\.ssl\.enable", "true"\);/);
    assert.deepEqual(await verdicts('SendMail.java', fixed), []);
  });

  it('mail.smtp.ssl.trust=* is flagged and the fix removes the line', async () => {
    const text = fixture('TrustAll.java');
    const findings = await verdicts('TrustAll.java', text);
    assert.deepEqual(findings.map((item) => item.ruleId), ['certificate-verification-disabled']);
    const fixed = await fixClears('TrustAll.java', text, 'certificate-verification-disabled');
    assert.doesNotMatch(fixed, /ssl\.trust/);
    assert.match(fixed, /p\.put\("mail\.smtp\.port", 587\);/);
  });

  it('tricky-correct code stays silent: 465 + ssl.enable, 587 + required STARTTLS, smtps, computed values, non-mail setters', async () => {
    const text = fixture('Correct.java');
    assert.deepEqual(await verdicts('Correct.java', text), []);
    const endpoints = await javaExtractor.extract({ fileName: 'Correct.java', text });
    assert.deepEqual(endpoints.map((item) => [item.mode.value, item.port?.value]), [
      ['implicit', 465],
      ['starttls', 587],
      ['implicit', 465],
      ['unknown', undefined],
      ['none', 1025],
    ]);
  });

  it('smtps with mail.smtp.* properties notes that they are ignored', async () => {
    const text = 'class A { void f() { Properties p = new Properties(); p.put("mail.transport.protocol", "smtps"); p.put("mail.smtp.host", "smtp.example.com"); p.put("mail.smtp.port", "587"); p.put("mail.smtps.port", "587"); } }';
    const [endpoint] = await javaExtractor.extract({ fileName: 'A.java', text });
    assert.ok(endpoint);
    assert.equal(endpoint.mode.value, 'implicit');
    assert.match(endpoint.reading?.note ?? '', /no effect/);
  });
});
