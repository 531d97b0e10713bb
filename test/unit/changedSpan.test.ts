// changedSpan compares in blocks for speed and mayContainMailConfig checks its cheapest scan
// first; both must keep exactly the answers of the plain definitions they replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mayContainMailConfig } from '../../src/core/config/javascript';
import { changedSpan } from '../../src/core/config/parsers/treeSitter';

function plainChangedSpan(oldText: string, newText: string): { start: number; oldEnd: number; newEnd: number } {
  const limit = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < limit && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  if (start > 0 && start < limit && /[\ud800-\udbff]/.test(oldText[start - 1] ?? '')) start--;
  let suffix = 0;
  const maxSuffix = limit - start;
  while (suffix < maxSuffix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  if (suffix > 0 && suffix < maxSuffix && /[\udc00-\udfff]/.test(oldText[oldText.length - suffix] ?? '')) suffix--;
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

test('changedSpan in blocks agrees with the character-by-character definition', () => {
  // Texts of a few blocks, with edits placed on and around block boundaries.
  const base = fc.string({ unit: fc.constantFrom('a', 'b', '\n', '😀', 'é'), minLength: 0, maxLength: 5000 });
  fc.assert(
    fc.property(base, fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 5 }), (text, at, removed, inserted) => {
      const start = at % (text.length + 1);
      const edited = text.slice(0, start) + inserted + text.slice(start + removed);
      assert.deepEqual(changedSpan(text, edited), plainChangedSpan(text, edited));
    }),
    { numRuns: 300 },
  );
  const big = 'x'.repeat(4096);
  for (const at of [0, 1023, 1024, 1025, 2048, 4095, 4096]) {
    const edited = `${big.slice(0, at)}y${big.slice(at)}`;
    assert.deepEqual(changedSpan(big, edited), plainChangedSpan(big, edited), `insert at ${at}`);
  }
});

test('mayContainMailConfig answers as the unordered checks did', () => {
  const plain = (text: string): boolean =>
    text.includes('createTransport') || text.includes('ImapFlow') || text.includes('MailerModule') || /smtps?:\/\//i.test(text) || (/smtp|mail|imap|transport/i.test(text) && /\b(?:host|port)\b/.test(text));
  const words = fc.constantFrom('createTransport', 'ImapFlow', 'MailerModule', 'SMTPS://', 'smtp', 'Mail', 'IMAP', 'Transport', 'host', 'port', 'import', 'report', 'x', ' ', '.');
  fc.assert(
    fc.property(fc.array(words, { maxLength: 8 }), (parts) => {
      const text = parts.join('');
      assert.equal(mayContainMailConfig(text), plain(text), text);
    }),
    { numRuns: 500 },
  );
});
