// Every rule end to end: text in, findings out, the preferred fix applied, and the result
// linted again. Plus the correct configurations that look suspicious and must stay silent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintDocument } from '../../src/core/lint';
import type { Finding } from '../../src/core/model';
import { applyEdits } from '../../src/core/text';

async function lint(fileName: string, text: string): Promise<Finding[]> {
  return [...(await lintDocument({ fileName, text })).findings];
}

async function ruleIds(fileName: string, text: string, minimum: 'warning' | 'information' = 'warning'): Promise<string[]> {
  const findings = await lint(fileName, text);
  return findings.filter((finding) => minimum === 'information' || finding.severity === 'error' || finding.severity === 'warning').map((finding) => finding.ruleId);
}

/** Applies the fix with the given title fragment (or the preferred one) of the first finding of a rule. */
async function fixed(fileName: string, text: string, ruleId: string, titleFragment?: string): Promise<string> {
  const finding = (await lint(fileName, text)).find((candidate) => candidate.ruleId === ruleId);
  assert.ok(finding, `expected a ${ruleId} finding`);
  const fix = titleFragment ? finding.fixes.find((candidate) => candidate.title.includes(titleFragment)) : finding.fixes.find((candidate) => candidate.preferred);
  assert.ok(fix, `expected a fix${titleFragment ? ` titled like '${titleFragment}'` : ''} among: ${finding.fixes.map((candidate) => candidate.title).join(' | ')}`);
  return applyEdits(text, fix.edits);
}

const js = (body: string): string => `const nodemailer = require('nodemailer');\nconst transport = nodemailer.createTransport(${body});\n`;

describe('starttls-port-with-implicit-tls', () => {
  const wrong = js(`{\n  host: 'smtp.example.com',\n  port: 587,\n  secure: true,\n  auth: { user: 'a', pass: 'b' },\n}`);

  it('reports implicit TLS on 587 with the failure the user will see, on the secure flag', async () => {
    const findings = await lint('mailer.js', wrong);
    const finding = findings.find((candidate) => candidate.ruleId === 'starttls-port-with-implicit-tls');
    assert.ok(finding);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /wrong version number/);
    assert.match(wrong.slice(finding.range.start, finding.range.end), /secure|true/);
  });

  it('preferred fix keeps the port and switches to STARTTLS; the finding goes away', async () => {
    const after = await fixed('mailer.js', wrong, 'starttls-port-with-implicit-tls');
    assert.match(after, /secure: false/);
    assert.match(after, /port: 587/);
    assert.ok(!(await ruleIds('mailer.js', after)).includes('starttls-port-with-implicit-tls'));
  });

  it('the other fix keeps implicit TLS and moves to 465', async () => {
    const after = await fixed('mailer.js', wrong, 'starttls-port-with-implicit-tls', '465');
    assert.match(after, /port: 465/);
    assert.match(after, /secure: true/);
    assert.deepEqual(await ruleIds('mailer.js', after), []);
  });

  it('reports smtps:// URLs on 587 and fixes the scheme', async () => {
    const text = js(`'smtps://user:pass@smtp.example.com:587'`);
    assert.deepEqual(await ruleIds('mailer.js', text), ['starttls-port-with-implicit-tls']);
    const after = await fixed('mailer.js', text, 'starttls-port-with-implicit-tls');
    assert.match(after, /'smtp:\/\/user:pass@smtp\.example\.com:587'/);
  });

  it('reports the literal fallback of an env port and says when it applies', async () => {
    const text = js(`{ host: 'smtp.example.com', port: Number(process.env.SMTP_PORT) || 587, secure: true }`);
    const finding = (await lint('mailer.ts', text)).find((candidate) => candidate.ruleId === 'starttls-port-with-implicit-tls');
    assert.ok(finding);
    assert.match(finding.message, /SMTP_PORT is unset/);
  });

  it('reports it in .env files with the nodemailer reading', async () => {
    const text = 'SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_SECURE=true\n';
    assert.ok((await ruleIds('.env', text)).includes('starttls-port-with-implicit-tls'));
  });
});

describe('implicit-port-without-implicit-tls', () => {
  it('reports secure: false on 465 as a hang and fixes it to secure: true', async () => {
    const text = js(`{ host: 'smtp.example.com', port: 465, secure: false }`);
    const finding = (await lint('mailer.js', text)).find((candidate) => candidate.ruleId === 'implicit-port-without-implicit-tls');
    assert.ok(finding);
    assert.match(finding.message, /Greeting never received/);
    const after = await fixed('mailer.js', text, 'implicit-port-without-implicit-tls');
    assert.match(after, /secure: true/);
    assert.deepEqual(await ruleIds('mailer.js', after), []);
  });

  it("reports nodemailer's smtp:// URL on 465, which sets secure: false", async () => {
    assert.deepEqual(await ruleIds('mailer.js', js(`'smtp://user:pass@smtp.example.com:465'`)), ['implicit-port-without-implicit-tls']);
  });

  it('reports ImapFlow on 993 with secure: false', async () => {
    const text = `import { ImapFlow } from 'imapflow';\nconst client = new ImapFlow({ host: 'imap.example.com', port: 993, secure: false, auth: { user: 'u', pass: 'p' } });\n`;
    assert.ok((await ruleIds('client.mjs', text)).includes('implicit-port-without-implicit-tls'));
  });

  it('reports SMTP_PORT=465 with SMTP_SECURE=false in .env', async () => {
    assert.ok((await ruleIds('.env', 'SMTP_HOST=smtp.example.com\nSMTP_PORT=465\nSMTP_SECURE=false\n')).includes('implicit-port-without-implicit-tls'));
  });
});

describe('conflicting-tls-flags', () => {
  it('reports Django EMAIL_USE_TLS and EMAIL_USE_SSL both on as an error', async () => {
    const text = 'EMAIL_HOST=smtp.example.com\nEMAIL_PORT=465\nEMAIL_USE_TLS=True\nEMAIL_USE_SSL=True\n';
    const finding = (await lint('.env', text)).find((candidate) => candidate.ruleId === 'conflicting-tls-flags');
    assert.ok(finding);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /mutually exclusive/);
    const after = await fixed('.env', text, 'conflicting-tls-flags');
    assert.doesNotMatch(after, /EMAIL_USE_TLS/);
    assert.match(after, /EMAIL_USE_SSL=True/);
  });

  it('reports ImapFlow secure + doSTARTTLS as an error (it throws)', async () => {
    const text = `const { ImapFlow } = require('imapflow');\nnew ImapFlow({ host: 'imap.example.com', port: 993, secure: true, doSTARTTLS: true });\n`;
    const finding = (await lint('imap.js', text)).find((candidate) => candidate.ruleId === 'conflicting-tls-flags');
    assert.ok(finding);
    assert.equal(finding.severity, 'error');
  });

  it('reports nodemailer requireTLS + ignoreTLS and keeps the requirement', async () => {
    const text = js(`{ host: 'smtp.example.com', port: 587, requireTLS: true, ignoreTLS: true }`);
    const after = await fixed('mailer.js', text, 'conflicting-tls-flags');
    assert.match(after, /requireTLS: true/);
    assert.doesNotMatch(after, /ignoreTLS/);
  });
});

describe('tls-disabled-with-credentials', () => {
  it('reports ignoreTLS with auth toward a remote host', async () => {
    const text = js(`{ host: 'smtp.example.com', port: 587, ignoreTLS: true, auth: { user: 'u', pass: 'p' } }`);
    assert.ok((await ruleIds('mailer.js', text)).includes('tls-disabled-with-credentials'));
    const after = await fixed('mailer.js', text, 'tls-disabled-with-credentials');
    assert.doesNotMatch(after, /ignoreTLS: true/);
    assert.ok(!(await ruleIds('mailer.js', after)).includes('tls-disabled-with-credentials'));
  });

  it('stays silent for a local catcher such as Mailpit', async () => {
    assert.deepEqual(await ruleIds('mailer.js', js(`{ host: 'localhost', port: 1025, ignoreTLS: true, auth: { user: 'u', pass: 'p' } }`)), []);
  });
});

describe('certificate-verification-disabled', () => {
  it('warns for a remote host and fixes it', async () => {
    const text = js(`{ host: 'smtp.example.com', port: 587, tls: { rejectUnauthorized: false } }`);
    const finding = (await lint('mailer.js', text)).find((candidate) => candidate.ruleId === 'certificate-verification-disabled');
    assert.ok(finding);
    assert.equal(finding.severity, 'warning');
    const after = await fixed('mailer.js', text, 'certificate-verification-disabled');
    assert.ok(!(await ruleIds('mailer.js', after, 'information')).includes('certificate-verification-disabled'));
  });

  it('is only information against localhost', async () => {
    const findings = await lint('mailer.js', js(`{ host: '127.0.0.1', port: 1025, tls: { rejectUnauthorized: false } }`));
    assert.deepEqual(findings.map((finding) => [finding.ruleId, finding.severity]), [['certificate-verification-disabled', 'information']]);
  });

  it('reads verify_peer=0 in a Symfony DSN', async () => {
    assert.ok((await ruleIds('.env', 'MAILER_DSN=smtp://user:pass@smtp.example.com:587?verify_peer=0\n')).includes('certificate-verification-disabled'));
  });
});

describe('env-string-boolean', () => {
  it('reports secure: process.env.X and rewrites it to a comparison', async () => {
    const text = js(`{ host: 'smtp.example.com', port: 587, secure: process.env.SMTP_SECURE }`);
    assert.ok((await ruleIds('mailer.js', text)).includes('env-string-boolean'));
    const after = await fixed('mailer.js', text, 'env-string-boolean');
    assert.match(after, /secure: process\.env\.SMTP_SECURE === 'true'/);
    assert.deepEqual(await ruleIds('mailer.js', after), []);
  });
});

describe('starttls-not-enforced', () => {
  it('is information for opportunistic STARTTLS with credentials, fixed with requireTLS', async () => {
    const text = js(`{ host: 'smtp.example.com', port: 587, secure: false, auth: { user: 'u', pass: 'p' } }`);
    const findings = await lint('mailer.js', text);
    assert.deepEqual(findings.map((finding) => [finding.ruleId, finding.severity]), [['starttls-not-enforced', 'information']]);
    const after = await fixed('mailer.js', text, 'starttls-not-enforced');
    assert.match(after, /requireTLS: true/);
    assert.deepEqual(await ruleIds('mailer.js', after, 'information'), []);
  });
});

describe('port-25-submission', () => {
  it('is information for an app submitting to a remote host on 25', async () => {
    const findings = await lint('mailer.js', js(`{ host: 'smtp.sendgrid.net', port: 25, requireTLS: true }`));
    assert.deepEqual(findings.map((finding) => finding.ruleId), ['port-25-submission']);
    assert.equal(findings[0]?.severity, 'information');
  });

  it('stays silent for a docker compose relay service', async () => {
    assert.deepEqual(await ruleIds('mailer.js', js(`{ host: 'postfix', port: 25 }`), 'information'), []);
  });
});

describe('correct configurations that look suspicious stay silent', () => {
  const silent: [string, string, string][] = [
    ['465 with secure: true', 'mailer.js', js(`{ host: 'smtp.example.com', port: 465, secure: true, auth: { user: 'u', pass: 'p' } }`)],
    ['465 with secure unset (nodemailer picks implicit TLS)', 'mailer.js', js(`{ host: 'smtp.example.com', port: 465 }`)],
    ['587 with requireTLS', 'mailer.js', js(`{ host: 'smtp.example.com', port: 587, secure: false, requireTLS: true, auth: { user: 'u', pass: 'p' } }`)],
    ['the other port in a comment', 'mailer.js', js(`{\n  host: 'smtp.example.com',\n  // port 587 needs secure: false; we use 465\n  port: 465,\n  secure: true,\n}`)],
    ['port and mode from env', 'mailer.js', js(`{ host: process.env.SMTP_HOST, port: Number(process.env.SMTP_PORT), secure: process.env.SMTP_SECURE === 'true' }`)],
    ['secure computed from the port', 'mailer.ts', js(`{ host: 'smtp.example.com', port: Number(process.env.SMTP_PORT || 587), secure: Number(process.env.SMTP_PORT) === 465 }`)],
    ['a service preset', 'mailer.js', js(`{ service: 'Gmail', auth: { user: 'u', pass: 'p' } }`)],
    ['465:465 port mapping in a string', 'compose.js', `const ports = ['465:465', '587:587'];\nconst secure = true;\n`],
    ['465 as an unrelated number', 'server.js', `const timeout = 465;\nconst options = { port: 587, secure: true, host: 'api.example.com' };\nhttp.createServer(options);\n`],
    ['Symfony smtp:// on 465 (port-based implicit TLS)', '.env', 'MAILER_DSN=smtp://user:pass@smtp.example.com:465\n'],
    ['Laravel 2525 with MAIL_ENCRYPTION=tls', '.env', 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailtrap.io\nMAIL_PORT=2525\nMAIL_ENCRYPTION=tls\nMAIL_USERNAME=u\nMAIL_PASSWORD=p\n'],
    ['Django 587 with EMAIL_USE_TLS', '.env', 'EMAIL_HOST=smtp.example.com\nEMAIL_PORT=587\nEMAIL_USE_TLS=True\n'],
    ['commented-out wrong lines', '.env', '# SMTP_PORT=587\n# SMTP_SECURE=true\nSMTP_HOST=smtp.example.com\nSMTP_PORT=465\nSMTP_SECURE=true\n'],
  ];
  for (const [name, fileName, text] of silent) {
    it(name, async () => {
      assert.deepEqual(await ruleIds(fileName, text), []);
    });
  }
});
