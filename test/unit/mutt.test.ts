// mutt / NeoMutt: smtp_url and folder URLs, ssl_starttls / ssl_force_tls, ssl_verify_*.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractMutt, muttExtractor, parseMuttrc } from '../../src/core/config/mutt';
import { applyPreferred, fixture, ruleIds, slice } from './mailToolsHelpers';

const NAME = '/home/me/.muttrc';

describe('mutt extractor', () => {
  it('reads muttrc and neomuttrc names', () => {
    for (const name of ['.muttrc', 'muttrc', 'neomuttrc', '.neomuttrc', 'gmail.muttrc']) assert.equal(muttExtractor.appliesTo(name), true, name);
    assert.equal(muttExtractor.appliesTo('mutt.md'), false);
  });

  it('parses set commands with quotes, `;` and no-prefixes', () => {
    const text = `set a = "x y" ; set b='z' c=1\nset nossl_starttls # comment\nunset ssl_force_tls\n`;
    const settings = parseMuttrc(text);
    assert.deepEqual(settings.map((item) => [item.name, item.value]), [['a', 'x y'], ['b', 'z'], ['c', '1'], ['ssl_starttls', 'no'], ['ssl_force_tls', 'no']]);
    assert.equal(slice(text, settings[0]!.innerRange), 'x y');
  });

  it('flags smtps on 587, imaps on 143 and ssl_verify_host=no, once each', async () => {
    assert.deepEqual(await ruleIds(NAME, fixture('mutt', 'wrong.muttrc')), ['certificate-verification-disabled', 'starttls-port-with-implicit-tls', 'starttls-port-with-implicit-tls']);
  });

  it('flags smtp:// on 465 and plaintext IMAP with a user', async () => {
    const text = fixture('mutt', 'wrong-plain.muttrc');
    assert.deepEqual(await ruleIds(NAME, text), ['implicit-port-without-implicit-tls', 'tls-disabled-with-credentials']);
    const list = extractMutt(text);
    assert.equal(list[1]?.port?.value, 143);
    assert.equal(list[1]?.port?.origin, 'default');
  });

  it('fixes in muttrc syntax', async () => {
    for (const [name, rule] of [
      ['wrong.muttrc', 'starttls-port-with-implicit-tls'],
      ['wrong.muttrc', 'certificate-verification-disabled'],
      ['wrong-plain.muttrc', 'implicit-port-without-implicit-tls'],
      ['wrong-plain.muttrc', 'tls-disabled-with-credentials'],
    ] as const) {
      const text = fixture('mutt', name);
      const before = (await ruleIds(NAME, text)).filter((id) => id === rule).length;
      const fixed = await applyPreferred(NAME, text, rule);
      assert.equal((await ruleIds(NAME, fixed)).filter((id) => id === rule).length, before - 1, `${rule}:\n${fixed}`);
    }
  });

  it('is silent on correct configs (hooks are not read)', async () => {
    assert.deepEqual(await ruleIds(NAME, fixture('mutt', 'correct.neomuttrc')), []);
    assert.deepEqual(await ruleIds(NAME, fixture('mutt', 'correct-starttls.muttrc')), []);
  });
});
