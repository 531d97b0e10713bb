// Jakarta Mail / Spring settings written in Java code: `props.put("mail.smtp.port", "587")`,
// `props.setProperty(…)`, `mailSender.getJavaMailProperties().put(…)`, and the JavaMailSenderImpl
// setters `setHost` / `setPort` / `setProtocol` / `setUsername` / `setPassword`. The calls of one
// method (or initializer) form one endpoint; what the names mean is semantics/jakartaMail.ts.
// Only string, integer and boolean literals count as values; anything else is "not visible here".
import type { Extractor, MailEndpoint, SourceDocument, TextEdit, TextRange } from '../model';
import { withSyntaxTree, type SyntaxNode } from './parsers/treeSitter';
import { jakartaEndpoint, type JavaProp } from './semantics/jakartaMail';
import { lineRemoval } from '../text';

function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function named(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return node ? node.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'line_comment' && child.type !== 'block_comment') : [];
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', s: ' ', '"': '"', "'": "'", '\\': '\\' };

/** The value of a plain string literal; undefined for text blocks and anything unusual. */
function stringValue(node: SyntaxNode | undefined): string | undefined {
  if (!node || node.type !== 'string_literal' || !node.text.startsWith('"') || node.text.startsWith('"""')) return undefined;
  let result = '';
  for (const part of named(node)) {
    if (part.type === 'string_fragment') result += part.text;
    else if (part.type === 'escape_sequence') {
      const body = part.text.slice(1);
      if (/^u+[0-9a-fA-F]{4}$/.test(body)) result += String.fromCharCode(parseInt(body.slice(-4), 16));
      else if (ESCAPES[body] !== undefined) result += ESCAPES[body];
      else return undefined;
    } else return undefined;
  }
  return result;
}

type Literal = { kind: 'string' | 'raw'; value: string } | undefined;

function literalOf(node: SyntaxNode | undefined): Literal {
  if (!node) return undefined;
  if (node.type === 'string_literal') {
    const value = stringValue(node);
    return value === undefined ? undefined : { kind: 'string', value };
  }
  if (node.type === 'decimal_integer_literal' && /^\d{1,5}$/.test(node.text)) return { kind: 'raw', value: node.text };
  if (node.type === 'true' || node.type === 'false') return { kind: 'raw', value: node.type };
  return undefined;
}

function javaString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

const SETTERS: Record<string, string> = { setHost: 'sender.host', setPort: 'sender.port', setProtocol: 'sender.protocol', setUsername: 'sender.username', setPassword: 'sender.password' };
const SCOPES = ['method_declaration', 'constructor_declaration', 'static_initializer', 'lambda_expression', 'class_body', 'program'];

interface Call {
  readonly name: string;
  readonly prop: JavaProp;
  readonly valueNode: SyntaxNode;
  readonly statement: TextRange;
  /** `props`, `mailSender.getJavaMailProperties()` for puts; the sender variable for setters. */
  readonly receiver: string;
  readonly method: string;
  readonly isSetter: boolean;
}

function climb(node: SyntaxNode | null | undefined, types: readonly string[], levels: number): SyntaxNode | undefined {
  let current = node ?? undefined;
  for (let level = 0; current && level <= levels; level++) {
    if (types.includes(current.type)) return current;
    current = current.parent ?? undefined;
  }
  return undefined;
}

function senderVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/\bJavaMailSenderImpl\s+(\w+)\s*[=;,)]/g)) names.add(match[1]!);
  for (const match of text.matchAll(/(?:this\s*\.\s*)?(\w+)\s*=\s*new\s+(?:[\w.]+\.)?JavaMailSenderImpl\s*\(/g)) names.add(match[1]!);
  return names;
}

function readCalls(text: string, root: SyntaxNode): Map<number, Call[]> {
  const groups = new Map<number, Call[]>();
  const senders = senderVariables(text);
  for (const match of text.matchAll(/\.\s*(put|setProperty|setHost|setPort|setProtocol|setUsername|setPassword)\s*\(/g)) {
    try {
      const method = match[1]!;
      const nameNode = root.namedDescendantForIndex(match.index + match[0].indexOf(method));
      const call = climb(nameNode, ['method_invocation'], 2);
      if (!call || call.childForFieldName('name')?.text !== method) continue;
      const object = call.childForFieldName('object');
      if (!object) continue;
      const args = named(call.childForFieldName('arguments'));
      const statementNode = call.parent?.type === 'expression_statement' ? call.parent : call;
      const statement = rangeOf(statementNode);
      let name: string;
      let valueNode: SyntaxNode | undefined;
      let isSetter = false;
      if (method === 'put' || method === 'setProperty') {
        if (args.length !== 2) continue;
        const key = stringValue(args[0]);
        if (!key || !/^mail\.(?:smtps?\.|transport\.protocol$)/.test(key)) continue;
        name = key;
        valueNode = args[1];
      } else {
        if (args.length !== 1 || !senders.has(object.text.replace(/^this\s*\.\s*/, ''))) continue;
        name = SETTERS[method]!;
        valueNode = args[0];
        isSetter = true;
      }
      if (!valueNode) continue;
      const literal = literalOf(valueNode);
      const prop: JavaProp = {
        key: isSetter ? `${object.text}.${method}` : name,
        value: literal?.value,
        origin: literal ? 'literal' : 'env',
        valueRange: rangeOf(valueNode),
        range: rangeOf(call),
        removal: lineRemoval(text, statement),
      };
      const scope = climb(call, SCOPES, 200) ?? root;
      const list = groups.get(scope.startIndex) ?? [];
      list.push({ name, prop, valueNode, statement, receiver: object.text, method, isSetter });
      groups.set(scope.startIndex, list);
    } catch {
      // one unreadable call must not cost the others
    }
  }
  return groups;
}

function endpointOf(text: string, calls: readonly Call[]): MailEndpoint | undefined {
  const props = new Map<string, JavaProp>();
  const byName = new Map<string, Call>();
  for (const call of calls) {
    // Later calls win, like later puts into a Properties object.
    props.set(call.name, call.prop);
    byName.set(call.name, call);
  }
  const puts = calls.filter((call) => !call.isSetter);
  const setters = calls.filter((call) => call.isSetter);
  const lastPut = puts[puts.length - 1];
  const sender = setters[0]?.receiver;
  const first = calls.reduce((a, b) => (a.statement.start <= b.statement.start ? a : b));
  const last = calls.reduce((a, b) => (a.statement.end >= b.statement.end ? a : b));
  const anchorCall = byName.get('sender.host') ?? byName.get('mail.smtp.host') ?? byName.get('mail.smtps.host') ?? byName.get('sender.port') ?? byName.get('mail.smtp.port') ?? first;
  const lineStart = (offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
  const writer = {
    write(changes: readonly (readonly [string, string | null])[]): TextEdit[] | undefined {
      const edits: TextEdit[] = [];
      const removed: Call[] = [];
      const added: string[] = [];
      for (const [name, value] of changes) {
        const call = byName.get(name);
        if (call && value === null) removed.push(call);
        else if (call && value !== null) {
          if (call.prop.value === value) continue;
          const raw = (call.valueNode.type === 'decimal_integer_literal' && /^\d+$/.test(value)) || ((call.valueNode.type === 'true' || call.valueNode.type === 'false') && /^(?:true|false)$/.test(value)) || (name === 'sender.port' && /^\d+$/.test(value));
          edits.push({ range: rangeOf(call.valueNode), newText: raw ? value : javaString(value) });
        } else if (value !== null) {
          if (name.startsWith('sender.')) return undefined;
          if (lastPut) added.push(`${lastPut.receiver}.${lastPut.method}(${javaString(name)}, ${javaString(value)});`);
          else if (sender) added.push(`${sender}.getJavaMailProperties().put(${javaString(name)}, ${javaString(value)});`);
          else return undefined;
        }
      }
      removed.sort((a, b) => a.statement.start - b.statement.start);
      const anchorStatement = lastPut ?? last;
      const indent = /^[ \t]*/.exec(text.slice(lineStart(anchorStatement.statement.start)))?.[0] ?? '';
      const [firstRemoved, ...otherRemoved] = removed;
      // New statements take the place of the first removed one, so no edit lands inside a removed line.
      if (firstRemoved && added.length > 0) edits.push({ range: firstRemoved.statement, newText: added.join(`\n${indent}`) });
      else if (firstRemoved) otherRemoved.unshift(firstRemoved);
      for (const call of otherRemoved) if (call.prop.removal) edits.push(call.prop.removal);
      if (!firstRemoved && added.length > 0) {
        const at = anchorStatement.statement.end;
        edits.push({ range: { start: at, end: at }, newText: added.map((line) => `\n${indent}${line}`).join('') });
      }
      return edits.length > 0 ? edits : undefined;
    },
  };
  const spring = setters.length > 0 || puts.some((call) => /getJavaMailProperties/.test(call.receiver));
  return jakartaEndpoint(props, {
    format: 'java',
    library: spring ? 'spring' : 'jakarta-mail',
    range: { start: first.statement.start, end: last.statement.end },
    anchor: anchorCall.prop.range,
    writer,
  });
}

export function mayContainJavaMailConfig(text: string): boolean {
  return /mail\.smtps?\.|mail\.transport\.protocol|JavaMailSender/.test(text);
}

export const javaExtractor: Extractor = {
  id: 'java',
  appliesTo(fileName: string): boolean {
    return /\.java$/i.test(fileName);
  },
  filePatterns: ['*.java'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    const { text } = document;
    try {
      if (!mayContainJavaMailConfig(text)) return [];
      return await withSyntaxTree(document.fileName, text, 'java', (root) => {
        const endpoints: MailEndpoint[] = [];
        for (const calls of readCalls(text, root).values()) {
          try {
            const endpoint = calls.length > 0 ? endpointOf(text, calls) : undefined;
            if (endpoint) endpoints.push(endpoint);
          } catch {
            // keep the others
          }
        }
        return endpoints.sort((a, b) => a.range.start - b.range.start);
      });
    } catch {
      return [];
    }
  },
};
