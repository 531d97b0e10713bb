// Tree-sitter for every language with mail settings in code (VS Code's own grammar build), each
// grammar loaded only when a file actually mentions mail, and reparsed incrementally while the
// user types.
//
// Offsets: web-tree-sitter hands a JS string to the wasm parser as UTF-16, and reports
// `startIndex`/`endIndex` and point columns in UTF-16 code units (checked with `// Größe 😀`:
// a number after the emoji starts at the same index as `String.prototype.indexOf` says, and
// test/unit/javascript.test.ts keeps checking it). So node indices are used as TextRange
// offsets directly, and edits we feed back into `tree.edit` are computed in the same unit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language, Node, Parser, Tree } from '@vscode/tree-sitter-wasm';

export type Grammar = 'javascript' | 'typescript' | 'tsx' | 'python' | 'php' | 'ruby' | 'java' | 'go' | 'c-sharp' | 'rust' | 'ini';
export type SyntaxNode = Node;

type TreeSitterModule = typeof import('@vscode/tree-sitter-wasm');

const GRAMMAR_FILES: Record<Grammar, string> = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
  php: 'tree-sitter-php.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  java: 'tree-sitter-java.wasm',
  go: 'tree-sitter-go.wasm',
  'c-sharp': 'tree-sitter-c-sharp.wasm',
  rust: 'tree-sitter-rust.wasm',
  ini: 'tree-sitter-ini.wasm',
};

/** Every grammar file the build must ship beside the bundles. */
export const GRAMMAR_WASM_FILES: readonly string[] = Object.values(GRAMMAR_FILES);

/** Documents whose last tree is kept for incremental reparsing; each costs wasm heap. */
const MAX_CACHED_DOCUMENTS = 20;

let runtime: Promise<{ module: TreeSitterModule; dir: string }> | undefined;
const languages = new Map<Grammar, Promise<Language>>();
const parsers = new Map<Grammar, Parser>();

interface CachedTree {
  readonly grammar: Grammar;
  /** The text the tree was parsed from: the document, or its focused form (see focusText). */
  readonly text: string;
  readonly tree: Tree;
  /** The document's own text when the tree is of a focused form. */
  readonly focusedFrom?: string;
}
// Map iteration order is insertion order, so re-inserting on use makes this an LRU.
const cache = new Map<string, CachedTree>();

/**
 * The directory holding tree-sitter.wasm and the grammars. The bundle lands in dist/, out/test/unit/
 * or wherever a packager puts it, so try the places the build copies to before node_modules.
 */
export function findWasmDirectory(): string | undefined {
  const candidates: string[] = [];
  const override = process.env['MAIL_TLS_WASM_DIR'];
  if (override) candidates.push(override);
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  candidates.push(
    path.join(here, 'wasm'),
    path.join(here, '..', 'wasm'),
    path.join(here, '..', '..', 'dist', 'wasm'),
    path.join(here, '..', '..', '..', 'dist', 'wasm'),
  );
  try {
    candidates.push(path.join(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm'));
  } catch {
    // not resolvable from a bundle outside the repository; the copies above are what ships
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'tree-sitter.wasm')));
}

function loadRuntime(): Promise<{ module: TreeSitterModule; dir: string }> {
  runtime ??= (async () => {
    const dir = findWasmDirectory();
    if (!dir) throw new Error('tree-sitter wasm files not found (set MAIL_TLS_WASM_DIR)');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('@vscode/tree-sitter-wasm') as TreeSitterModule;
    await module.Parser.init({ locateFile: (file: string) => path.join(dir, file) });
    return { module, dir };
  })();
  // A failed init (missing file) must not poison every later attempt.
  runtime.catch(() => {
    runtime = undefined;
  });
  return runtime;
}

function loadLanguage(grammar: Grammar): Promise<Language> {
  let language = languages.get(grammar);
  if (!language) {
    language = loadRuntime().then(({ module, dir }) => module.Language.load(path.join(dir, GRAMMAR_FILES[grammar])));
    language.catch(() => languages.delete(grammar));
    languages.set(grammar, language);
  }
  return language;
}

async function parserFor(grammar: Grammar): Promise<Parser> {
  const language = await loadLanguage(grammar);
  let parser = parsers.get(grammar);
  if (!parser) {
    const { module } = await loadRuntime();
    parser = parsers.get(grammar);
    if (!parser) {
      parser = new module.Parser();
      parser.setLanguage(language);
      parsers.set(grammar, parser);
    }
  }
  return parser;
}

export function grammarForFile(fileName: string): Grammar {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx') || lower.endsWith('.jsx')) return 'tsx';
  if (/\.[mc]?ts$/.test(lower)) return 'typescript';
  return 'javascript';
}

interface Point {
  row: number;
  column: number;
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    row++;
    lineStart = index + 1;
  }
  return { row, column: offset - lineStart };
}

const COMPARE_BLOCK = 1024;

/** The one span that differs between two texts, as common prefix and suffix leave it. */
export function changedSpan(oldText: string, newText: string): { start: number; oldEnd: number; newEnd: number } {
  const limit = Math.min(oldText.length, newText.length);
  // Whole blocks first: comparing slices runs in native code, while a charCodeAt loop over a
  // 300 KB document took milliseconds per keystroke, as long as the reparse itself.
  let start = 0;
  while (start + COMPARE_BLOCK <= limit && oldText.slice(start, start + COMPARE_BLOCK) === newText.slice(start, start + COMPARE_BLOCK)) start += COMPARE_BLOCK;
  while (start < limit && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  // Never split a surrogate pair: the parser sees whole code points.
  if (start > 0 && start < limit && isHighSurrogate(oldText.charCodeAt(start - 1))) start--;
  let suffix = 0;
  const maxSuffix = limit - start;
  const oldLength = oldText.length;
  const newLength = newText.length;
  while (
    suffix + COMPARE_BLOCK <= maxSuffix &&
    oldText.slice(oldLength - suffix - COMPARE_BLOCK, oldLength - suffix) === newText.slice(newLength - suffix - COMPARE_BLOCK, newLength - suffix)
  ) {
    suffix += COMPARE_BLOCK;
  }
  while (suffix < maxSuffix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  if (suffix > 0 && suffix < maxSuffix && isLowSurrogate(oldText.charCodeAt(oldText.length - suffix))) suffix--;
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function remember(key: string, entry: CachedTree): void {
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > MAX_CACHED_DOCUMENTS) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.get(oldest)?.tree.delete();
    cache.delete(oldest);
  }
}

/** Below this size a file is always parsed whole: parsing it costs little. */
const FOCUS_MIN_LENGTH = 64 * 1024;
/** Top-level statements this short are always kept: they are the constants a config may use. */
const FOCUS_SHORT_SEGMENT_LINES = 6;

/**
 * For large files, the text the parser sees: top-level statements that cannot matter to the
 * caller (`keep` says no, and they are longer than a few lines) become spaces, newlines kept, so
 * every offset and position stays exact while tree-sitter skips most of the work. Statements are
 * found the way formatted code lays them out: a line that starts at column 0 with an identifier
 * character, after a line that ended one (`;`, `}`, `)`, or a comment), begins a new one. A
 * misjudged boundary can only blank code the caller would not have read, or keep extra code.
 */
export function focusText(text: string, keep: (segment: string) => boolean): string {
  if (text.length < FOCUS_MIN_LENGTH) return text;
  const starts: number[] = [0];
  let previousEnd = '';
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const first = text.charCodeAt(lineStart);
    const startsStatement = (first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95 || first === 36 || first === 64;
    if (startsStatement && lineStart > 0 && /(?:[;})]|\*\/|^\s*\/\/.*)$/.test(previousEnd)) starts.push(lineStart);
    const line = text.slice(lineStart, lineEnd).trimEnd();
    if (line.trim() !== '') previousEnd = line;
    lineStart = lineEnd + 1;
  }
  starts.push(text.length);
  let result = '';
  let blanked = false;
  for (let index = 0; index + 1 < starts.length; index++) {
    const segment = text.slice(starts[index], starts[index + 1]);
    let lines = 1;
    for (let at = segment.indexOf('\n'); at >= 0 && lines <= FOCUS_SHORT_SEGMENT_LINES; at = segment.indexOf('\n', at + 1)) lines++;
    if (lines <= FOCUS_SHORT_SEGMENT_LINES || keep(segment)) result += segment;
    else {
      result += segment.replace(/[^\n\r]/g, ' ');
      blanked = true;
    }
  }
  return blanked ? result : text;
}

export interface SyntaxTreeOptions {
  /** For large files: which top-level statements the caller needs (see focusText). */
  readonly keepSegment?: (segment: string) => boolean;
}

/**
 * Parses the document (reusing the tree of the previous text of the same file) and hands the root
 * to `use`. A large file seen for the first time is parsed in its focused form, which is quick;
 * from its next change on, the whole text is parsed once and then reparsed incrementally, so
 * typing costs milliseconds. The callback runs synchronously and must not keep nodes: the tree
 * may be deleted by the next parse of the same file.
 */
export async function withSyntaxTree<T>(fileName: string, fullText: string, grammar: Grammar, use: (root: SyntaxNode) => T, options: SyntaxTreeOptions = {}): Promise<T> {
  const parser = await parserFor(grammar);
  // Keyed by grammar too: two extractors may read one file with different grammars (PHP's HTML
  // and PHP, a .env read as INI), and must not throw each other's trees away.
  const key = `${grammar}\u0000${fileName}`;
  const previous = cache.get(key);
  let tree: Tree | null;
  let text = fullText;
  let focusedFrom: string | undefined;
  if (previous && (previous.focusedFrom ?? previous.text) === fullText) {
    tree = previous.tree;
    text = previous.text;
    focusedFrom = previous.focusedFrom;
  } else if (previous && previous.focusedFrom === undefined) {
    const span = changedSpan(previous.text, text);
    previous.tree.edit({
      startIndex: span.start,
      oldEndIndex: span.oldEnd,
      newEndIndex: span.newEnd,
      startPosition: pointAt(previous.text, span.start),
      oldEndPosition: pointAt(previous.text, span.oldEnd),
      newEndPosition: pointAt(text, span.newEnd),
    });
    tree = parser.parse(text, previous.tree);
    previous.tree.delete();
    cache.delete(key);
  } else {
    if (previous) {
      // The file changed after a focused first look: parse it whole now, incrementally from then on.
      previous.tree.delete();
      cache.delete(key);
    } else if (options.keepSegment) {
      text = focusText(fullText, options.keepSegment);
      if (text !== fullText) focusedFrom = fullText;
    }
    tree = parser.parse(text);
  }
  if (!tree) throw new Error('tree-sitter returned no tree');
  remember(key, { grammar, text, tree, ...(focusedFrom !== undefined ? { focusedFrom } : {}) });
  return use(tree.rootNode);
}

/** Drops the cached tree of one file (document closed), or of all files. */
export function forgetSyntaxTree(fileName?: string): void {
  for (const [name, entry] of cache) {
    if (fileName === undefined || name.slice(name.indexOf('\u0000') + 1) === fileName) {
      entry.tree.delete();
      cache.delete(name);
    }
  }
}

export function cachedSyntaxTreeCount(): number {
  return cache.size;
}
