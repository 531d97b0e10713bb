// Ghost's `config.<env>.json`: `"mail": { "transport": "SMTP", "options": { … } }`, where the
// options go to nodemailer unchanged, so nodemailer's semantics apply, presets included.
// The ESM build: esbuild cannot follow the UMD build's dynamic `require('./impl/…')`.
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Extractor, MailEndpoint, SourceDocument, TextRange } from '../model';
import { planObjectEdits, removeEntryEdit, type ObjectEntryRange } from './objectEdits';
import { nodemailerRewriter, resolveNodemailer, type OptionEntry, type OptionWriter, type WrittenOptions } from './semantics/nodemailer';

function rangeOf(node: JsonNode): TextRange {
  return { start: node.offset, end: node.offset + node.length };
}

function property(object: JsonNode, key: string): JsonNode | undefined {
  if (object.type !== 'object') return undefined;
  return object.children?.find((child) => child.type === 'property' && child.children?.[0]?.value === key);
}

function valueOf(object: JsonNode, key: string): JsonNode | undefined {
  return property(object, key)?.children?.[1];
}

function entryOf(text: string, object: JsonNode, key: string): OptionEntry | undefined {
  const pair = property(object, key);
  const value = pair?.children?.[1];
  if (!pair || !value) return undefined;
  const literal = value.type === 'string' || value.type === 'number' || value.type === 'boolean' || value.type === 'null';
  const pairRange = rangeOf(pair);
  return {
    key,
    value: literal ? { kind: 'literal', value: value.value as string | number | boolean | null } : { kind: 'computed' },
    valueText: text.slice(value.offset, value.offset + Math.min(value.length, 80)),
    pairRange,
    valueRange: rangeOf(value),
    expressionRange: rangeOf(value),
    removal: removeEntryEdit(text, pairRange),
  };
}

function writtenOptions(text: string, options: JsonNode): WrittenOptions {
  const result: { -readonly [K in keyof WrittenOptions]: WrittenOptions[K] } = {};
  for (const key of ['host', 'port', 'secure', 'requireTLS', 'ignoreTLS', 'opportunisticTLS', 'service'] as const) {
    const entry = entryOf(text, options, key);
    if (entry) result[key] = entry;
  }
  const tls = valueOf(options, 'tls');
  const reject = tls ? entryOf(text, tls, 'rejectUnauthorized') : undefined;
  if (reject) result.rejectUnauthorized = reject;
  const auth = property(options, 'auth');
  if (auth) result.auth = { range: rangeOf(auth) };
  return result;
}

function writer(text: string, options: JsonNode): OptionWriter {
  const own: ObjectEntryRange[] = (options.children ?? [])
    .filter((child) => child.type === 'property' && typeof child.children?.[0]?.value === 'string')
    .map((child) => ({ key: String(child.children?.[0]?.value), pairRange: rangeOf(child) }));
  return {
    text,
    literal: (value) => JSON.stringify(value),
    edit: (inserts, removals, after) =>
      planObjectEdits(text, rangeOf(options), own, inserts.map(([key, value]) => `${JSON.stringify(key)}: ${value}`), removals, after),
  };
}

/** Every `"mail": { "transport": "SMTP", "options": {…} }` object, at any depth. */
function mailBlocks(root: JsonNode): { mail: JsonNode; options: JsonNode; anchor: JsonNode }[] {
  const found: { mail: JsonNode; options: JsonNode; anchor: JsonNode }[] = [];
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'property' && node.children?.[0]?.value === 'mail') {
      const mail = node.children[1];
      const transport = mail ? valueOf(mail, 'transport') : undefined;
      const options = mail ? valueOf(mail, 'options') : undefined;
      if (mail && options?.type === 'object' && typeof transport?.value === 'string' && transport.value.toUpperCase() === 'SMTP') {
        found.push({ mail, options, anchor: node.children[0] ?? node });
        continue;
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return found;
}

export const ghostJsonExtractor: Extractor = {
  id: 'ghost-json',
  appliesTo(fileName: string): boolean {
    const base = fileName.replace(/^.*[\\/]/, '').toLowerCase();
    return /\.jsonc?$/.test(base) && base !== 'package-lock.json' && base !== 'package.json';
  },
  filePatterns: ['*.json', '*.jsonc'],
  extract(document: SourceDocument): MailEndpoint[] {
    const { text } = document;
    try {
      if (!text.includes('"mail"') || !text.includes('"transport"')) return [];
      const errors: ParseError[] = [];
      const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
      if (!root) return [];
      const endpoints: MailEndpoint[] = [];
      for (const block of mailBlocks(root)) {
        try {
          const options = writtenOptions(text, block.options);
          const anchor = rangeOf(block.anchor);
          const resolved = resolveNodemailer(options, anchor);
          const { secureSource: _secure, portSource: _port, preset: _preset, ...visible } = resolved;
          endpoints.push({
            library: 'nodemailer',
            format: 'json',
            protocol: 'smtp',
            range: rangeOf(block.mail),
            anchor,
            ...visible,
            rewrite: nodemailerRewriter(options, resolved, writer(text, block.options), text),
          });
        } catch {
          // a malformed block yields nothing; the others still count
        }
      }
      return endpoints;
    } catch {
      return [];
    }
  },
};
