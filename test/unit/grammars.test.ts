// Every grammar the extractors may ask for ships with the build and parses, one at a time,
// and the incremental cache keeps one tree per grammar and file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachedSyntaxTreeCount, forgetSyntaxTree, type Grammar, withSyntaxTree } from '../../src/core/config/parsers/treeSitter';

const SAMPLES: Record<Grammar, string> = {
  javascript: 'const a = { port: 587 };',
  typescript: 'const a: { port: number } = { port: 587 };',
  tsx: 'const a = <div port={587} />;',
  python: 'EMAIL_PORT = 587\n',
  php: '<?php $mail->Port = 587;',
  ruby: 'config.action_mailer.smtp_settings = { port: 587 }\n',
  java: 'class A { int port = 587; }',
  go: 'package main\nvar port = 587\n',
  'c-sharp': 'class A { int Port = 587; }',
  rust: 'fn main() { let port = 587; }',
  ini: '[mailer]\nSMTP_PORT = 587\n',
};

test('every grammar loads and parses its language without errors', async () => {
  for (const [grammar, text] of Object.entries(SAMPLES) as [Grammar, string][]) {
    const hasError = await withSyntaxTree(`sample.${grammar}`, text, grammar, (root) => root.hasError);
    assert.equal(hasError, false, grammar);
  }
});

test('one file read with two grammars keeps both trees', async () => {
  forgetSyntaxTree();
  await withSyntaxTree('twice', 'a = 1\n', 'python', () => undefined);
  await withSyntaxTree('twice', 'a = 1\n', 'ruby', () => undefined);
  assert.equal(cachedSyntaxTreeCount(), 2);
  forgetSyntaxTree('twice');
  assert.equal(cachedSyntaxTreeCount(), 0);
});
