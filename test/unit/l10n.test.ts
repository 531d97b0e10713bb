// German next to English: every manifest string, every runtime string of the extension and every
// string of the explainer panel's page has a German entry, with the same placeholders, and the
// German bundle holds nothing else. New strings fail here rather than reach users in English by
// accident.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { UNKNOWN_ERROR_TEXT } from '../../src/core/explain/errors';
import { format, serializeBundle, setL10nBundle, t, tx } from '../../src/webview/l10n';

function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mail-tls-doctor') return dir;
    const parent = join(dir, '..');
    if (parent === dir) throw new Error(`no mail-tls-doctor package.json above ${__dirname}`);
    dir = parent;
  }
}

const root = projectRoot();
const readJson = (path: string): Record<string, string> => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, string>;

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name)) found.push(full);
  }
  return found;
}

/** The value of a JavaScript string literal (quotes included), for the escapes source code uses. */
function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_all, escape: string) => {
    if (escape.startsWith('u{')) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
    if (escape.startsWith('u') && escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (escape.startsWith('x') && escape.length === 3) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t', '0': '\0' } as Record<string, string>)[escape] ?? escape;
  });
}

interface Call {
  readonly file: string;
  readonly line: number;
  /** The bundle key: the message, or "message/comment" for the `{ message, comment }` form. */
  readonly message?: string;
  readonly expression?: string;
}

const STRING = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|${'`'}(?:[^${'`'}\\]|\\.)*${'`'})`;
const LITERAL = new RegExp(`^${STRING}`);
// vscode.l10n.t({ message: '…', comment: '…' }) and the page's t({ … }) alike; the key is
// "message/comment", as vscode.l10n builds it.
const WITH_COMMENT = new RegExp(String.raw`^\{\s*message:\s*(${STRING}),\s*comment:\s*(${STRING}),?\s*\}`);

/** The calls matching `call` in the .ts files under `dir`: the literal message, or the expression when it is not one. */
function calls(dir: string, call: RegExp, name: string): Call[] {
  const found: Call[] = [];
  for (const file of sourceFiles(join(root, ...dir.split('/')))) {
    const text = readFileSync(file, 'utf8').replace(/^[ \t]*\/\/.*$/gm, (comment) => ' '.repeat(comment.length));
    for (const match of text.matchAll(call)) {
      const at = match.index + match[0].length;
      const line = text.slice(0, at).split('\n').length;
      const rest = text.slice(at);
      const where = relative(root, file);
      const literal = LITERAL.exec(rest);
      const commented = WITH_COMMENT.exec(rest);
      const fixed = (quoted: string): string => {
        assert.ok(!(quoted.startsWith('`') && quoted.includes('${')), `${where}:${line}: ${name} needs a fixed message; pass values as {0} arguments`);
        return unquote(quoted);
      };
      if (literal) found.push({ file: where, line, message: fixed(literal[0]) });
      else if (commented) found.push({ file: where, line, message: `${fixed(commented[1]!)}/${fixed(commented[2]!)}` });
      else found.push({ file: where, line, expression: /^[\w.]+/.exec(rest)?.[0] ?? rest.slice(0, 30) });
    }
  }
  return found;
}

/** Every `l10n.t(…)` in the extension. */
const l10nCalls = (): Call[] => calls('src/extension', /\bl10n\.t\(\s*/g, 'l10n.t');

/** Every t(…) and tx(…) of the panel's page (src/webview/l10n.ts). */
const pageCalls = (): Call[] => calls('src/webview', /(?<![\w.$])tx?(?:<[^>()]*>)?\(\s*/g, 't()').filter((call) => !call.file.endsWith('l10n.ts'));

const placeholders = (text: string): string[] => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

// Messages passed to l10n.t by name, and the text each name stands for.
const KNOWN_EXPRESSIONS: Record<string, string> = { UNKNOWN_ERROR_TEXT };

describe('German next to English', () => {
  it('package.nls.de.json translates every key of package.nls.json, with the same placeholders', () => {
    const english = readJson('package.nls.json');
    const german = readJson('package.nls.de.json');
    const missing = Object.keys(english).filter((key) => typeof german[key] !== 'string' || german[key].trim() === '');
    assert.deepEqual(missing, [], `keys without German text in package.nls.de.json`);
    const stale = Object.keys(german).filter((key) => !(key in english));
    assert.deepEqual(stale, [], 'keys in package.nls.de.json that package.nls.json no longer has');
    for (const key of Object.keys(english)) assert.deepEqual(placeholders(german[key]!), placeholders(english[key]!), `placeholders of ${key}`);
  });

  it('every %key% the manifest uses exists in package.nls.json', () => {
    const manifest = readFileSync(join(root, 'package.json'), 'utf8');
    const english = readJson('package.nls.json');
    const used = [...manifest.matchAll(/"%([^"%]+)%"/g)].map((match) => match[1]!);
    assert.deepEqual(used.filter((key) => !(key in english)), [], 'keys used in package.json but missing from package.nls.json');
  });

  it('l10n/bundle.l10n.de.json has every vscode.l10n.t message of src/extension, with the same placeholders', () => {
    checkCovered(l10nCalls(), 'l10n.t', 10);
  });

  it('l10n/bundle.l10n.de.json has every t() and tx() message of the panel page (src/webview), with the same placeholders', () => {
    checkCovered(pageCalls(), 't()', 100);
  });

  it('l10n/bundle.l10n.de.json holds no message that nothing uses', () => {
    const used = new Set([...l10nCalls(), ...pageCalls()].map((call) => call.message ?? KNOWN_EXPRESSIONS[call.expression ?? '']));
    const stale = Object.keys(readJson('l10n/bundle.l10n.de.json')).filter((key) => !used.has(key));
    assert.deepEqual(stale, [], 'keys in l10n/bundle.l10n.de.json that no l10n.t or t() call uses');
  });

  it('the page has no English prose outside t()', () => {
    // String literals that read like words, after t()/tx() messages, comments and imports are
    // gone; what is left must be protocol text, names or CSS, and is listed here on purpose.
    const allowed = new Set([
      // Product, protocol and record names.
      'Mail TLS Doctor', 'Go', 'Ruby', 'Python', 'STARTTLS', 'TLS', 'DNS', 'MX', 'MTA-STS', 'TLS-RPT', 'TLSA', 'SMTP', 'IMAP', 'POP3',
      // Error texts quoted verbatim in the explanation, and who prints them.
      'wrong version number', 'OpenSSL (Node, Python, PHP, Ruby)', 'Unrecognized SSL message, plaintext connection?', 'Java / Jakarta Mail',
      'first record does not look like a TLS handshake', 'Greeting never received', 'Failed to receive greeting from server in required time. Maybe should use TLS?',
      'SMTPServerDisconnected: Connection unexpectedly closed', "Didn't find STARTTLS in server response", '530 Must issue a STARTTLS command first', '421 Too many connections',
      'requireTLS: true', 'secure: true', 'secure: false',
      // A programming error, not shown to users, and an aria-relevant value.
      'additions text',
      'attribute ${name} is not set through h()',
      // The generic exchanges: what servers and clients say on the wire.
      '220 mail.example.com ESMTP', 'EHLO client.example', '220 2.0.0 Ready to start TLS', 'AUTH PLAIN … (${credentials})', '* OK IMAP4rev1 ready', 'a1 CAPABILITY',
      '* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED', 'a1 OK CAPABILITY completed', 'a2 STARTTLS', 'a2 OK Begin TLS negotiation now', 'a3 CAPABILITY',
      '* CAPABILITY IMAP4rev1 AUTH=PLAIN', '${tls ? \'a1\' : \'a3\'} OK CAPABILITY completed', '+OK POP3 ready', '+OK Begin TLS negotiation', 'SASL PLAIN',
      '250 AUTH PLAIN LOGIN', 'USER … (${credentials})', '${tls ? \'a2\' : \'a4\'} LOGIN … (${credentials})',
    ]);
    const prose = /[A-Za-z]{2,}[,:;.?!…]? +[A-Za-z]{2,}|^[A-Z][a-z]+$/;
    const offenders: string[] = [];
    for (const file of sourceFiles(join(root, 'src', 'webview'))) {
      if (file.endsWith('l10n.ts')) continue;
      // Blanked rather than removed, so line numbers stay right.
      const blank = (part: string): string => part.replace(/[^\n]/g, ' ');
      const text = readFileSync(file, 'utf8')
        .replace(/^[ \t]*\/\/.*$/gm, blank)
        .replace(/\/\*\*[\s\S]*?\*\//g, blank)
        .replace(/^import .*$/gm, blank)
        .replace(new RegExp(String.raw`(?<![\w.$])tx?(?:<[^>()]*>)?\(\s*(?:${STRING}|\{\s*message:\s*${STRING},\s*comment:\s*${STRING},?\s*\})`, 'g'), (call) => `t(${blank(call.slice(2))}`);
      for (const match of text.matchAll(new RegExp(STRING, 'g'))) {
        const value = unquote(match[0]);
        // Class names, test ids, attribute names and values are not prose.
        if (/^[\w-]+(?: [\w-]+)*$/.test(value) && !/[A-Z]/.test(value) && !/ /.test(value)) continue;
        if (match.index > 0 && /(?:class|testid|attrs|type|kind|mode|verdict|direction|format|scope|role):\s*\[?$/.test(text.slice(Math.max(0, match.index - 20), match.index))) continue;
        // Inside a template literal only the fixed text can be prose.
        if (allowed.has(value) || !prose.test(value.replace(/\$\{[^}]*\}/g, ' '))) continue;
        offenders.push(`${relative(root, file)}:${text.slice(0, match.index).split('\n').length}: ${match[0]}`);
      }
    }
    assert.deepEqual(offenders, [], 'English text in src/webview that does not go through t()');
  });
});

describe('the page-side t()', () => {
  it('looks messages up like vscode.l10n.t: English by default, the bundle when there is one, {n} filled in', () => {
    setL10nBundle(undefined);
    assert.equal(t('{0} of {1} ports', 2, 3), '2 of 3 ports');
    setL10nBundle({ '{0} of {1} ports': '{1}: {0}', 'Connect/column': 'Verbindung', broken: 7, wrapped: { message: 'ausgepackt', comment: ['x'] } });
    assert.equal(t('{0} of {1} ports', 2, 3), '3: 2');
    assert.equal(t({ message: 'Connect', comment: 'column' }), 'Verbindung');
    assert.equal(t({ message: 'Connect', comment: 'button' }), 'Connect');
    assert.equal(t('broken'), 'broken');
    assert.equal(t('wrapped'), 'ausgepackt');
    assert.equal(t('Missing {0} {1}', 'one'), 'Missing one {1}');
    setL10nBundle(undefined);
  });

  it('tx() keeps elements where the translation puts them', () => {
    setL10nBundle({ 'Use {0} on {1}.': 'Auf {1} {0} verwenden.' });
    const a = { element: 'a' };
    const b = { element: 'b' };
    assert.deepEqual(tx('Use {0} on {1}.', a, b), ['Auf ', b, ' ', a, ' verwenden.']);
    assert.deepEqual(tx('{0}', a), [a]);
    setL10nBundle(undefined);
    assert.deepEqual(tx('Use {0} on {1}.', a, b), ['Use ', a, ' on ', b, '.']);
    assert.equal(format('{0}{0}{2}', ['x']), 'xx{2}');
  });

  it('serializes the bundle so nothing in it can close the script element', () => {
    const json = serializeBundle({ '</script><script>alert(1)</script>': 'a & b <!-- \u2028', number: 1 });
    assert.doesNotMatch(json, /[<>&\u2028]/);
    assert.deepEqual(JSON.parse(json), { '</script><script>alert(1)</script>': 'a & b <!-- \u2028' });
  });
});

function checkCovered(calls: readonly Call[], name: string, atLeast: number): void {
  const bundle = readJson('l10n/bundle.l10n.de.json');
  assert.ok(calls.length > atLeast, `expected localised strings, found ${calls.length} ${name} calls`);
  const missing: string[] = [];
  for (const call of calls) {
    const message = call.message ?? KNOWN_EXPRESSIONS[call.expression ?? ''];
    assert.ok(message !== undefined, `${call.file}:${call.line}: ${name}(${call.expression}) — use a literal message, or add the name to KNOWN_EXPRESSIONS`);
    const german = bundle[message];
    if (typeof german !== 'string' || german.trim() === '') {
      missing.push(`${call.file}:${call.line}: ${JSON.stringify(message)}`);
      continue;
    }
    // A "message/comment" key: comments hold no placeholders, so the whole key stands for the message.
    assert.deepEqual(placeholders(german), placeholders(message), `placeholders of ${JSON.stringify(message)}`);
  }
  assert.deepEqual(missing, [], 'messages without a German entry');
}

describe('German next to English, packaging', () => {
  it('the package ships the translations', () => {
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    assert.ok(ignore.includes('!l10n/**'), '.vscodeignore should keep l10n/**');
    assert.ok(ignore.includes('!package.nls.*.json'), '.vscodeignore should keep package.nls.*.json');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
  });
});
