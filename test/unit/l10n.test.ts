// German next to English: every manifest string and every runtime string of the extension has a
// German entry, with the same placeholders. New strings fail here rather than reach users in
// English by accident.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { UNKNOWN_ERROR_TEXT } from '../../src/core/explain/errors';

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
  readonly message?: string;
  readonly expression?: string;
}

/** Every `l10n.t(…)` in the extension: the literal message, or the expression when it is not one. */
function l10nCalls(): Call[] {
  const calls: Call[] = [];
  for (const file of sourceFiles(join(root, 'src', 'extension'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bl10n\.t\(\s*/g)) {
      const at = match.index + match[0].length;
      const line = text.slice(0, at).split('\n').length;
      const rest = text.slice(at);
      const literal = /^(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)/.exec(rest);
      const where = relative(root, file);
      if (literal) {
        assert.ok(!(literal[0].startsWith('`') && literal[0].includes('${')), `${where}:${line}: l10n.t needs a fixed message; pass values as {0} arguments`);
        calls.push({ file: where, line, message: unquote(literal[0]) });
      } else {
        calls.push({ file: where, line, expression: /^[\w.]+/.exec(rest)?.[0] ?? rest.slice(0, 30) });
      }
    }
  }
  return calls;
}

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
    const bundle = readJson('l10n/bundle.l10n.de.json');
    const calls = l10nCalls();
    assert.ok(calls.length > 10, `expected the extension to localise its strings, found ${calls.length} l10n.t calls`);
    const missing: string[] = [];
    for (const call of calls) {
      const message = call.message ?? KNOWN_EXPRESSIONS[call.expression ?? ''];
      assert.ok(message !== undefined, `${call.file}:${call.line}: l10n.t(${call.expression}) — use a literal message, or add the name to KNOWN_EXPRESSIONS`);
      const german = bundle[message];
      if (typeof german !== 'string' || german.trim() === '') {
        missing.push(`${call.file}:${call.line}: ${JSON.stringify(message)}`);
        continue;
      }
      assert.deepEqual(placeholders(german), placeholders(message), `placeholders of ${JSON.stringify(message)}`);
    }
    assert.deepEqual(missing, [], 'messages without a German entry');
  });

  it('the package ships the translations', () => {
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim());
    assert.ok(ignore.includes('!l10n/**'), '.vscodeignore should keep l10n/**');
    assert.ok(ignore.includes('!package.nls.*.json'), '.vscodeignore should keep package.nls.*.json');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
  });
});
