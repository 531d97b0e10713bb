// One measuring child process, started by bench/lint/run.mjs:
//
//   node bench/lint/measure.mjs --tool ours|eslint --mode cold|warm --engine FILE
//
// Each tool runs in its own process so neither pays for the other's heap, JIT state or GC
// pressure. `cold` times the very first lint of a fresh process (module load, wasm init and
// grammar load included); `warm` times everything else. The last stdout line is the JSON result.
// Every timed run is checked against the findings the generator placed, so a run that got
// faster by getting wrong fails instead of reporting a number.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { bigModule, middleEditOffset } from './generate.mjs';

const { values: args } = parseArgs({
  options: {
    tool: { type: 'string' },
    mode: { type: 'string' },
    engine: { type: 'string' },
    'warm-runs': { type: 'string', default: '15' },
    'edit-runs': { type: 'string', default: '30' },
    'nomail-runs': { type: 'string', default: '200' },
  },
});
const require = createRequire(import.meta.url);
const WARMUP = 3;

const big = bigModule();
const noMail = bigModule({ mail: false });
const now = () => performance.now();

function check(condition, message) {
  if (!condition) throw new Error(`wrong result: ${message}`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: median(values), min: sorted[0], p90: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))], n: values.length };
}

/** One-character inserts in the middle of the file, each on top of the previous text. */
function* edits(text, count) {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let current = text;
  for (let i = 0; i < count; i++) {
    const at = middleEditOffset(current);
    const next = current.slice(0, at) + letters[i % letters.length] + current.slice(at);
    check(next !== current && next.length === current.length + 1, 'the edit must change the text');
    yield { at, text: next };
    current = next;
  }
}

// ---------------------------------------------------------------- ours

async function ours() {
  const started = now();
  const engine = require(args.engine);
  const loaded = now();
  const lint = (fileName, text, version) => engine.lintDocument({ fileName, text, version });
  const rules = (result) => result.findings.map((finding) => finding.ruleId).sort();
  const checkBig = (result, what) => {
    check(result.problems.length === 0, `${what}: extractor problems ${result.problems.join('; ')}`);
    check(JSON.stringify(rules(result)) === JSON.stringify(big.expectedRules), `${what}: got [${rules(result)}], expected [${big.expectedRules}]`);
  };

  if (args.mode === 'cold') {
    const result = await lint('/bench/cold.js', big.text, 1);
    const done = now();
    checkBig(result, 'cold');
    return { moduleLoadMs: loaded - started, firstLintMs: done - loaded, totalMs: done - started };
  }

  // Warm: each lint is a new file name, so the tree cache cannot help: a full parse every time.
  const warm = [];
  for (let i = 0; i < WARMUP + Number(args['warm-runs']); i++) {
    const t0 = now();
    const result = await lint(`/bench/warm-${i}.js`, big.text, 1);
    const t = now() - t0;
    checkBig(result, `warm run ${i}`);
    if (i >= WARMUP) warm.push(t);
  }

  // Re-lint: one file, version+1 per one-character insert. The findings' ranges must point at the
  // same source text in the edited file as before; a stale result would be off by the inserts
  // for every finding after the edit point, and the generator puts findings on both sides.
  const fileName = '/bench/edited.js';
  const base = await lint(fileName, big.text, 1);
  checkBig(base, 'before the edits');
  const quoted = base.findings.map((finding) => big.text.slice(finding.range.start, finding.range.end));
  const editAt = middleEditOffset(big.text);
  check(base.findings.some((f) => f.range.start > editAt) && base.findings.some((f) => f.range.end < editAt), 'findings on both sides of the edit');
  const relint = [];
  let version = 1;
  let index = 0;
  for (const edit of edits(big.text, WARMUP + Number(args['edit-runs']))) {
    const t0 = now();
    const result = await lint(fileName, edit.text, ++version);
    const t = now() - t0;
    checkBig(result, `re-lint ${index}`);
    result.findings.forEach((finding, i) => {
      const seen = edit.text.slice(finding.range.start, finding.range.end);
      check(seen === quoted[i], `re-lint ${index}: finding ${finding.ruleId} now covers ${JSON.stringify(seen)}, was ${JSON.stringify(quoted[i])}`);
    });
    if (index++ >= WARMUP) relint.push(t);
  }

  // A parse would leave a tree in the cache under the new name, so an unchanged count shows the
  // no-mail figure is the pre-parse check's.
  const treesBefore = engine.cachedSyntaxTreeCount();
  const nomail = [];
  for (let i = 0; i < WARMUP + Number(args['nomail-runs']); i++) {
    const t0 = now();
    const result = await lint(`/bench/nomail-${i}.js`, noMail.text, 1);
    const t = now() - t0;
    check(result.findings.length === 0 && result.endpoints.length === 0, 'no-mail file has no endpoints');
    if (i >= WARMUP) nomail.push(t);
  }
  check(engine.cachedSyntaxTreeCount() === treesBefore, 'the no-mail file was not parsed');
  return { warm: summary(warm), relint: summary(relint), nomail: summary(nomail) };
}

// ---------------------------------------------------------------- the ESLint peer

// The selectors say in ESLint's terms what our three findings in the big file say: implicit-TLS
// port with secure: false, STARTTLS port with secure: true, certificate checks off.
const TRANSPORT = ":matches(CallExpression[callee.name='createTransport'], CallExpression[callee.property.name='createTransport'])";
const PEER_SELECTORS = [
  `${TRANSPORT} > ObjectExpression:has(> Property[key.name='port'][value.value=465]):has(> Property[key.name='secure'][value.value=false])`,
  `${TRANSPORT} > ObjectExpression:has(> Property[key.name='port'][value.value=587]):has(> Property[key.name='secure'][value.value=true])`,
  `${TRANSPORT} > ObjectExpression Property[key.name='rejectUnauthorized'][value.value=false]`,
];

async function eslint() {
  const started = now();
  const { Linter } = require('eslint');
  const linter = new Linter();
  const loaded = now();
  const config = [{
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    rules: { 'no-restricted-syntax': ['error', ...PEER_SELECTORS.map((selector) => ({ selector, message: selector }))] },
  }];
  const verify = (text, filename) => linter.verify(text, config, { filename });
  const checkBig = (messages, what) => {
    check(!messages.some((m) => m.fatal), `${what}: ${messages.find((m) => m.fatal)?.message}`);
    check(messages.length === big.expectedPeer, `${what}: ${messages.length} messages, expected ${big.expectedPeer}`);
  };

  if (args.mode === 'cold') {
    const messages = verify(big.text, 'cold.js');
    const done = now();
    checkBig(messages, 'cold');
    return { moduleLoadMs: loaded - started, firstLintMs: done - loaded, totalMs: done - started };
  }

  const warm = [];
  for (let i = 0; i < WARMUP + Number(args['warm-runs']); i++) {
    const t0 = now();
    const messages = verify(big.text, `warm-${i}.js`);
    const t = now() - t0;
    checkBig(messages, `warm run ${i}`);
    if (i >= WARMUP) warm.push(t);
  }
  // ESLint keeps no tree between calls: the edited text is parsed and traversed in full.
  const relint = [];
  let index = 0;
  for (const edit of edits(big.text, WARMUP + Number(args['edit-runs']))) {
    const t0 = now();
    const messages = verify(edit.text, 'edited.js');
    const t = now() - t0;
    checkBig(messages, `re-lint ${index}`);
    if (index++ >= WARMUP) relint.push(t);
  }
  const nomail = [];
  for (let i = 0; i < WARMUP + Number(args['nomail-runs']); i++) {
    const t0 = now();
    const messages = verify(noMail.text, `nomail-${i}.js`);
    const t = now() - t0;
    check(messages.length === 0, `no-mail file: ${messages[0]?.message}`);
    if (i >= WARMUP) nomail.push(t);
  }
  return { warm: summary(warm), relint: summary(relint), nomail: summary(nomail) };
}

try {
  const result = args.tool === 'eslint' ? await eslint() : await ours();
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
}
