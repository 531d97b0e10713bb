// Symfony's mailer configuration files: `config/packages/mailer.yaml|yml` (or the `framework:`
// tree in framework.yaml, also under `when@prod:`) and `config/packages/mailer.php` (PHP config:
// `$container->extension('framework', ['mailer' => ['dsn' => '…']])`, the older
// `loadFromExtension`, or the config builder `$framework->mailer()->dsn('…')` / `->transport('name', '…')`).
// Only literal DSNs are read; `%env(MAILER_DSN)%` lives in `.env`, which the dotenv extractor reads.
// The DSN semantics are Symfony Mailer's (semantics/symfonyDsn.ts): `smtp://…:465` is correct.
import { isMap, isPair, isScalar, parseAllDocuments, type Scalar, type YAMLMap } from 'yaml';
import type { Extractor, MailEndpoint, SourceDocument, TextRange } from '../model';
import { parseMailUrl } from './mailUrl';
import { withSyntaxTree, type SyntaxNode } from './parsers/treeSitter';
import { readSymfonyDsn } from './semantics/symfonyDsn';

const NAMES = new Set(['mailer.yaml', 'mailer.yml', 'mailer.php', 'framework.yaml', 'framework.yml', 'framework.php']);

export const symfonyConfigExtractor: Extractor = {
  id: 'symfony-config',
  appliesTo: (fileName) => NAMES.has(baseName(fileName).toLowerCase()),
  filePatterns: ['mailer.yaml', 'mailer.yml', 'mailer.php', 'framework.yaml', 'framework.yml', 'framework.php'],
  extract: extractSymfonyConfig,
};

function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}

/** A literal DSN found in the file: where its characters are and what names it. */
interface DsnSite {
  readonly key: string;
  readonly keyRange: TextRange;
  /** The DSN's characters, without quotes. */
  readonly inner: TextRange;
  /** The whole `key: value` entry. */
  readonly entry: TextRange;
}

export async function extractSymfonyConfig(document: SourceDocument): Promise<MailEndpoint[]> {
  const { text, fileName } = document;
  // Nothing to check without a mailer and a literal URL.
  if (!/mailer/i.test(text) || !text.includes('://')) return [];
  try {
    const sites = /\.php$/i.test(fileName) ? await withSyntaxTree(fileName, text, 'php', (root) => phpSites(root)) : yamlSites(text);
    const format = /\.php$/i.test(fileName) ? 'symfony-php' : 'symfony-yaml';
    return sites.flatMap((site) => endpointOf(text, site, format)).sort((a, b) => a.range.start - b.range.start);
  } catch {
    return [];
  }
}

function endpointOf(text: string, site: DsnSite, format: string): MailEndpoint[] {
  const raw = text.slice(site.inner.start, site.inner.end);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw)) return [];
  const url = parseMailUrl(raw, site.inner.start);
  if (!url) return [];
  const dsn = readSymfonyDsn(text, site.key, url);
  if (!dsn) return [];
  return [
    {
      library: 'symfony',
      format,
      protocol: 'smtp',
      range: site.entry,
      anchor: site.keyRange,
      ...(dsn.host ? { host: dsn.host } : {}),
      ...(dsn.port ? { port: dsn.port } : {}),
      mode: dsn.mode,
      modeExplicit: dsn.modeExplicit,
      tlsFlags: dsn.tlsFlags,
      starttlsEnforced: dsn.starttlsEnforced,
      ...(dsn.credentials ? { credentials: dsn.credentials } : {}),
      ...(dsn.certificateVerificationOff ? { certificateVerificationOff: dsn.certificateVerificationOff } : {}),
      reading: { note: dsn.note, certainty: 'certain' },
      rewrite: dsn.rewrite,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// YAML: framework.mailer.dsn and framework.mailer.transports.<name>, at the top or under when@env.

function yamlSites(text: string): DsnSite[] {
  const sites: DsnSite[] = [];
  for (const doc of parseAllDocuments(text, { keepSourceTokens: false })) {
    if (!('contents' in doc) || !isMap(doc.contents)) continue;
    for (const pair of doc.contents.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      if (name === 'framework') frameworkSites(text, pair.value, sites);
      else if (name.startsWith('when@') && isMap(pair.value)) {
        for (const inner of pair.value.items) {
          if (isPair(inner) && isScalar(inner.key) && inner.key.value === 'framework') frameworkSites(text, inner.value, sites);
        }
      }
    }
  }
  return sites;
}

function child(map: unknown, key: string): unknown {
  if (!isMap(map)) return undefined;
  const pair = (map as YAMLMap).items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  return pair?.value;
}

function frameworkSites(text: string, framework: unknown, sites: DsnSite[]): void {
  const mailer = child(framework, 'mailer');
  if (!isMap(mailer)) return;
  for (const pair of mailer.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    if (pair.key.value === 'dsn') pushYaml(text, 'dsn', pair.key, pair.value, sites);
    if (pair.key.value === 'transports' && isMap(pair.value)) {
      for (const transport of pair.value.items) {
        if (isPair(transport) && isScalar(transport.key)) pushYaml(text, String(transport.key.value), transport.key, transport.value, sites);
      }
    }
  }
}

function pushYaml(text: string, key: string, keyNode: Scalar, value: unknown, sites: DsnSite[]): void {
  if (!isScalar(value) || typeof value.value !== 'string' || !value.range || !keyNode.range) return;
  const [start, end] = value.range;
  const raw = text.slice(start, end);
  const quoted = value.type === 'QUOTE_SINGLE' || value.type === 'QUOTE_DOUBLE';
  if (quoted && raw.length < 2) return;
  const inner = quoted ? { start: start + 1, end: end - 1 } : { start, end };
  // Escapes (`''`, `\"`) would move characters: only values written as they read keep exact ranges.
  if (text.slice(inner.start, inner.end) !== value.value) return;
  sites.push({ key, keyRange: { start: keyNode.range[0], end: keyNode.range[1] }, inner, entry: { start: keyNode.range[0], end } });
}

// ---------------------------------------------------------------------------------------------
// PHP config: the extension array or the config builder.

function phpSites(root: SyntaxNode): DsnSite[] {
  const sites: DsnSite[] = [];
  const stack: SyntaxNode[] = [root];
  for (let guard = 0; stack.length > 0 && guard < 200_000; guard++) {
    const node = stack.pop()!;
    if (node.type === 'member_call_expression' || node.type === 'function_call_expression' || node.type === 'scoped_call_expression') callSites(node, sites);
    for (let index = node.namedChildCount - 1; index >= 0; index--) {
      const next = node.namedChild(index);
      if (next) stack.push(next);
    }
  }
  return sites;
}

function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  const list = call.childForFieldName('arguments');
  if (!list) return [];
  const out: SyntaxNode[] = [];
  for (const arg of list.namedChildren) {
    if (!arg) continue;
    const value = arg.type === 'argument' ? arg.namedChild(arg.namedChildCount - 1) : arg;
    if (value) out.push(value);
  }
  return out;
}

/** A plain PHP string literal: its text and the range of its characters, or undefined. */
function phpString(node: SyntaxNode | null | undefined): { text: string; inner: TextRange } | undefined {
  if (!node || (node.type !== 'string' && node.type !== 'encapsed_string')) return undefined;
  const quote = node.text[0];
  if ((quote !== "'" && quote !== '"') || node.text.length < 2 || node.text[node.text.length - 1] !== quote) return undefined;
  for (const part of node.namedChildren) {
    // Escapes and interpolation would move characters or hide them.
    if (part && part.type !== 'string_content' && part.type !== 'string_value') return undefined;
  }
  const inner = { start: node.startIndex + 1, end: node.endIndex - 1 };
  return { text: node.text.slice(1, -1), inner };
}

const nameOf = (call: SyntaxNode): string | undefined => call.childForFieldName('name')?.text ?? call.childForFieldName('function')?.text;

function callSites(call: SyntaxNode, sites: DsnSite[]): void {
  const name = nameOf(call);
  const args = argumentsOf(call);
  if (name === 'extension' || name === 'loadFromExtension' || name === 'prependExtensionConfig') {
    if (phpString(args[0])?.text !== 'framework') return;
    const mailer = arrayValue(args[1], 'mailer');
    const dsn = arrayEntry(mailer?.value, 'dsn');
    if (dsn) pushPhp('dsn', dsn.key, dsn.value, dsn.entry, sites);
    const transports = arrayEntry(mailer?.value, 'transports');
    if (transports?.value.type === 'array_creation_expression') {
      for (const element of transports.value.namedChildren) {
        const pair = element ? elementPair(element) : undefined;
        const label = pair ? phpString(pair.key)?.text : undefined;
        if (element && pair && label !== undefined) pushPhp(label, pair.key, pair.value, rangeOf(element), sites);
      }
    }
    return;
  }
  // $framework->mailer()->dsn('…') and ->transport('name', '…').
  if (call.type !== 'member_call_expression' || (name !== 'dsn' && name !== 'transport')) return;
  // The chain back to `->mailer()`: `->mailer()->transport(…)->transport(…)`.
  let object = call.childForFieldName('object');
  for (let guard = 0; guard < 32 && object?.type === 'member_call_expression' && nameOf(object) !== 'mailer'; guard++) {
    const previous = nameOf(object);
    if (previous !== 'transport' && previous !== 'dsn' && previous !== 'envelope' && previous !== 'header') return;
    object = object.childForFieldName('object');
  }
  if (!object || object.type !== 'member_call_expression' || nameOf(object) !== 'mailer') return;
  const nameNode = call.childForFieldName('name');
  if (!nameNode) return;
  if (name === 'dsn' && args[0]) pushPhp('dsn', nameNode, args[0], { start: nameNode.startIndex, end: call.endIndex }, sites);
  if (name === 'transport' && args[1]) pushPhp(phpString(args[0])?.text ?? 'transport', nameNode, args[1], { start: nameNode.startIndex, end: call.endIndex }, sites);
}

function elementPair(element: SyntaxNode): { key: SyntaxNode; value: SyntaxNode } | undefined {
  if (element.type !== 'array_element_initializer' || element.namedChildCount !== 2) return undefined;
  const key = element.namedChild(0);
  const value = element.namedChild(1);
  return key && value ? { key, value } : undefined;
}

function arrayEntry(array: SyntaxNode | undefined, key: string): { key: SyntaxNode; value: SyntaxNode; entry: TextRange } | undefined {
  if (!array || array.type !== 'array_creation_expression') return undefined;
  let found: { key: SyntaxNode; value: SyntaxNode; entry: TextRange } | undefined;
  for (const element of array.namedChildren) {
    const pair = element ? elementPair(element) : undefined;
    if (element && pair && phpString(pair.key)?.text === key) found = { ...pair, entry: rangeOf(element) };
  }
  return found;
}

function arrayValue(array: SyntaxNode | undefined, key: string): { value: SyntaxNode } | undefined {
  const entry = arrayEntry(array, key);
  return entry ? { value: entry.value } : undefined;
}

function pushPhp(key: string, keyNode: SyntaxNode, value: SyntaxNode, entry: TextRange, sites: DsnSite[]): void {
  const literal = phpString(value);
  if (!literal) return;
  sites.push({ key, keyRange: rangeOf(keyNode), inner: literal.inner, entry });
}
