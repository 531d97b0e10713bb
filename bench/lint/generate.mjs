// Deterministic inputs for the lint benchmark. A seeded PRNG (not Math.random) so every run, on
// every machine, times exactly the same bytes and can assert exactly the same findings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function prng(seed) {
  // mulberry32: tiny, fast, and good enough to vary filler; not for anything secret.
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Filler vocabulary. None of these contain "mail", "smtp", "imap" or "transport": the no-mail
// file must really have no mail words, and in the mail file every endpoint must be one we placed.
const ENTITIES = ['user', 'order', 'invoice', 'product', 'cart', 'session', 'payment', 'shipment', 'review', 'coupon', 'tenant', 'audit', 'webhook', 'upload', 'report', 'metric'];
const VERBS = ['load', 'save', 'validate', 'normalise', 'render', 'fetch', 'archive', 'refresh', 'merge', 'score', 'sync', 'index'];
const FIELDS = ['id', 'name', 'status', 'createdAt', 'updatedAt', 'total', 'currency', 'ownerId', 'tags', 'notes', 'priority', 'region'];
const WORDS = ['the', 'cache', 'is', 'warm', 'after', 'retry', 'with', 'backoff', 'when', 'quota', 'exceeded', 'keep', 'order', 'stable', 'for', 'clients', 'that', 'page', 'results'];
const MODULES = ['express', 'zod', 'pino', 'lodash', 'dayjs', 'ioredis', 'pg', 'jsonwebtoken', 'uuid', 'helmet', 'cors', 'bullmq'];

const cap = (word) => word[0].toUpperCase() + word.slice(1);

function fillerBlock(random, index) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const entity = pick(ENTITIES);
  const Entity = cap(entity);
  const verb = pick(VERBS);
  const field = pick(FIELDS);
  const sentence = () => Array.from({ length: 6 + Math.floor(random() * 6) }, () => pick(WORDS)).join(' ');
  const n = index;
  switch (Math.floor(random() * 6)) {
    case 0:
      return [
        '/**',
        ` * ${cap(sentence())}.`,
        ` * @param {object} ${entity} the ${entity} to ${verb}`,
        ` * @returns {Promise<object>}`,
        ' */',
        `export async function ${verb}${Entity}${n}(${entity}, options = {}) {`,
        `  const started = Date.now();`,
        `  if (!${entity} || typeof ${entity}.${field} === 'undefined') {`,
        `    throw new TypeError(\`${verb}${Entity}${n}: missing ${field} on \${JSON.stringify(${entity})}\`);`,
        '  }',
        `  const result = await db.${entity}s.find({ ${field}: ${entity}.${field}, limit: options.limit ?? ${10 + (n % 90)} });`,
        `  logger.debug({ took: Date.now() - started, count: result.length }, '${sentence()}');`,
        `  return result.map((row) => ({ ...row, ${field}: normalise(row.${field}) }));`,
        '}',
        '',
      ];
    case 1:
      return [
        `// ${cap(sentence())}`,
        `export class ${Entity}Service${n} {`,
        `  #cache = new Map();`,
        `  constructor(repository, clock = () => new Date()) {`,
        `    this.repository = repository;`,
        `    this.clock = clock;`,
        '  }',
        '',
        `  async ${verb}(id) {`,
        `    if (this.#cache.has(id)) return this.#cache.get(id);`,
        `    const value = await this.repository.get(id);`,
        `    this.#cache.set(id, value);`,
        `    return value;`,
        '  }',
        '',
        `  toJSON() {`,
        `    return { kind: '${entity}', size: this.#cache.size, at: this.clock().toISOString() };`,
        '  }',
        '}',
        '',
      ];
    case 2:
      return [
        `const ${entity}Defaults${n} = {`,
        `  ${field}: '${pick(WORDS)}-${n}',`,
        `  retries: ${1 + (n % 5)},`,
        `  timeoutMs: ${1000 * (1 + (n % 30))},`,
        `  enabled: ${random() < 0.5 ? 'true' : 'false'},`,
        `  labels: ['${pick(WORDS)}', '${pick(WORDS)}', '${pick(WORDS)}'],`,
        `  nested: { depth: ${n % 7}, pattern: /^${entity}-[0-9]+$/i, ratio: ${(random() * 10).toFixed(3)} },`,
        '};',
        '',
      ];
    case 3:
      return [
        `router.${pick(['get', 'post', 'put', 'delete'])}('/api/${entity}s/:id/${verb}', async (req, res, next) => {`,
        '  try {',
        `    const item = await ${verb}${Entity}(req.params.id, { user: req.user });`,
        `    if (!item) return res.status(404).json({ error: '${entity} not found' });`,
        `    res.json(item);`,
        '  } catch (error) {',
        `    next(error);`,
        '  }',
        '});',
        '',
      ];
    case 4:
      return [
        `export const ${entity}Messages${n} = Object.freeze({`,
        `  created: '${cap(entity)} created.',`,
        `  failed: "Could not ${verb} the ${entity}: " + '${sentence()}',`,
        `  summary: (count) => \`\${count} ${entity}s ${verb}ed\`,`,
        '});',
        '',
      ];
    default:
      return [
        `function ${verb}${Entity}List${n}(items) {`,
        `  // ${sentence()}`,
        `  const seen = new Set();`,
        `  const out = [];`,
        `  for (const item of items) {`,
        `    const key = \`\${item.${field}}:\${item.id}\`;`,
        `    if (seen.has(key)) continue;`,
        `    seen.add(key);`,
        `    out.push({ ...item, rank: out.length + ${n % 13} });`,
        '  }',
        `  return out.sort((a, b) => a.rank - b.rank || String(a.${field}).localeCompare(String(b.${field})));`,
        '}',
        '',
      ];
  }
}

// The mail settings placed into the big file, with what our rules must say about each and what
// the ESLint peer's selectors must match. Keep `expect` honest: it is asserted after every run.
const MAIL_SNIPPETS = [
  {
    // 465 is implicit TLS, but secure: false starts in plaintext.
    ours: ['implicit-port-without-implicit-tls'],
    peer: 1,
    lines: [
      'export const alertsTransport = nodemailer.createTransport({',
      "  host: 'smtp.example.com',",
      '  port: 465,',
      '  secure: false,',
      '  auth: { user: process.env.ALERT_USER, pass: process.env.ALERT_PASS },',
      '});',
      '',
    ],
  },
  {
    // 587 expects STARTTLS; secure: true sends a TLS hello to a plaintext greeting.
    ours: ['starttls-port-with-implicit-tls'],
    peer: 1,
    lines: [
      'const digestTransport = createTransport({',
      "  host: 'smtp.example.org',",
      '  port: 587,',
      '  secure: true,',
      "  auth: { user: 'digest', pass: process.env.DIGEST_PASS },",
      '});',
      '',
    ],
  },
  {
    ours: [],
    peer: 0,
    lines: [
      'const receiptsTransport = nodemailer.createTransport({',
      "  host: 'smtp.example.net',",
      '  port: 465,',
      '  secure: true,',
      '  auth: { user: process.env.RECEIPT_USER, pass: process.env.RECEIPT_PASS },',
      '});',
      '',
    ],
  },
  {
    // Certificate checks off: one finding from us, one selector hit in the peer.
    ours: ['certificate-verification-disabled'],
    peer: 1,
    lines: [
      'const internalTransport = nodemailer.createTransport({',
      "  host: 'relay.internal',",
      '  port: 587,',
      '  secure: false,',
      '  requireTLS: true,',
      '  tls: { rejectUnauthorized: false },',
      "  auth: { user: 'svc', pass: process.env.RELAY_PASS },",
      '});',
      '',
    ],
  },
  {
    // Correct by construction: the mode follows the port.
    ours: [],
    peer: 0,
    lines: [
      'const configuredPort = Number(process.env.SMTP_PORT || 587);',
      'const configuredTransport = nodemailer.createTransport({',
      '  host: process.env.SMTP_HOST,',
      '  port: configuredPort,',
      '  secure: configuredPort === 465,',
      '  requireTLS: configuredPort !== 465,',
      '  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },',
      '});',
      '',
    ],
  },
  {
    ours: [],
    peer: 0,
    lines: [
      'const newsletterTransport = nodemailer.createTransport({',
      "  host: 'smtp.example.com',",
      '  port: 587,',
      '  secure: false,',
      '  requireTLS: true,',
      "  auth: { user: 'news', pass: process.env.NEWS_PASS },",
      '});',
      '',
    ],
  },
];

/**
 * A 10,000-line application module. With `mail`, the snippets above are spread through it (the
 * last one well past the middle, so an edit in the middle shifts some findings and not others).
 */
export function bigModule({ lines: target = 10_000, mail = true, seed = 0x5eed } = {}) {
  const random = prng(seed);
  const out = [
    '// Generated by bench/lint/generate.mjs: a large application module for the lint benchmark.',
    "'use strict';",
    ...MODULES.map((name, i) => `import ${name.replace(/\W/g, '')}${i} from '${name}';`),
    ...(mail ? ["import nodemailer, { createTransport } from 'nodemailer';"] : []),
    "import { db, logger, router, normalise } from './runtime.js';",
    '',
  ];
  const slots = mail ? MAIL_SNIPPETS.map((_, i) => Math.floor(((i + 1) * target) / (MAIL_SNIPPETS.length + 1))) : [];
  let next = 0;
  let block = 0;
  // Leave room for the tail so the file ends on a statement boundary at exactly `target` lines.
  while (out.length < target - 40) {
    if (next < slots.length && out.length >= slots[next]) {
      out.push(...MAIL_SNIPPETS[next].lines);
      next++;
      continue;
    }
    out.push(...fillerBlock(random, block++));
  }
  while (next < slots.length) out.push(...MAIL_SNIPPETS[next++].lines);
  let k = 0;
  while (out.length < target - 1) out.push(`export const limit${k} = ${k++ * 7};`);
  out.push('export default router;');
  const text = `${out.join('\n')}\n`;
  return {
    text,
    expectedRules: mail ? MAIL_SNIPPETS.flatMap((snippet) => snippet.ours).sort() : [],
    expectedPeer: mail ? MAIL_SNIPPETS.reduce((sum, snippet) => sum + snippet.peer, 0) : 0,
  };
}

/**
 * An offset in the middle of the text that is inside a string literal of filler code, so a
 * one-character insert there changes the text (and the tree) but none of the findings' meaning.
 */
export function middleEditOffset(text) {
  const middle = Math.floor(text.length / 2);
  const at = text.indexOf("'", middle);
  if (at < 0) throw new Error('no string literal after the middle of the file');
  return at + 1;
}

// ---------------------------------------------------------------- the folder of config files

const ENV_FILES = [
  'SMTP_HOST=smtp.example.com\nSMTP_PORT=465\nSMTP_SECURE=false\nSMTP_USER=app\nSMTP_PASS=secret\n',
  'SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_SECURE=false\nSMTP_USER=app\nSMTP_PASS=secret\n',
  'MAIL_MAILER=smtp\nMAIL_HOST=smtp.example.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=ssl\nMAIL_USERNAME=app\nMAIL_PASSWORD=secret\n',
  'EMAIL_HOST=smtp.example.com\nEMAIL_PORT=465\nEMAIL_USE_TLS=True\nEMAIL_HOST_USER=app\nEMAIL_HOST_PASSWORD=secret\n',
  'APP_NAME=shop\nNODE_ENV=production\nDATABASE_URL=postgres://db/shop\nREDIS_URL=redis://cache:6379\n',
];

function jsConfig(random, i, j) {
  const kind = j % 4;
  if (kind === 0) {
    return `const nodemailer = require('nodemailer');\n\nmodule.exports = nodemailer.createTransport({\n  host: 'smtp.example.com',\n  port: ${random() < 0.5 ? 587 : 465},\n  secure: ${random() < 0.5},\n  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },\n});\n`;
  }
  if (kind === 1) {
    return `module.exports = {\n  port: process.env.PORT || ${3000 + i},\n  db: { host: 'db', port: 5432, name: 'app${i}' },\n  cache: { ttl: ${60 * (1 + (i % 10))} },\n};\n`;
  }
  if (kind === 2) {
    return `export default {\n  mail: {\n    host: process.env.SMTP_HOST,\n    port: Number(process.env.SMTP_PORT || 587),\n    secure: process.env.SMTP_SECURE,\n    auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },\n  },\n};\n`;
  }
  return `import { z } from 'zod';\n\nexport const schema${i} = z.object({ id: z.string(), count: z.number().int().min(0) });\nexport function check${i}(input) {\n  return schema${i}.safeParse(input).success;\n}\n`;
}

function tsConfig(i, j) {
  if (j % 3 === 0) {
    return `import { ImapFlow } from 'imapflow';\n\nexport const client = new ImapFlow({\n  host: 'imap.example.com',\n  port: 993,\n  secure: ${j % 2 === 0 ? 'false' : 'true'},\n  auth: { user: 'inbox', pass: process.env.IMAP_PASS ?? '' },\n});\n`;
  }
  return `export interface Settings${i} {\n  readonly port: number;\n  readonly region: string;\n}\n\nexport const settings${i}: Settings${i} = { port: ${8000 + i}, region: 'eu-west-${i % 3}' };\n`;
}

function jsonConfig(i, j) {
  if (j % 5 === 0) {
    return `${JSON.stringify({ url: 'http://localhost:2368', mail: { transport: 'SMTP', options: { host: 'smtp.example.com', port: j % 2 ? 465 : 587, secure: j % 2 === 0, auth: { user: 'ghost', pass: 'x' } } } }, null, 2)}\n`;
  }
  return `${JSON.stringify({ name: `service-${i}`, version: `1.${i % 10}.0`, features: { search: i % 2 === 0, beta: false }, limits: [i, i * 2, i * 3] }, null, 2)}\n`;
}

/** Writes `count` small config files of mixed formats under `dir` (in nested folders). */
export function writeConfigFolder(dir, count = 1000, seed = 0xc0f) {
  const random = prng(seed);
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `service-${String(Math.floor(i / 50)).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    // j varies the content within one format; i alone would be tied to the format.
    const j = Math.floor(i / 4);
    const kind = i % 4;
    if (kind === 0) writeFileSync(join(folder, `mailer-${i}.js`), jsConfig(random, i, j));
    else if (kind === 1) writeFileSync(join(folder, `client-${i}.ts`), tsConfig(i, j));
    else if (kind === 2) writeFileSync(join(folder, j % 2 === 0 ? `.env.${i}` : `svc-${i}.env`), ENV_FILES[j % ENV_FILES.length]);
    else writeFileSync(join(folder, `config-${i}.json`), jsonConfig(i, j));
  }
}
