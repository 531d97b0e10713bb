// Mail endpoints in Python: Django settings (EMAIL_*), Flask-Mail (MAIL_USE_TLS/MAIL_USE_SSL in
// modules, config classes, `app.config[...]`, `app.config.update(...)`), fastapi-mail
// (`ConnectionConfig(MAIL_STARTTLS=…, MAIL_SSL_TLS=…)`), Sentry's `SENTRY_OPTIONS['mail.*']`, and
// connections opened in code: smtplib SMTP/SMTP_SSL (+ starttls()), imaplib IMAP4/IMAP4_SSL,
// poplib POP3/POP3_SSL (+ stls()), yagmail.SMTP.
// Sources: shared/reference/config-matrix.md §4, §11.13, §2.2, checked against the libraries:
// django-environ `Env.get_value` casts to the default's type (smart_cast) while python-decouple's
// `config()` returns the raw string unless `cast=` is given; yagmail's current `SMTP.__init__`
// has `smtp_ssl=True`, `port=None` (465 if smtp_ssl else 587) and `smtp_starttls=None` (= not
// smtp_ssl).
import type { EndpointRewriter, Extractor, MailEndpoint, Protocol, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsIntent, TlsMode, TlsModeSetting, ValueOrigin } from '../model';
import { insertEntriesEdit, removeEntryEdit } from './objectEdits';
import { withSyntaxTree, type SyntaxNode } from './parsers/treeSitter';

export const pythonExtractor: Extractor = {
  id: 'python',
  appliesTo(fileName: string): boolean {
    return /\.py$/i.test(fileName);
  },
  filePatterns: ['*.py'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    try {
      if (!mayContainPythonMail(document.text)) return [];
      return await withSyntaxTree(document.fileName, document.text, 'python', (root) => {
        const reader = new PythonReader(document.text, root);
        reader.run();
        return reader.endpoints.filter((endpoint) => endpoint.range.end <= document.text.length).sort((a, b) => a.range.start - b.range.start);
      });
    } catch {
      return [];
    }
  },
};

/** Every detection below needs one of these words; files without them are never parsed. */
export function mayContainPythonMail(text: string): boolean {
  return /MAIL_|smtplib|imaplib|poplib|yagmail|SMTP|IMAP4|POP3|['"]mail\./.test(text);
}

// ---------------------------------------------------------------------------------------------
// Values

type Scalar = boolean | number | string | null;

type PyValue =
  | { readonly kind: 'literal'; readonly value: Scalar; readonly range: TextRange }
  | {
      readonly kind: 'env';
      readonly envName: string;
      /** The value used when the variable is unset, as written. */
      readonly fallback?: { readonly value: Scalar; readonly range: TextRange };
      /** Converted before use (env.bool, cast=bool, == 'true', int(...)): not a raw string. */
      readonly parsed: boolean;
      /** The environment read itself (`os.getenv('X')`), for the parse fix. */
      readonly readRange: TextRange;
      /** For a compared string fallback (`getenv('X', 'false') == 'true'`): what to write for each outcome. */
      readonly fallbackText?: { readonly true: string; readonly false: string };
    }
  | { readonly kind: 'computed' };

const COMPUTED: PyValue = { kind: 'computed' };

function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function unwrap(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let current = node ?? undefined;
  for (let guard = 0; current && guard < 10 && current.type === 'parenthesized_expression'; guard++) current = current.namedChild(0) ?? undefined;
  return current;
}

/** A plain string literal's content and where it sits; undefined for f-strings with fields. */
function stringLiteral(node: SyntaxNode | undefined): { value: string; range: TextRange } | undefined {
  if (!node || node.type !== 'string') return undefined;
  let start = -1;
  let end = -1;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_start') start = child.endIndex;
    if (child.type === 'string_end') end = child.startIndex;
  }
  if (start < 0 || end < start) return undefined;
  const raw = node.text.slice(start - node.startIndex, end - node.startIndex);
  return { value: raw, range: { start, end } };
}

function literalOf(node: SyntaxNode | undefined): { value: Scalar; range: TextRange } | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'true':
      return { value: true, range: rangeOf(node) };
    case 'false':
      return { value: false, range: rangeOf(node) };
    case 'none':
      return { value: null, range: rangeOf(node) };
    case 'integer': {
      const number = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(number) ? { value: number, range: rangeOf(node) } : undefined;
    }
    case 'string':
      return stringLiteral(node);
    default:
      return undefined;
  }
}

function truthy(value: Scalar): boolean {
  if (typeof value === 'string') return value !== '';
  if (typeof value === 'number') return value !== 0;
  return value === true;
}

function numberOf(value: Scalar): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d{1,5}\s*$/.test(value)) return Number(value);
  return undefined;
}

const ENV_GETTERS = new Set(['os.environ.get', 'os.getenv', 'environ.get', 'getenv', 'os.environ.setdefault']);
const PARSERS = new Set(['strtobool', 'distutils.util.strtobool', 'util.strtobool', 'json.loads', 'ast.literal_eval', 'literal_eval', 'int', 'float', 'asbool', 'to_bool', 'str2bool', 'parse_bool', 'boolean']);
const CASE_METHODS = new Set(['lower', 'upper', 'strip', 'casefold', 'title', 'capitalize']);

function argumentsOf(call: SyntaxNode): { positional: SyntaxNode[]; keywords: Map<string, { node: SyntaxNode; value: SyntaxNode }> } {
  const positional: SyntaxNode[] = [];
  const keywords = new Map<string, { node: SyntaxNode; value: SyntaxNode }>();
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return { positional, keywords };
  for (const child of list.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name');
      const value = child.childForFieldName('value');
      if (name && value) keywords.set(name.text, { node: child, value });
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
      positional.push(child);
    } else {
      positional.push(child);
    }
  }
  return { positional, keywords };
}

// ---------------------------------------------------------------------------------------------
// Settings entries: `KEY = value`, `app.config['KEY'] = value`, `KEY=value` keyword arguments,
// `'KEY': value` dictionary entries.

type EntryStyle = 'assign' | 'subscript' | 'keyword' | 'dict';

interface Entry {
  readonly key: string;
  readonly value: PyValue;
  readonly valueNode: SyntaxNode;
  readonly valueText: string;
  /** The whole entry (the statement, the keyword argument, the pair). */
  readonly range: TextRange;
  readonly removal?: TextEdit;
}

interface Scope {
  readonly id: string;
  readonly style: EntryStyle;
  /** The statement block, call or dictionary holding the entries. */
  readonly range: TextRange;
  /** Own entries in order (the last of a key wins). */
  readonly own: Entry[];
  /** Entries visible from outside (a base class, the enclosing block before this one). */
  inherited?: () => Map<string, Entry>;
  /** Receiver text for subscript entries (`app.config`), quote for keys. */
  readonly receiver?: string;
  readonly quote?: string;
  /** The call or dictionary node, for keyword/dict insertion. */
  readonly containerRange?: TextRange;
  /** A hint from the call: `ConnectionConfig` means fastapi-mail. */
  readonly hint?: 'fastapi';
  readonly anchor: TextRange;
}

const SETTING_KEY = /^(?:EMAIL_(?:HOST|PORT|USE_TLS|USE_SSL|HOST_USER|HOST_PASSWORD|BACKEND|TIMEOUT|SSL_CERTFILE|SSL_KEYFILE)|MAIL_[A-Z_]+|VALIDATE_CERTS|USE_CREDENTIALS|mail\.[a-z-]+)$/;

type Family = 'django' | 'flask-mail' | 'fastapi-mail' | 'sentry';

interface FamilyKeys {
  readonly host: string;
  readonly port: string;
  readonly starttls: string;
  readonly implicit: string;
  readonly user: string;
  readonly password: string;
  readonly defaultPort?: number;
  /** What a missing TLS key means: the library's default False, or nothing known (required fields). */
  readonly missingMeansFalse: boolean;
  /** Mode when both flags are true. */
  readonly bothMode: TlsModeSetting;
  readonly trueText: string;
  readonly falseText: string;
}

const FAMILY_KEYS: Record<Family, FamilyKeys> = {
  django: { host: 'EMAIL_HOST', port: 'EMAIL_PORT', starttls: 'EMAIL_USE_TLS', implicit: 'EMAIL_USE_SSL', user: 'EMAIL_HOST_USER', password: 'EMAIL_HOST_PASSWORD', defaultPort: 25, missingMeansFalse: true, bothMode: 'unknown', trueText: 'True', falseText: 'False' },
  'flask-mail': { host: 'MAIL_SERVER', port: 'MAIL_PORT', starttls: 'MAIL_USE_TLS', implicit: 'MAIL_USE_SSL', user: 'MAIL_USERNAME', password: 'MAIL_PASSWORD', defaultPort: 25, missingMeansFalse: true, bothMode: 'implicit', trueText: 'True', falseText: 'False' },
  'fastapi-mail': { host: 'MAIL_SERVER', port: 'MAIL_PORT', starttls: 'MAIL_STARTTLS', implicit: 'MAIL_SSL_TLS', user: 'MAIL_USERNAME', password: 'MAIL_PASSWORD', missingMeansFalse: false, bothMode: 'unknown', trueText: 'True', falseText: 'False' },
  sentry: { host: 'mail.host', port: 'mail.port', starttls: 'mail.use-tls', implicit: 'mail.use-ssl', user: 'mail.username', password: 'mail.password', defaultPort: 25, missingMeansFalse: true, bothMode: 'unknown', trueText: 'True', falseText: 'False' },
};

// ---------------------------------------------------------------------------------------------

class PythonReader {
  readonly endpoints: MailEndpoint[] = [];
  private readonly scopes = new Map<string, Scope>();
  private readonly classScopes = new Map<string, string>();
  private readonly envSchema = new Set<string>();
  private readonly envObjects = new Set<string>(['env']);
  private readonly decouple: boolean;
  private readonly starImport: boolean;
  private readonly newline: string;

  constructor(
    private readonly text: string,
    private readonly root: SyntaxNode,
  ) {
    this.decouple = /\bdecouple\b/.test(text);
    this.starImport = /^\s*from\s+\S+\s+import\s+\*/m.test(text);
    this.newline = text.includes('\r\n') ? '\r\n' : '\n';
  }

  run(): void {
    this.guard(() => this.findEnvSchema());
    this.guard(() => this.walkBlock(this.root, 'module', undefined, 0));
    this.guard(() => this.findCallScopes());
    for (const scope of this.scopes.values()) this.guard(() => this.settingsEndpoint(scope));
    this.guard(() => this.connectionEndpoints());
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch {
      // one unreadable construct must not cost the other endpoints
    }
  }

  // --- django-environ schema: `env = environ.Env(EMAIL_USE_TLS=(bool, False))` ---

  private findEnvSchema(): void {
    for (const match of this.text.matchAll(/(\w+)\s*=\s*(?:environ\.)?Env\s*\(/g)) {
      const name = match[1];
      if (name) this.envObjects.add(name);
      const node = this.climb(this.nodeAt(match.index + match[0].length - 1), ['call'], 3);
      if (!node) continue;
      for (const [key, { value }] of argumentsOf(node).keywords) {
        const tuple = unwrap(value);
        if (tuple?.type === 'tuple' && /^(bool|int)$/.test(tuple.namedChild(0)?.text ?? '')) this.envSchema.add(key);
      }
    }
  }

  private nodeAt(offset: number): SyntaxNode | undefined {
    return this.root.namedDescendantForIndex(offset) ?? undefined;
  }

  private climb(node: SyntaxNode | undefined, types: readonly string[], levels = 6): SyntaxNode | undefined {
    let current = node;
    for (let level = 0; current && level <= levels; level++) {
      if (types.includes(current.type)) return current;
      current = current.parent ?? undefined;
    }
    return undefined;
  }

  // --- values ---

  readValue(node: SyntaxNode | null | undefined, depth = 0): PyValue {
    const value = unwrap(node);
    if (!value || depth > 6) return COMPUTED;
    const literal = literalOf(value);
    if (literal) return { kind: 'literal', ...literal };
    switch (value.type) {
      case 'call':
        return this.readCall(value, depth);
      case 'subscript': {
        // os.environ['X']
        if (value.childForFieldName('value')?.text === 'os.environ') {
          const name = stringLiteral(unwrap(value.childForFieldName('subscript')));
          if (name) return { kind: 'env', envName: name.value, parsed: false, readRange: rangeOf(value) };
        }
        return COMPUTED;
      }
      case 'comparison_operator':
        return this.readComparison(value, depth);
      case 'boolean_operator': {
        const operator = value.children.find((child) => child && !child.isNamed)?.text;
        const left = this.readValue(value.childForFieldName('left'), depth + 1);
        const right = this.readValue(value.childForFieldName('right'), depth + 1);
        if (operator === 'or' && left.kind === 'env' && !left.fallback && right.kind === 'literal') {
          return { ...left, fallback: { value: right.value, range: right.range }, parsed: left.parsed && typeof right.value !== 'string' ? left.parsed : left.parsed };
        }
        if (operator === 'or' && left.kind === 'literal') return truthy(left.value) ? left : right;
        return COMPUTED;
      }
      case 'identifier':
        return this.readName(value, depth);
      default:
        return COMPUTED;
    }
  }

  private readName(node: SyntaxNode, depth: number): PyValue {
    const bound = this.binding(node.text, node.startIndex);
    return bound ? this.readValue(bound, depth + 1) : COMPUTED;
  }

  /** The value last assigned to a plain name before `offset`, in the same function or the module. */
  binding(name: string, offset: number): SyntaxNode | undefined {
    if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
    const useScope = this.enclosingFunction(this.nodeAt(offset));
    let found: SyntaxNode | undefined;
    const pattern = new RegExp(`(?<![\\w.])${name}\\s*(?::[^=\\n]+)?=(?!=)`, 'g');
    for (const match of this.text.matchAll(pattern)) {
      if (match.index >= offset) break;
      const assignment = this.climb(this.nodeAt(match.index), ['assignment'], 2);
      if (!assignment || assignment.childForFieldName('left')?.text !== name) continue;
      const scope = this.enclosingFunction(assignment);
      if (scope !== useScope && scope !== undefined) continue;
      const right = assignment.childForFieldName('right');
      if (right) found = right;
    }
    return found;
  }

  private enclosingFunction(node: SyntaxNode | undefined): number | undefined {
    let current = node?.parent ?? undefined;
    while (current) {
      if (current.type === 'function_definition') return current.startIndex;
      current = current.parent ?? undefined;
    }
    return undefined;
  }

  private readCall(call: SyntaxNode, depth: number): PyValue {
    const callee = call.childForFieldName('function');
    const name = callee?.text ?? '';
    const { positional, keywords } = argumentsOf(call);
    const first = stringLiteral(unwrap(positional[0]));
    const fallbackNode = keywords.get('default')?.value ?? (ENV_GETTERS.has(name) || name === 'config' ? positional[1] : undefined);
    const fallbackLiteral = literalOf(unwrap(fallbackNode));
    const fallback = fallbackLiteral ? { fallback: fallbackLiteral } : {};
    if (ENV_GETTERS.has(name) && first) {
      return { kind: 'env', envName: first.value, parsed: false, readRange: rangeOf(call), ...fallback };
    }
    // django-environ: env('X', default=…) casts to the default's type; env.bool/env.int parse.
    const [object, method] = name.includes('.') ? [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.') + 1)] : [name, ''];
    if (this.envObjects.has(object) && first) {
      const cast = keywords.get('cast')?.value.text;
      const parsed =
        method === 'bool' || method === 'int' || method === 'float' || (method === '' && (this.envSchema.has(first.value) || (cast !== undefined && cast !== 'str') || (fallbackLiteral !== undefined && fallbackLiteral.value !== null)));
      if (method === '' || method === 'bool' || method === 'int' || method === 'str' || method === 'float') {
        return { kind: 'env', envName: first.value, parsed, readRange: rangeOf(call), ...fallback };
      }
      return COMPUTED;
    }
    // python-decouple: config('X', default=…, cast=bool); without cast the raw string.
    if ((name === 'config' || name === 'decouple.config') && this.decouple && first) {
      const cast = keywords.get('cast')?.value.text;
      return { kind: 'env', envName: first.value, parsed: cast !== undefined && cast !== 'str', readRange: rangeOf(call), ...fallback };
    }
    // Conversions of an environment read.
    if ((PARSERS.has(name) || name === 'bool' || name === 'str') && positional.length >= 1) {
      const inner = this.readValue(positional[0], depth + 1);
      if (inner.kind === 'env') return name === 'bool' || name === 'str' ? inner : { ...inner, parsed: true };
      if (inner.kind === 'literal' && name === 'int') {
        const number = numberOf(inner.value);
        return number === undefined ? COMPUTED : { kind: 'literal', value: number, range: inner.range };
      }
      return inner.kind === 'literal' && name === 'bool' ? { kind: 'literal', value: truthy(inner.value), range: inner.range } : COMPUTED;
    }
    // `os.getenv('X', 'False').lower()`: still the environment's string.
    if (callee?.type === 'attribute' && CASE_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) {
      const inner = this.readValue(callee.childForFieldName('object'), depth + 1);
      if (inner.kind === 'env') {
        const method = callee.childForFieldName('attribute')?.text;
        const fallbackValue = inner.fallback && typeof inner.fallback.value === 'string' ? { value: method === 'upper' ? inner.fallback.value.toUpperCase() : method === 'strip' ? inner.fallback.value.trim() : inner.fallback.value.toLowerCase(), range: inner.fallback.range } : inner.fallback;
        return fallbackValue ? { ...inner, fallback: fallbackValue } : inner;
      }
    }
    return COMPUTED;
  }

  /** `os.getenv('X', 'False') == 'True'`, `... .lower() in ('1', 'true')`: a parsed boolean. */
  private readComparison(node: SyntaxNode, depth: number): PyValue {
    const operands = node.namedChildren.filter((child): child is SyntaxNode => child !== null);
    const operators = node.children.filter((child) => child && !child.isNamed).map((child) => child?.text ?? '');
    if (operands.length !== 2 || operators.length < 1) return COMPUTED;
    const operator = operators.join(' ');
    const [leftNode, rightNode] = operands as [SyntaxNode, SyntaxNode];
    let env = this.readValue(leftNode, depth + 1);
    let other = rightNode;
    if (env.kind !== 'env') {
      env = this.readValue(rightNode, depth + 1);
      other = leftNode;
    }
    if (env.kind !== 'env') return COMPUTED;
    const parsed: PyValue = { kind: 'env', envName: env.envName, parsed: true, readRange: env.readRange };
    if (!env.fallback) return parsed;
    const fallbackValue = env.fallback.value;
    const target = unwrap(other);
    const candidates: Scalar[] = [];
    if (target && (target.type === 'tuple' || target.type === 'list' || target.type === 'set')) {
      for (const child of target.namedChildren) {
        const literal = literalOf(child ?? undefined);
        if (!literal) return parsed;
        candidates.push(literal.value);
      }
    } else {
      const literal = literalOf(target);
      if (!literal) return parsed;
      candidates.push(literal.value);
    }
    const compare = (value: Scalar): boolean => candidates.some((candidate) => candidate === value || (typeof candidate === 'string' && typeof value !== 'string' && value !== null && candidate === String(value)));
    let result: boolean;
    if (operator === '==' || operator === 'in') result = compare(fallbackValue);
    else if (operator === '!=' || operator === 'not in') result = !compare(fallbackValue);
    else return parsed;
    const matching = candidates.find((candidate): candidate is string => typeof candidate === 'string');
    const opposite = ['false', 'False', '0', 'no', ''].find((candidate) => !compare(candidate));
    const positive = operator === '==' || operator === 'in';
    const fallbackText = typeof fallbackValue === 'string' && matching !== undefined && opposite !== undefined ? { true: positive ? matching : opposite, false: positive ? opposite : matching } : undefined;
    return { ...parsed, fallback: { value: result, range: env.fallback.range }, ...(fallbackText ? { fallbackText } : {}) };
  }

  // --- settings scopes found by walking statements ---

  private walkBlock(block: SyntaxNode, kind: string, parent: Scope | undefined, depth: number): void {
    if (depth > 12) return;
    const scope = this.scopeFor(block, kind, parent);
    const subscriptScopes = new Map<string, Scope>();
    for (const statement of block.namedChildren) {
      if (!statement) continue;
      switch (statement.type) {
        case 'expression_statement': {
          const assignment = statement.namedChild(0);
          if (assignment?.type === 'assignment') this.guard(() => this.readAssignment(statement, assignment, scope, subscriptScopes, parent));
          break;
        }
        case 'class_definition': {
          const body = statement.childForFieldName('body');
          if (!body) break;
          const className = statement.childForFieldName('name')?.text ?? '';
          const bases = (statement.childForFieldName('superclasses')?.namedChildren ?? []).map((base) => base?.text ?? '');
          const classScope = this.scopeFor(body, 'class', undefined);
          classScope.inherited = () => {
            const merged = new Map<string, Entry>();
            for (const base of bases) {
              const baseScope = this.scopes.get(this.classScopes.get(base) ?? '');
              if (baseScope && baseScope !== classScope) for (const [key, entry] of this.visible(baseScope)) merged.set(key, entry);
            }
            return merged;
          };
          this.classScopes.set(className, classScope.id);
          this.walkBlock(body, 'class', classScope, depth + 1);
          break;
        }
        case 'decorated_definition': {
          const definition = statement.childForFieldName('definition');
          const body = definition?.childForFieldName('body');
          if (body && definition?.type === 'function_definition') this.walkBlock(body, 'function', undefined, depth + 1);
          if (body && definition?.type === 'class_definition') this.walkBlock(body, 'class', undefined, depth + 1);
          break;
        }
        case 'function_definition': {
          const body = statement.childForFieldName('body');
          if (body) this.walkBlock(body, 'function', undefined, depth + 1);
          break;
        }
        case 'if_statement':
        case 'try_statement':
        case 'with_statement':
        case 'for_statement':
        case 'while_statement': {
          // Each branch sees what its block set before it, then its own assignments.
          const position = statement.startIndex;
          const visibleBefore = (): Map<string, Entry> => {
            const before = new Map<string, Entry>();
            for (const [key, entry] of this.visible(scope)) if (entry.range.start < position) before.set(key, entry);
            return before;
          };
          for (const branch of this.branches(statement)) {
            const branchScope = this.scopeFor(branch, 'branch', scope);
            branchScope.inherited = visibleBefore;
            this.walkBlock(branch, 'branch', scope, depth + 1);
          }
          break;
        }
        default:
          break;
      }
    }
  }

  private branches(statement: SyntaxNode): SyntaxNode[] {
    const blocks: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [statement];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!node) continue;
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'block') blocks.push(child);
        else if (/_clause$/.test(child.type)) stack.push(child);
      }
    }
    return blocks;
  }

  private scopeFor(block: SyntaxNode, kind: string, _parent: Scope | undefined): Scope {
    const id = `${kind}@${block.startIndex}`;
    let scope = this.scopes.get(id);
    if (!scope) {
      scope = { id, style: 'assign', range: rangeOf(block), own: [], anchor: { start: block.startIndex, end: block.startIndex } };
      this.scopes.set(id, scope);
    }
    return scope;
  }

  private visible(scope: Scope, depth = 0): Map<string, Entry> {
    const merged = depth < 8 && scope.inherited ? new Map(scope.inherited()) : new Map<string, Entry>();
    for (const entry of scope.own) merged.set(entry.key, entry);
    return merged;
  }

  private readAssignment(statement: SyntaxNode, assignment: SyntaxNode, scope: Scope, subscripts: Map<string, Scope>, _parent: Scope | undefined): void {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (!left || !right) return;
    if (left.type === 'identifier' && SETTING_KEY.test(left.text)) {
      scope.own.push(this.entry(left.text, right, rangeOf(statement), this.lineRemoval(statement)));
      return;
    }
    if (left.type === 'subscript') {
      const key = stringLiteral(unwrap(left.childForFieldName('subscript')));
      const receiver = left.childForFieldName('value');
      if (!key || !receiver || !SETTING_KEY.test(key.value)) return;
      const id = `${scope.id}|${receiver.text}`;
      let sub = subscripts.get(id) ?? this.scopes.get(id);
      if (!sub) {
        const quote = this.text[key.range.start - 1] === '"' ? '"' : "'";
        sub = { id, style: 'subscript', range: scope.range, own: [], receiver: receiver.text, quote, anchor: rangeOf(receiver) };
        subscripts.set(id, sub);
        this.scopes.set(id, sub);
      }
      sub.own.push(this.entry(key.value, right, rangeOf(statement), this.lineRemoval(statement)));
      return;
    }
    // `SENTRY_OPTIONS = {...}`, `MAIL_SETTINGS = dict(...)`, `config = {...}`: found by the call/dict search.
  }

  private entry(key: string, valueNode: SyntaxNode, range: TextRange, removal: TextEdit | undefined): Entry {
    const value = this.readValue(valueNode);
    const text = valueNode.text.replace(/\s+/g, ' ');
    return { key, value, valueNode, valueText: text.length > 60 ? `${text.slice(0, 57)}…` : text, range, ...(removal ? { removal } : {}) };
  }

  /** Deletes a statement's whole line when it is alone on it. */
  private lineRemoval(statement: SyntaxNode): TextEdit | undefined {
    const text = this.text;
    let start = statement.startIndex;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') return undefined;
    let end = statement.endIndex;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    if (text[end] === '#') while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    else if (end < text.length) return undefined;
    // A block must keep one statement.
    const parent = statement.parent;
    if (parent?.type === 'block' && parent.namedChildren.filter((child) => child && child.type !== 'comment').length <= 1) return undefined;
    return { range: { start, end }, newText: '' };
  }

  // --- keyword-argument and dictionary scopes: ConnectionConfig(...), app.config.update(...), {...} ---

  private findCallScopes(): void {
    const seen = new Set<number>();
    for (const match of this.text.matchAll(/\b(?:E?MAIL_[A-Z_]+|VALIDATE_CERTS)\s*=(?!=)|['"](?:E?MAIL_[A-Z_]+|mail\.[a-z-]+)['"]\s*:/g)) {
      const node = this.nodeAt(match.index + (match[0].startsWith("'") || match[0].startsWith('"') ? 1 : 0));
      const site = this.climb(node, ['keyword_argument', 'pair'], 4);
      if (!site) continue;
      const container = site.type === 'keyword_argument' ? site.parent?.parent : site.parent;
      if (!container || seen.has(container.startIndex)) continue;
      if (site.type === 'keyword_argument' && container.type !== 'call') continue;
      if (site.type === 'pair' && container.type !== 'dictionary') continue;
      seen.add(container.startIndex);
      this.guard(() => this.containerScope(container));
    }
  }

  private containerScope(container: SyntaxNode): void {
    const own: Entry[] = [];
    const isCall = container.type === 'call';
    const items = isCall ? (container.childForFieldName('arguments')?.namedChildren ?? []) : container.namedChildren;
    let quote = "'";
    for (const item of items) {
      if (!item) continue;
      if (isCall && item.type === 'keyword_argument') {
        const name = item.childForFieldName('name');
        const value = item.childForFieldName('value');
        if (name && value && SETTING_KEY.test(name.text)) own.push(this.entry(name.text, value, rangeOf(item), removeEntryEdit(this.text, rangeOf(item))));
      } else if (!isCall && item.type === 'pair') {
        const key = stringLiteral(unwrap(item.childForFieldName('key')));
        const value = item.childForFieldName('value');
        if (key && value && SETTING_KEY.test(key.value)) {
          quote = this.text[key.range.start - 1] === '"' ? '"' : "'";
          own.push(this.entry(key.value, value, rangeOf(item), removeEntryEdit(this.text, rangeOf(item))));
        }
      }
    }
    if (own.length === 0) return;
    const calleeText = isCall ? (container.childForFieldName('function')?.text ?? '') : '';
    const argumentsRange = isCall ? container.childForFieldName('arguments') : container;
    const scope: Scope = {
      id: `${container.type}@${container.startIndex}`,
      style: isCall ? 'keyword' : 'dict',
      range: rangeOf(container),
      own,
      quote,
      containerRange: argumentsRange ? rangeOf(argumentsRange) : rangeOf(container),
      ...(/ConnectionConfig$/.test(calleeText) ? { hint: 'fastapi' as const } : {}),
      anchor: isCall ? rangeOf(container.childForFieldName('function') ?? container) : (own[0]?.range ?? rangeOf(container)),
    };
    this.scopes.set(scope.id, scope);
  }

  // --- settings endpoints ---

  private familyOf(keys: ReadonlySet<string>, scope: Scope): Family | undefined {
    if (keys.has('EMAIL_USE_TLS') || keys.has('EMAIL_USE_SSL') || keys.has('EMAIL_HOST') || keys.has('EMAIL_PORT') || keys.has('EMAIL_HOST_USER')) return 'django';
    if (keys.has('mail.host') || keys.has('mail.port') || keys.has('mail.use-tls') || keys.has('mail.use-ssl')) return 'sentry';
    if (scope.hint === 'fastapi' || keys.has('MAIL_STARTTLS') || keys.has('MAIL_SSL_TLS')) return 'fastapi-mail';
    if (keys.has('MAIL_USE_TLS') || keys.has('MAIL_USE_SSL')) return 'flask-mail';
    if ((keys.has('MAIL_SERVER') || keys.has('MAIL_PORT')) && /\bflask_mail\b|\bMail\(app\)/.test(this.text)) return 'flask-mail';
    return undefined;
  }

  private settingsEndpoint(scope: Scope): void {
    if (scope.own.length === 0) return;
    const entries = this.visible(scope);
    const family = this.familyOf(new Set(entries.keys()), scope);
    if (!family) return;
    const keys = FAMILY_KEYS[family];
    const legacyFastapi = family === 'fastapi-mail' && !entries.has('MAIL_STARTTLS') && !entries.has('MAIL_SSL_TLS') && (entries.has('MAIL_TLS') || entries.has('MAIL_SSL'));
    const starttlsKey = legacyFastapi ? 'MAIL_TLS' : keys.starttls;
    const implicitKey = legacyFastapi ? 'MAIL_SSL' : keys.implicit;
    const ownKeys = new Set(scope.own.map((entry) => entry.key));
    // A branch or subclass that sets nothing about the connection repeats its parent's endpoint.
    if (scope.inherited && ![keys.port, starttlsKey, implicitKey, keys.host].some((key) => ownKeys.has(key))) return;
    if (family === 'django') {
      const backend = entries.get('EMAIL_BACKEND');
      if (backend?.value.kind === 'literal' && typeof backend.value.value === 'string' && !/smtp/i.test(backend.value.value)) return;
    }
    const host = entries.get(keys.host);
    const port = entries.get(keys.port);
    const tls = entries.get(starttlsKey);
    const ssl = entries.get(implicitKey);
    if (!host && !port && !tls && !ssl) return;

    const flags: TlsFlag[] = [];
    const judge = (entry: Entry | undefined, intent: TlsIntent): { truth: boolean | undefined; setting?: Setting<boolean> } => {
      if (!entry) return { truth: undefined };
      const value = entry.value;
      if (value.kind === 'literal') {
        const truth = truthy(value.value);
        if (truth) flags.push(this.flag(entry, intent));
        return { truth, setting: { value: truth, range: value.range, key: entry.key, origin: 'literal' } };
      }
      if (value.kind === 'env') {
        if (!value.parsed) {
          // Any non-empty string is true, "False" included; unset gives the fallback or None.
          flags.push(this.flag(entry, intent, value));
          if (!value.fallback) return { truth: undefined };
          const truth = truthy(value.fallback.value);
          return { truth, setting: { value: truth, range: value.fallback.range, key: entry.key, origin: 'fallback', envName: value.envName } };
        }
        if (!value.fallback) return { truth: undefined };
        const truth = truthy(value.fallback.value);
        if (truth) flags.push(this.flag(entry, intent));
        return { truth, setting: { value: truth, range: value.fallback.range, key: entry.key, origin: 'fallback', envName: value.envName } };
      }
      return { truth: undefined };
    };
    const tlsState = judge(tls, 'starttls');
    const sslState = judge(ssl, 'implicit');
    const anchor = scope.style === 'keyword' || scope.style === 'dict' ? scope.anchor : (host ?? port ?? tls ?? ssl)!.range;

    const mentioned = (key: string): boolean => this.text.includes(key);
    const defaultsApply = keys.missingMeansFalse && !this.starImport;
    let mode: Setting<TlsModeSetting>;
    let modeExplicit = true;
    let defaultNote: string | undefined;
    const fromState = (state: { setting?: Setting<boolean> }, value: TlsModeSetting, fallbackKey: string, fallbackRange: TextRange): Setting<TlsModeSetting> =>
      state.setting ? { ...state.setting, value } : { value, range: fallbackRange, key: fallbackKey, origin: 'env' };
    if (tlsState.truth === true && sslState.truth === true) mode = fromState(sslState, keys.bothMode, implicitKey, anchor);
    else if (sslState.truth === true) mode = fromState(sslState, 'implicit', implicitKey, anchor);
    else if (tlsState.truth === true) mode = fromState(tlsState, 'starttls', starttlsKey, anchor);
    else if ((tls && tlsState.truth === undefined) || (ssl && sslState.truth === undefined)) {
      const unknownEntry = tls && tlsState.truth === undefined ? tls : ssl!;
      mode = { value: 'unknown', range: unknownEntry.range, key: unknownEntry.key, origin: unknownEntry.value.kind === 'env' ? 'env' : 'computed', ...(unknownEntry.value.kind === 'env' ? { envName: unknownEntry.value.envName } : {}) };
    } else if (tlsState.truth === false && tls) {
      if (family === 'fastapi-mail' || family === 'django' || family === 'flask-mail' || family === 'sentry') flags.push(this.flag(tls, 'no-tls'));
      mode = fromState(tlsState, 'none', starttlsKey, anchor);
    } else if (sslState.truth === false && ssl && (keys.missingMeansFalse || tls)) {
      mode = fromState(sslState, 'none', implicitKey, anchor);
    } else if (!tls && !ssl && defaultsApply && !mentioned(starttlsKey) && !mentioned(implicitKey)) {
      mode = { value: 'none', range: anchor, key: starttlsKey, origin: 'default' };
      modeExplicit = false;
      defaultNote = `${starttlsKey} and ${implicitKey} are not set in this file, so the default False applies (no TLS).`;
    } else {
      mode = { value: 'unknown', range: anchor, key: starttlsKey, origin: 'default' };
      modeExplicit = false;
    }

    let portSetting: Setting<number> | undefined = this.portSetting(port);
    if (!port && keys.defaultPort !== undefined && defaultsApply && !mentioned(keys.port)) {
      portSetting = { value: keys.defaultPort, range: anchor, key: keys.port, origin: 'default' };
      defaultNote = `${defaultNote ? `${defaultNote} ` : ''}${keys.port} is not set in this file, so the default ${keys.defaultPort} applies.`;
    }
    const hostSetting = this.hostSetting(host);

    const user = entries.get(keys.user);
    const password = entries.get(keys.password);
    const useCredentials = entries.get('USE_CREDENTIALS');
    const credentialsOff = useCredentials?.value.kind === 'literal' && !truthy(useCredentials.value.value);
    const credentialEntry = [user, password].find((entry) => entry && !(entry.value.kind === 'literal' && !truthy(entry.value.value)));
    const validate = entries.get('VALIDATE_CERTS');
    const certificateOff = family === 'fastapi-mail' && validate?.value.kind === 'literal' && !truthy(validate.value.value) ? { key: 'VALIDATE_CERTS', range: validate.range } : undefined;

    const writer = new SettingsWriter(this.text, scope, entries, keys, this.newline);
    const rewrite: EndpointRewriter = {
      setTlsMode: (target: TlsMode) => {
        const both = family === 'fastapi-mail';
        if (target === 'implicit') return writer.plan([[implicitKey, true, true], [starttlsKey, false, both]]);
        if (target === 'starttls') return writer.plan([[starttlsKey, true, true], [implicitKey, false, both]]);
        return writer.plan([[starttlsKey, false, true], [implicitKey, false, both]]);
      },
      setPort: (value: number) => writer.plan([[keys.port, value, true]]),
      enforceStartTls: () => writer.plan([[starttlsKey, true, true], [implicitKey, false, family === 'fastapi-mail']]),
      enableCertificateVerification: () => (certificateOff ? writer.plan([['VALIDATE_CERTS', true, true]]) : undefined),
      parseEnvBoolean: (flag: TlsFlag) => parseEnvBooleanEdits(this.text, flag),
    };

    const library = family === 'sentry' ? 'sentry' : family;
    const legacyNote = legacyFastapi ? 'Read as fastapi-mail < 1.2 (MAIL_TLS/MAIL_SSL); fastapi-mail 1.2 renamed them to MAIL_STARTTLS/MAIL_SSL_TLS.' : undefined;
    const note = [defaultNote, legacyNote].filter((part): part is string => part !== undefined).join(' ');
    const rangeStart = Math.min(...[...entries.values()].map((entry) => entry.range.start), scope.style === 'keyword' || scope.style === 'dict' ? scope.range.start : Infinity);
    const rangeEnd = Math.max(...[...entries.values()].map((entry) => entry.range.end), scope.style === 'keyword' || scope.style === 'dict' ? scope.range.end : -Infinity);
    this.endpoints.push({
      library,
      format: 'python',
      protocol: 'smtp',
      range: { start: rangeStart, end: rangeEnd },
      anchor,
      ...(hostSetting ? { host: hostSetting } : {}),
      ...(portSetting ? { port: portSetting } : {}),
      mode,
      modeExplicit,
      tlsFlags: flags,
      starttlsEnforced: mode.value === 'starttls',
      ...(credentialEntry && !credentialsOff ? { credentials: { range: credentialEntry.range } } : {}),
      ...(certificateOff ? { certificateVerificationOff: certificateOff } : {}),
      ...(note ? { reading: { note, certainty: defaultNote || legacyNote ? 'inferred' as const : 'certain' as const } } : {}),
      rewrite,
    });
  }

  private flag(entry: Entry, intent: TlsIntent, env?: Extract<PyValue, { kind: 'env' }>): TlsFlag {
    const base: TlsFlag = { key: entry.key, valueText: entry.valueText, intent, range: entry.range, ...(entry.removal ? { removal: entry.removal } : {}) };
    return env && !env.parsed ? { ...base, unparsedEnvString: { envName: env.envName, valueRange: env.readRange } } : base;
  }

  portSetting(entry: Entry | undefined): Setting<number> | undefined {
    if (!entry) return undefined;
    const value = entry.value;
    if (value.kind === 'literal') {
      const number = numberOf(value.value);
      return number === undefined ? undefined : { value: number, range: value.range, key: entry.key, origin: 'literal' };
    }
    if (value.kind === 'env' && value.fallback) {
      const number = numberOf(value.fallback.value);
      return number === undefined ? undefined : { value: number, range: value.fallback.range, key: entry.key, origin: 'fallback', envName: value.envName };
    }
    return undefined;
  }

  hostSetting(entry: Entry | undefined): Setting<string> | undefined {
    if (!entry) return undefined;
    const value = entry.value;
    if (value.kind === 'literal' && typeof value.value === 'string' && value.value !== '') return { value: value.value, range: value.range, key: entry.key, origin: 'literal' };
    if (value.kind === 'env' && value.fallback && typeof value.fallback.value === 'string' && value.fallback.value !== '') {
      return { value: value.fallback.value, range: value.fallback.range, key: entry.key, origin: 'fallback', envName: value.envName };
    }
    if (value.kind === 'env') return { value: value.envName, range: value.readRange, key: entry.key, origin: 'env', envName: value.envName };
    return undefined;
  }

  // --- connections in code ---

  private connectionEndpoints(): void {
    const imported = new Set<string>();
    for (const match of this.text.matchAll(/from\s+(smtplib|imaplib|poplib)\s+import\s+([^\n]+)/g)) {
      for (const name of (match[2] ?? '').replace(/[()]/g, '').split(',')) {
        const trimmed = name.trim().split(/\s+/)[0];
        if (trimmed) imported.add(trimmed);
      }
    }
    const seen = new Set<number>();
    for (const match of this.text.matchAll(/\b(SMTP_SSL|SMTP|IMAP4_SSL|IMAP4|POP3_SSL|POP3)\s*\(/g)) {
      const node = this.nodeAt(match.index);
      const call = this.climb(node, ['call'], 3);
      if (!call || seen.has(call.startIndex)) continue;
      seen.add(call.startIndex);
      const callee = call.childForFieldName('function');
      if (!callee) continue;
      const calleeText = callee.text;
      const className = match[1] ?? '';
      let kind: 'stdlib' | 'yagmail' | undefined;
      if (/^(?:smtplib|imaplib|poplib)\.\w+$/.test(calleeText)) kind = 'stdlib';
      else if (calleeText === className && imported.has(className)) kind = 'stdlib';
      else if (/^yagmail\.SMTP$/.test(calleeText) || (calleeText === 'SMTP' && /from\s+yagmail\s+import[^\n]*\bSMTP\b/.test(this.text))) kind = 'yagmail';
      if (kind === 'stdlib') this.guard(() => this.stdlibEndpoint(call, callee, className, calleeText.includes('.')));
      else if (kind === 'yagmail') this.guard(() => this.yagmailEndpoint(call, callee));
    }
  }

  /** The variable a connection is bound to (`server = SMTP(...)`, `with SMTP(...) as server`). */
  private receiverOf(call: SyntaxNode): { name: string; statement: SyntaxNode; withBody?: SyntaxNode } | undefined {
    const parent = call.parent;
    if (parent?.type === 'assignment' && parent.childForFieldName('right')?.startIndex === call.startIndex) {
      const left = parent.childForFieldName('left');
      const statement = parent.parent;
      if (left && (left.type === 'identifier' || left.type === 'attribute') && statement?.type === 'expression_statement') return { name: left.text, statement };
    }
    if (parent?.type === 'as_pattern') {
      const alias = parent.childForFieldName('alias');
      const withStatement = this.climb(parent, ['with_statement'], 3);
      const body = withStatement?.childForFieldName('body');
      const name = alias?.namedChild(0)?.text ?? alias?.text;
      if (name && withStatement && body) return { name, statement: withStatement, withBody: body };
    }
    return undefined;
  }

  /** Method calls on the receiver after the constructor, in the same function (or anywhere for `self.x`). */
  private methodCalls(receiver: string, from: number, call: SyntaxNode, methods: readonly string[]): SyntaxNode[] {
    const found: SyntaxNode[] = [];
    const scope = receiver.includes('.') ? undefined : this.climb(call, ['function_definition'], 40);
    const start = receiver.includes('.') ? 0 : from;
    const end = scope ? scope.endIndex : this.text.length;
    const escaped = receiver.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(`(?<![\\w.])${escaped}\\s*\\.\\s*(${methods.join('|')})\\s*\\(`, 'g');
    // A call belongs to the connection last assigned to the name before it (`if …: s = SMTP_SSL(…)
    // else: s = SMTP(…); s.starttls()` are two connections).
    const rebinds: number[] = [];
    for (const match of this.text.slice(0, end).matchAll(new RegExp(`(?<![\\w.])${escaped}\\s*=(?!=)|\\bas\\s+${escaped}\\b`, 'g'))) {
      if (match.index > call.endIndex && !/^\s*$/.test(this.text.slice(call.endIndex, match.index))) rebinds.push(match.index);
    }
    pattern.lastIndex = start;
    for (let match = pattern.exec(this.text); match && match.index < end; match = pattern.exec(this.text)) {
      const at = match.index;
      if (rebinds.some((rebind) => rebind < at)) continue;
      const site = this.climb(this.nodeAt(match.index + match[0].length - 1), ['call'], 3);
      if (site) found.push(site);
    }
    return found;
  }

  private stdlibEndpoint(call: SyntaxNode, callee: SyntaxNode, className: string, qualified: boolean): void {
    const protocol: Protocol = className.startsWith('SMTP') ? 'smtp' : className.startsWith('IMAP') ? 'imap' : 'pop3';
    const implicit = className.endsWith('_SSL');
    const defaultPort = protocol === 'smtp' ? (implicit ? 465 : 25) : protocol === 'imap' ? (implicit ? 993 : 143) : implicit ? 995 : 110;
    const startTlsMethod = protocol === 'pop3' ? 'stls' : 'starttls';
    const contextKeyword = protocol === 'imap' ? 'ssl_context' : 'context';
    const receiver = this.receiverOf(call);
    let { positional, keywords } = argumentsOf(call);
    let connectCall: SyntaxNode | undefined;
    const hostArg = (): SyntaxNode | undefined => positional[0] ?? keywords.get('host')?.value;
    if (!hostArg() && receiver && protocol === 'smtp') {
      // `SMTP()` then `server.connect(host, port)`.
      connectCall = this.methodCalls(receiver.name, call.endIndex, call, ['connect'])[0];
      if (!connectCall) return;
      ({ positional, keywords } = argumentsOf(connectCall));
    }
    const hostNode = hostArg();
    if (!hostNode && protocol === 'smtp') return;
    const portNode = positional[1] ?? keywords.get('port')?.value;
    const portRead = portNode ? this.readValue(portNode) : undefined;
    const portEntry = portNode && portRead ? ({ key: 'port', value: portRead, valueNode: portNode, valueText: portNode.text, range: rangeOf(portNode) } satisfies Entry) : undefined;
    let port: Setting<number> | undefined = this.portSetting(portEntry);
    if (portRead && portRead.kind === 'literal' && numberOf(portRead.value) === 0) port = { value: defaultPort, range: rangeOf(portNode!), key: 'port', origin: 'default' };
    if (!portNode) port = { value: defaultPort, range: rangeOf(callee), key: 'port', origin: 'default' };
    const hostRead = hostNode ? this.readValue(hostNode) : undefined;
    let host = hostNode && hostRead ? this.hostSetting({ key: 'host', value: hostRead, valueNode: hostNode, valueText: hostNode.text, range: rangeOf(hostNode) }) : undefined;
    // smtplib's connect() takes `host:port` when no port is given.
    const hostPort = !portNode && protocol === 'smtp' && hostRead?.kind === 'literal' && typeof hostRead.value === 'string' ? /^(.*):(\d{1,5})$/.exec(hostRead.value) : null;
    if (hostPort && hostRead?.kind === 'literal' && hostPort[1] !== undefined && hostPort[2] !== undefined) {
      const portStart = hostRead.range.start + hostPort[1].length + 1;
      port = { value: Number(hostPort[2]), range: { start: portStart, end: portStart + hostPort[2].length }, key: 'port', origin: 'literal' };
      host = { value: hostPort[1], range: { start: hostRead.range.start, end: hostRead.range.start + hostPort[1].length }, key: 'host', origin: 'literal' };
    }

    const starts = receiver ? this.methodCalls(receiver.name, call.endIndex, call, [startTlsMethod]) : [];
    const logins = receiver ? this.methodCalls(receiver.name, call.endIndex, call, protocol === 'pop3' ? ['user', 'pass_', 'apop', 'rpop'] : protocol === 'imap' ? ['login', 'authenticate', 'login_cram_md5'] : ['login', 'auth']) : [];
    const flags: TlsFlag[] = [];
    const classFlag: TlsFlag = { key: className, valueText: callee.text, intent: implicit ? 'implicit' : 'no-tls', range: rangeOf(callee) };
    if (implicit) flags.push(classFlag);
    const firstStart = starts[0];
    for (const start of starts) {
      const statement = start.parent?.type === 'expression_statement' ? start.parent : undefined;
      const removal = statement ? this.lineRemoval(statement) : undefined;
      flags.push({ key: `${startTlsMethod}()`, valueText: start.text, intent: 'starttls-required', range: rangeOf(start), ...(removal ? { removal } : {}) });
    }
    let mode: Setting<TlsModeSetting>;
    if (implicit) mode = { value: 'implicit', range: rangeOf(callee), key: callee.text, origin: 'literal' };
    else if (firstStart) mode = { value: 'starttls', range: rangeOf(firstStart), key: `${receiver?.name ?? 'connection'}.${startTlsMethod}()`, origin: 'literal' };
    else mode = { value: 'none', range: rangeOf(callee), key: `${callee.text} without ${startTlsMethod}()`, origin: 'literal' };

    // Certificate checks: the context handed to the constructor or to starttls().
    const contexts: SyntaxNode[] = [];
    const ctorContext = argumentsOf(call).keywords.get(contextKeyword)?.value;
    if (ctorContext) contexts.push(ctorContext);
    for (const start of starts) {
      const { positional: startArgs, keywords: startKeywords } = argumentsOf(start);
      const context = startKeywords.get(contextKeyword)?.value ?? (protocol !== 'smtp' ? startArgs[0] : undefined);
      if (context) contexts.push(context);
    }
    let certificate: { key: string; range: TextRange; edits: TextEdit[] } | undefined;
    for (const context of contexts) certificate ??= this.unverifiedContext(context);

    const library = protocol === 'smtp' ? 'smtplib' : protocol === 'imap' ? 'imaplib' : 'poplib';
    const text = this.text;
    const newline = this.newline;
    const rewrite: EndpointRewriter = {
      setTlsMode: (target: TlsMode) => {
        if (target === 'implicit') {
          if (implicit) return undefined;
          const classEdit = this.renameClass(callee, `${className}_SSL`, qualified);
          if (!classEdit) return undefined;
          const edits: TextEdit[] = [classEdit];
          for (const start of starts) {
            const statement = start.parent?.type === 'expression_statement' ? start.parent : undefined;
            const removal = statement ? this.lineRemoval(statement) : undefined;
            if (!removal) return undefined;
            const { positional: startArgs, keywords: startKeywords } = argumentsOf(start);
            const context = startKeywords.get(contextKeyword)?.value ?? (protocol !== 'smtp' ? startArgs[0] : undefined);
            if (startArgs.length + startKeywords.size > (context ? 1 : 0)) return undefined;
            if (context && start === firstStart) {
              const insertion = insertEntriesEdit(text, rangeOf(call.childForFieldName('arguments') ?? call), this.argumentEntries(call), [`${contextKeyword}=${context.text}`], []);
              if (!insertion) return undefined;
              edits.push(insertion);
            }
            edits.push(removal);
          }
          return edits;
        }
        if (target === 'starttls') {
          if (!receiver || (starts.length > 0 && !implicit)) return undefined;
          const edits: TextEdit[] = [];
          let contextText = '';
          if (implicit) {
            const classEdit = this.renameClass(callee, className.replace(/_SSL$/, ''), qualified);
            if (!classEdit) return undefined;
            edits.push(classEdit);
            const { positional: ctorArgs, keywords: ctorKeywords } = argumentsOf(call);
            if (ctorArgs.length > 2 || [...ctorKeywords.keys()].some((key) => key === 'keyfile' || key === 'certfile')) return undefined;
            const context = ctorKeywords.get(contextKeyword);
            if (context) {
              contextText = `${contextKeyword}=${context.value.text}`;
              edits.push(removeEntryEdit(text, rangeOf(context.node)));
            }
            if (starts.length > 0) return edits;
          }
          const insertion = this.insertAfterConnect(receiver, connectCall, `${receiver.name}.${startTlsMethod}(${contextText})`, newline);
          if (!insertion) return undefined;
          edits.push(insertion);
          return edits;
        }
        return undefined;
      },
      setPort: (value: number) => {
        if (portNode && portEntry) return valueEdits(text, portEntry, value, this) ?? undefined;
        if (hostPort && port) return [{ range: port.range, newText: String(value) }];
        const hostPositional = positional[0];
        if (hostPositional && positional.length === 1 && !keywords.has('port')) return [{ range: { start: hostPositional.endIndex, end: hostPositional.endIndex }, newText: `, ${value}` }];
        return undefined;
      },
      enforceStartTls: () => undefined,
      ...(certificate ? { enableCertificateVerification: () => certificate?.edits } : {}),
    };

    this.endpoints.push({
      library,
      format: 'python',
      protocol,
      range: rangeOf(call),
      anchor: rangeOf(callee),
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      mode,
      modeExplicit: true,
      tlsFlags: flags,
      // starttls()/stls() raise when the server does not offer it.
      starttlsEnforced: mode.value === 'starttls',
      ...(logins[0] ? { credentials: { range: rangeOf(logins[0]) } } : {}),
      ...(certificate ? { certificateVerificationOff: { key: certificate.key, range: certificate.range } } : {}),
      rewrite,
    });
  }

  argumentEntries(call: SyntaxNode): { key: string; pairRange: TextRange }[] {
    return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is SyntaxNode => child !== null && child.type !== 'comment').map((child) => ({ key: child.type === 'keyword_argument' ? (child.childForFieldName('name')?.text ?? '') : '', pairRange: rangeOf(child) }));
  }

  private renameClass(callee: SyntaxNode, newName: string, qualified: boolean): TextEdit | undefined {
    if (qualified && callee.type === 'attribute') {
      const attribute = callee.childForFieldName('attribute');
      return attribute ? { range: rangeOf(attribute), newText: newName } : undefined;
    }
    // `from smtplib import SMTP`: the other class must be imported too.
    const imported = new RegExp(`from\\s+(?:smtplib|imaplib|poplib)\\s+import\\s+[^\\n]*\\b${newName}\\b`).test(this.text);
    return imported && callee.type === 'identifier' ? { range: rangeOf(callee), newText: newName } : undefined;
  }

  private insertAfterConnect(receiver: { name: string; statement: SyntaxNode; withBody?: SyntaxNode }, connectCall: SyntaxNode | undefined, line: string, newline: string): TextEdit | undefined {
    const text = this.text;
    if (connectCall) {
      const statement = connectCall.parent?.type === 'expression_statement' ? connectCall.parent : undefined;
      return statement ? this.insertLineAfter(statement, line, newline) : undefined;
    }
    if (receiver.withBody) {
      const first = receiver.withBody.namedChildren.find((child) => child && child.type !== 'comment');
      if (!first) return undefined;
      let lineStart = first.startIndex;
      while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
      const indent = text.slice(lineStart, first.startIndex);
      if (!/^[ \t]*$/.test(indent)) return undefined;
      return { range: { start: lineStart, end: lineStart }, newText: `${indent}${line}${newline}` };
    }
    return this.insertLineAfter(receiver.statement, line, newline);
  }

  insertLineAfter(statement: SyntaxNode, line: string, newline: string): TextEdit | undefined {
    const text = this.text;
    let lineStart = statement.startIndex;
    while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
    const indent = text.slice(lineStart, statement.startIndex);
    if (!/^[ \t]*$/.test(indent)) return undefined;
    let end = statement.endIndex;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    return { range: { start: end, end }, newText: `${newline}${indent}${line}` };
  }

  /** `ssl._create_unverified_context()`, or a context with `verify_mode = CERT_NONE` / `check_hostname = False`. */
  private unverifiedContext(node: SyntaxNode): { key: string; range: TextRange; edits: TextEdit[] } | undefined {
    let value = unwrap(node);
    let name: string | undefined;
    if (value?.type === 'identifier') {
      name = value.text;
      value = unwrap(this.binding(value.text, value.startIndex));
    }
    if (value?.type === 'call') {
      const callee = value.childForFieldName('function');
      const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute') : callee;
      if (method && /^_create_unverified_context$/.test(method.text)) {
        return { key: callee?.text ?? method.text, range: rangeOf(value), edits: [{ range: rangeOf(method), newText: 'create_default_context' }] };
      }
    }
    if (!name) return undefined;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const edits: TextEdit[] = [];
    let where: TextRange | undefined;
    let key = '';
    for (const match of this.text.matchAll(new RegExp(`(?<![\\w.])${escaped}\\s*\\.\\s*(verify_mode|check_hostname)\\s*=(?!=)`, 'g'))) {
      const assignment = this.climb(this.nodeAt(match.index), ['assignment'], 3);
      const right = unwrap(assignment?.childForFieldName('right'));
      if (!assignment || !right) continue;
      if (match[1] === 'verify_mode' && /(?:^|\.)CERT_NONE$/.test(right.text)) {
        const attribute = right.type === 'attribute' ? right.childForFieldName('attribute') : right;
        if (attribute) edits.push({ range: rangeOf(attribute), newText: 'CERT_REQUIRED' });
        where ??= rangeOf(assignment);
        key = `${name}.verify_mode = ${right.text}`;
      } else if (match[1] === 'check_hostname' && right.type === 'false') {
        edits.push({ range: rangeOf(right), newText: 'True' });
        where ??= rangeOf(assignment);
        key ||= `${name}.check_hostname = False`;
      }
    }
    // Turning check_hostname back on first would raise while verify_mode is still CERT_NONE, but
    // both edits land together, and the hostname assignment usually comes first.
    return where ? { key, range: where, edits } : undefined;
  }

  private yagmailEndpoint(call: SyntaxNode, callee: SyntaxNode): void {
    const { positional, keywords } = argumentsOf(call);
    const at = (index: number, name: string): { node: SyntaxNode; range: TextRange; keyword: boolean } | undefined => {
      const keyword = keywords.get(name);
      if (keyword) return { node: keyword.value, range: rangeOf(keyword.node), keyword: true };
      const node = positional[index];
      return node && node.type !== 'list_splat' && node.type !== 'dictionary_splat' ? { node, range: rangeOf(node), keyword: false } : undefined;
    };
    if (positional.some((node) => node.type === 'list_splat' || node.type === 'dictionary_splat')) return;
    const userArg = at(0, 'user');
    const hostArg = at(2, 'host');
    const portArg = at(3, 'port');
    const starttlsArg = at(4, 'smtp_starttls');
    const sslArg = at(5, 'smtp_ssl');
    const skipLogin = at(7, 'smtp_skip_login');
    const boolOf = (arg: { node: SyntaxNode } | undefined): boolean | null | undefined => {
      if (!arg) return undefined;
      const value = this.readValue(arg.node);
      if (value.kind === 'literal') return value.value === null ? null : truthy(value.value);
      if (value.kind === 'env' && value.parsed && value.fallback) return truthy(value.fallback.value);
      return undefined;
    };
    const sslValue = sslArg ? boolOf(sslArg) : true;
    const starttlsValue = starttlsArg ? boolOf(starttlsArg) : null;
    if (sslValue === undefined || starttlsValue === undefined) return;
    const ssl = sslValue === true;
    const starttls = starttlsValue === null ? !ssl : starttlsValue;
    const flags: TlsFlag[] = [];
    const sslFlag = sslArg && ssl ? { key: 'smtp_ssl', valueText: sslArg.node.text, intent: 'implicit' as const, range: sslArg.range, ...(sslArg.keyword ? { removal: removeEntryEdit(this.text, sslArg.range) } : {}) } : undefined;
    if (sslFlag) flags.push(sslFlag);
    if (starttlsArg && starttls) flags.push({ key: 'smtp_starttls', valueText: starttlsArg.node.text, intent: 'starttls-required', range: starttlsArg.range, ...(starttlsArg.keyword ? { removal: removeEntryEdit(this.text, starttlsArg.range) } : {}) });
    const modeValue: TlsModeSetting = ssl ? 'implicit' : starttls ? 'starttls' : 'none';
    const deciding = ssl ? sslArg : starttlsArg ?? sslArg;
    const mode: Setting<TlsModeSetting> = deciding
      ? { value: modeValue, range: deciding.range, key: deciding === sslArg ? 'smtp_ssl' : 'smtp_starttls', origin: 'literal' }
      : { value: modeValue, range: rangeOf(callee), key: 'smtp_ssl', origin: 'default' };
    const portEntry = portArg ? ({ key: 'port', value: this.readValue(portArg.node), valueNode: portArg.node, valueText: portArg.node.text, range: portArg.range } satisfies Entry) : undefined;
    let port = this.portSetting(portEntry);
    if (!portArg) port = { value: ssl ? 465 : 587, range: rangeOf(callee), key: 'port', origin: 'default' };
    else if (portEntry && portEntry.value.kind === 'literal' && portEntry.value.value === null) port = { value: ssl ? 465 : 587, range: rangeOf(portArg.node), key: 'port', origin: 'default' };
    const hostRead = hostArg ? this.readValue(hostArg.node) : undefined;
    const host = hostArg && hostRead ? this.hostSetting({ key: 'host', value: hostRead, valueNode: hostArg.node, valueText: hostArg.node.text, range: rangeOf(hostArg.node) }) : { value: 'smtp.gmail.com', range: rangeOf(callee), key: 'host', origin: 'default' as ValueOrigin };
    const loginSkipped = skipLogin ? boolOf(skipLogin) === true : false;
    const argumentsNode = call.childForFieldName('arguments');
    const text = this.text;
    const entries = this.argumentEntries(call);
    const setKeyword = (changes: [string, string, { node: SyntaxNode; range: TextRange; keyword: boolean } | undefined][]): TextEdit[] | undefined => {
      const edits: TextEdit[] = [];
      const inserts: string[] = [];
      for (const [key, literal, arg] of changes) {
        if (arg) edits.push({ range: rangeOf(arg.node), newText: literal });
        else inserts.push(`${key}=${literal}`);
      }
      if (inserts.length > 0) {
        if (!argumentsNode) return undefined;
        const insertion = insertEntriesEdit(text, rangeOf(argumentsNode), entries, inserts, []);
        if (!insertion) return undefined;
        edits.push(insertion);
      }
      return edits;
    };
    const rewrite: EndpointRewriter = {
      setTlsMode: (target: TlsMode) => {
        if (target === 'implicit') return setKeyword([['smtp_ssl', 'True', sslArg], ...(starttlsArg && starttls ? [['smtp_starttls', 'False', starttlsArg] as [string, string, typeof starttlsArg]] : [])]);
        if (target === 'starttls') return setKeyword([['smtp_ssl', 'False', sslArg], ...(starttlsArg && !starttls ? [['smtp_starttls', 'True', starttlsArg] as [string, string, typeof starttlsArg]] : [])]);
        return undefined;
      },
      setPort: (value: number) => (portEntry ? valueEdits(text, portEntry, value, this) : setKeyword([['port', String(value), undefined]])),
    };
    const note = sslArg ? undefined : `yagmail's smtp_ssl defaults to True (SMTP_SSL, implicit TLS) in current releases; older releases without the smtp_ssl option used STARTTLS on port 587. Read as a current yagmail.`;
    this.endpoints.push({
      library: 'yagmail',
      format: 'python',
      protocol: 'smtp',
      range: rangeOf(call),
      anchor: rangeOf(callee),
      host,
      ...(port ? { port } : {}),
      mode,
      modeExplicit: deciding !== undefined,
      tlsFlags: flags,
      starttlsEnforced: modeValue === 'starttls',
      ...(userArg && !loginSkipped ? { credentials: { range: userArg.range } } : {}),
      ...(note ? { reading: { note, certainty: 'inferred' as const } } : {}),
      rewrite,
    });
  }
}

/** Replaces the literal that decides an entry's value (the fallback of an env read). */
function valueEdits(text: string, entry: Entry, value: boolean | number, reader: PythonReader): TextEdit[] | undefined {
  const literal = typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  const read = entry.value;
  if (read.kind === 'literal') {
    // A port written as a string stays a string.
    const quoted = typeof read.value === 'string' && typeof value === 'number';
    return [{ range: read.range, newText: quoted ? String(value) : literal }];
  }
  if (read.kind === 'env' && read.fallback) {
    const quoted = typeof read.fallback.value === 'string' && typeof value === 'number';
    return [{ range: read.fallback.range, newText: quoted ? String(value) : literal }];
  }
  // `port` as a name bound to a literal earlier: change the literal there.
  const node = unwrap(entry.valueNode);
  if (node?.type === 'identifier') {
    const bound = unwrap(reader.binding(node.text, node.startIndex));
    const boundLiteral = literalOf(bound);
    if (boundLiteral) return [{ range: boundLiteral.range, newText: typeof boundLiteral.value === 'string' ? String(value) : literal }];
  }
  void text;
  return undefined;
}

/** `os.getenv('X')` → `str(os.getenv('X')).lower() in ('1', 'true', 'yes')`. */
function parseEnvBooleanEdits(text: string, flag: TlsFlag): TextEdit[] | undefined {
  const env = flag.unparsedEnvString;
  if (!env) return undefined;
  const read = text.slice(env.valueRange.start, env.valueRange.end);
  return [{ range: env.valueRange, newText: `str(${read}).lower() in ('1', 'true', 'yes', 'on')` }];
}

class SettingsWriter {
  constructor(
    private readonly text: string,
    private readonly scope: Scope,
    private readonly entries: ReadonlyMap<string, Entry>,
    private readonly keys: FamilyKeys,
    private readonly newline: string,
  ) {}

  private literal(value: boolean | number): string {
    return typeof value === 'boolean' ? (value ? this.keys.trueText : this.keys.falseText) : String(value);
  }

  /** Each change: key, value, and whether to add the key when it is missing. */
  plan(changes: readonly (readonly [string, boolean | number, boolean])[]): TextEdit[] | undefined {
    const edits: TextEdit[] = [];
    const inserts: string[] = [];
    for (const [key, value, insert] of changes) {
      const found = this.entries.get(key);
      // An inherited value (a base class, the block before a branch) is overridden here, not edited there.
      const inherited = found !== undefined && !this.scope.own.includes(found);
      const entry = inherited ? undefined : found;
      if (inherited && found.value.kind === 'literal' && (found.value.value === value || (typeof value === 'boolean' && truthy(found.value.value) === value))) continue;
      if (entry) {
        const read = entry.value;
        if (read.kind === 'literal') {
          const quoted = typeof read.value === 'string' && typeof value === 'number';
          if (!(typeof value === 'boolean' && read.value === value) && !(typeof value === 'number' && numberOf(read.value) === value)) edits.push({ range: read.range, newText: quoted ? String(value) : this.literal(value) });
          continue;
        }
        if (read.kind === 'env' && read.fallback) {
          const quoted = typeof read.fallback.value === 'string' || read.fallbackText !== undefined;
          let newText = this.literal(value);
          if (quoted && typeof value === 'number') newText = String(value);
          // Inside quotes: a compared string gets the text that compares as wanted; a raw string is
          // true whenever it is not empty.
          else if (quoted && read.fallbackText) newText = value ? read.fallbackText.true : read.fallbackText.false;
          else if (quoted && !read.parsed) newText = value ? 'True' : '';
          edits.push({ range: read.fallback.range, newText });
          continue;
        }
        if (read.kind === 'env') {
          // `env.bool('EMAIL_USE_SSL')` without a default: give it one.
          const call = unwrap(entry.valueNode);
          if (call?.type === 'call' && read.parsed) {
            const list = call.childForFieldName('arguments');
            if (list && list.endIndex > list.startIndex && this.text[list.endIndex - 1] === ')') {
              edits.push({ range: { start: list.endIndex - 1, end: list.endIndex - 1 }, newText: `, default=${this.literal(value)}` });
              continue;
            }
          }
        }
        // Computed or raw: write the literal over the whole value.
        edits.push({ range: rangeOf(entry.valueNode), newText: this.literal(value) });
        continue;
      }
      if (!insert && !inherited) continue;
      inserts.push(this.line(key, this.literal(value)));
    }
    if (inserts.length > 0) {
      const insertion = this.insert(inserts);
      if (!insertion) return undefined;
      edits.push(insertion);
    }
    return edits;
  }

  private line(key: string, value: string): string {
    switch (this.scope.style) {
      case 'assign':
        return `${key} = ${value}`;
      case 'subscript':
        return `${this.scope.receiver}[${this.scope.quote}${key}${this.scope.quote}] = ${value}`;
      case 'keyword':
        return `${key}=${value}`;
      case 'dict':
        return `${this.scope.quote}${key}${this.scope.quote}: ${value}`;
    }
  }

  private insert(lines: readonly string[]): TextEdit | undefined {
    const own = this.scope.own;
    if (this.scope.style === 'keyword' || this.scope.style === 'dict') {
      const range = this.scope.containerRange ?? this.scope.range;
      return insertEntriesEdit(this.text, range, own.map((entry) => ({ key: entry.key, pairRange: entry.range })), lines, [this.keys.port, this.keys.host]);
    }
    // After the port or host statement of this block, else the last one.
    const after = [...own].reverse().find((entry) => entry.key === this.keys.port) ?? [...own].reverse().find((entry) => entry.key === this.keys.host) ?? own[own.length - 1];
    if (!after) return undefined;
    const text = this.text;
    let lineStart = after.range.start;
    while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
    const indent = text.slice(lineStart, after.range.start);
    if (!/^[ \t]*$/.test(indent)) return undefined;
    let end = after.range.end;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    return { range: { start: end, end }, newText: lines.map((line) => `${this.newline}${indent}${line}`).join('') };
  }
}
