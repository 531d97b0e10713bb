// .NET configuration files: appsettings*.json mail sections and web.config/app.config <network>.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { dotnetConfigExtractor, extractAppSettings, extractWebConfig } from '../../src/core/config/dotnetConfig';
import { lintDocument } from '../../src/core/lint';
import type { Finding, SourceDocument } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

const fixtures = resolve(__dirname, '../../../test/fixtures/dotnetConfig');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

async function verdicts(name: string, text: string, extra: Partial<SourceDocument> = {}): Promise<Finding[]> {
  const result = await lintDocument({ fileName: `/src/Shop.Web/${name}`, text, ...extra });
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

describe('appsettings*.json', () => {
  it('applies to appsettings files only', () => {
    for (const name of ['appsettings.json', 'appsettings.Development.json', '/x/AppSettings.Production.json', 'web.config', 'Web.Release.config', 'app.config']) assert.ok(dotnetConfigExtractor.appliesTo(name), name);
    for (const name of ['settings.json', 'package.json', 'web.config.bak', 'machine.config']) assert.ok(!dotnetConfigExtractor.appliesTo(name), name);
  });

  it('SecureSocketOptions SslOnConnect on 587 is an error with MailKit semantics; the fix writes StartTls', async () => {
    const text = fixture('appsettings.json');
    const findings = await verdicts('appsettings.json', text);
    assert.deepEqual(findings.map((item) => [item.ruleId, item.severity]), [['starttls-port-with-implicit-tls', 'error']]);
    assert.match(findings[0]!.message, /SslHandshakeException/);
    const fixed = await fixClears('appsettings.json', text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /"SecureSocketOptions": "StartTls"/);
    assert.deepEqual(await verdicts('appsettings.json', fixed), []);
  });

  it('UseSsl true on "587" is a warning (MailKit useSsl reading, inferred); the fix keeps the quoted style', async () => {
    const text = fixture('appsettings.Production.json');
    const findings = await verdicts('appsettings.Production.json', text);
    assert.deepEqual(findings.map((item) => [item.ruleId, item.severity]), [['starttls-port-with-implicit-tls', 'warning']]);
    assert.match(findings[0]!.message, /useSsl/);
    const fixed = await fixClears('appsettings.Production.json', text, 'starttls-port-with-implicit-tls');
    assert.match(fixed, /"UseSsl": false/);
  });

  it('EnableSsl on 465 is read as System.Net.Mail (never works on 465); the fix moves to 587', async () => {
    const text = fixture('appsettings.Staging.json');
    const findings = await verdicts('appsettings.Staging.json', text);
    assert.deepEqual(findings.map((item) => [item.ruleId, item.severity]), [['implicit-port-without-implicit-tls', 'warning']]);
    assert.match(findings[0]!.message, /System\.Net\.Mail/);
    const fixed = await fixClears('appsettings.Staging.json', text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /"Port": 587/);
    assert.deepEqual(await verdicts('appsettings.Staging.json', fixed), []);
  });

  it('EnableSsl is left alone when the project file references MailKit', async () => {
    const text = fixture('appsettings.Staging.json');
    const readNearby = async (name: string) => (name === 'Shop.Web.csproj' ? { path: `/src/Shop.Web/${name}`, text: '<Project><ItemGroup><PackageReference Include="MailKit" Version="4.3.0" /></ItemGroup></Project>' } : undefined);
    assert.deepEqual(await verdicts('appsettings.Staging.json', text, { readNearby }), []);
    const plain = async (name: string) => (name === 'Shop.Web.csproj' ? { path: name, text: '<Project></Project>' } : undefined);
    assert.equal((await verdicts('appsettings.Staging.json', text, { readNearby: plain })).length, 1);
  });

  it('tricky-correct sections stay silent: Auto on 465, StartTls on 587, several TLS keys, unknown section names, local catchers', async () => {
    const text = fixture('appsettings.Correct.json');
    assert.deepEqual(await verdicts('appsettings.Correct.json', text), []);
    const endpoints = extractAppSettings(text);
    assert.deepEqual(endpoints.map((item) => [item.library, item.mode.value, item.port?.value]), [
      ['mailkit', 'implicit', 465],
      ['mailkit', 'starttls', 587],
      ['mailkit', 'implicit', 465],
      ['system-net-mail', 'starttls', 587],
      ['mailkit', 'none', 1025],
    ]);
  });

  it('SecureSocketOptions None with credentials to a remote host warns and requires STARTTLS', async () => {
    const text = '{ "Smtp": { "Host": "smtp.example.com", "Port": 587, "SecureSocketOptions": "none", "UserName": "u", "Password": "p" } }';
    const findings = await verdicts('appsettings.json', text);
    assert.deepEqual(findings.map((item) => item.ruleId), ['tls-disabled-with-credentials']);
    const fixed = await fixClears('appsettings.json', text, 'tls-disabled-with-credentials');
    assert.match(fixed, /"StartTls"/);
  });

  it('reads half-typed files without throwing', () => {
    const text = fixture('appsettings.json');
    for (let cut = 0; cut <= text.length; cut += 7) assert.doesNotThrow(() => extractAppSettings(text.slice(0, cut)));
  });
});

describe('web.config / app.config', () => {
  it('port 465 with enableSsl is an error (System.Net.Mail has no implicit TLS); the fix moves to 587', async () => {
    const text = fixture('web.config');
    const findings = await verdicts('web.config', text);
    assert.deepEqual(findings.map((item) => [item.ruleId, item.severity]), [['implicit-port-without-implicit-tls', 'error']]);
    assert.match(findings[0]!.message, /enableSsl="true"/);
    const fixed = await fixClears('web.config', text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /port="587" enableSsl="true"/);
    assert.deepEqual(await verdicts('web.config', fixed), []);
    // the commented-out element is not read
    assert.equal(extractWebConfig(text).length, 1);
  });

  it("enableSsl='false' with credentials warns; the fix turns it on", async () => {
    const text = fixture('app.config');
    const findings = await verdicts('app.config', text);
    assert.deepEqual(findings.map((item) => item.ruleId), ['tls-disabled-with-credentials']);
    const fixed = await fixClears('app.config', text, 'tls-disabled-with-credentials');
    assert.match(fixed, /enableSsl='true'/);
  });

  it('transforms, pickup directories and sections without enableSsl on 587 stay silent', async () => {
    assert.deepEqual(await verdicts('Web.Release.config', fixture('Web.Release.config')), []);
    const noSsl = '<configuration><system.net><mailSettings><smtp><network host="smtp.example.com" port="587" userName="u" password="p"/></smtp></mailSettings></system.net></configuration>';
    assert.deepEqual(await verdicts('web.config', noSsl), []);
  });

  it('port 465 without enableSsl is still wrong, and the port fix adds enableSsl', async () => {
    const text = '<configuration><system.net><mailSettings><smtp><network host="smtp.example.com" port="465" /></smtp></mailSettings></system.net></configuration>';
    const fixed = await fixClears('web.config', text, 'implicit-port-without-implicit-tls');
    assert.match(fixed, /port="587" enableSsl="true" \/>/);
  });
});
