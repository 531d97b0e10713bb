// Mail endpoints in C#: MailKit `client.Connect(host, port, SecureSocketOptions.X | bool)` (SMTP,
// IMAP, POP3) and System.Net.Mail `new SmtpClient(host, port) { EnableSsl = … }`.
// MailKit (jstedfast/MailKit SecureSocketOptions.cs, ComputeDefaultValues): Auto (also the
// two-argument overload) picks SslOnConnect on 465/993/995 and StartTlsWhenAvailable elsewhere —
// correct by construction; `useSsl: true` → SslOnConnect, `false` → StartTlsWhenAvailable.
// System.Net.Mail: EnableSsl is STARTTLS only (RFC 3207); implicit TLS is not supported at all, so
// port 465 never works; EnableSsl = false never encrypts.
import type { EndpointRewriter, Extractor, MailEndpoint, Protocol, Setting, SourceDocument, TextEdit, TextRange, TlsFlag, TlsModeSetting } from '../model';
import { withSyntaxTree, type SyntaxNode } from './parsers/treeSitter';
import { lineRemoval } from '../text';
import { mailKitMode, type SecureSocketOption } from './semantics/dotnetMail';

function rangeOf(node: SyntaxNode): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function named(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return node ? node.namedChildren.filter((child): child is SyntaxNode => !!child && child.type !== 'comment') : [];
}

/** The expression of an `argument` (named arguments keep their name apart). */
function argumentParts(node: SyntaxNode): { name?: string; value: SyntaxNode } | undefined {
  const children = named(node);
  const value = children[children.length - 1];
  if (!value) return undefined;
  const name = children.length > 1 && children[0]?.type === 'identifier' && node.text.slice(children[0].endIndex - node.startIndex).trimStart().startsWith(':') ? children[0].text : undefined;
  return name ? { name, value } : { value };
}

function unwrap(node: SyntaxNode | undefined): SyntaxNode | undefined {
  let current = node;
  for (let guard = 0; current && guard < 8; guard++) {
    if (current.type === 'parenthesized_expression' || current.type === 'cast_expression' || current.type === 'checked_expression') {
      const inner = named(current);
      current = inner[inner.length - 1];
    } else return current;
  }
  return current;
}

function stringValue(node: SyntaxNode | undefined): string | undefined {
  const value = unwrap(node);
  if (!value) return undefined;
  if (value.type === 'string_literal' || value.type === 'verbatim_string_literal') {
    const parts = named(value);
    if (value.type === 'verbatim_string_literal') return value.text.replace(/^@"/, '').replace(/"$/, '');
    if (parts.some((part) => part.type !== 'string_literal_content')) return parts.every((part) => part.type === 'string_literal_content' || part.type === 'escape_sequence') ? value.text.slice(1, -1) : undefined;
    return parts.map((part) => part.text).join('');
  }
  return undefined;
}

function intValue(node: SyntaxNode | undefined): number | undefined {
  const value = unwrap(node);
  if (!value || value.type !== 'integer_literal' || !/^\d{1,5}$/.test(value.text)) return undefined;
  return Number(value.text);
}

function boolValue(node: SyntaxNode | undefined): boolean | undefined {
  const value = unwrap(node);
  if (!value || value.type !== 'boolean_literal') return undefined;
  return value.text === 'true';
}

const SSO = /^(?:(?:global::)?MailKit\.Security\.)?SecureSocketOptions\.(None|Auto|SslOnConnect|StartTls|StartTlsWhenAvailable)$/;

/** `(s, c, h, e) => true`, `delegate { return true; }`, `(a, b, c, d) => { return true; }`. */
function acceptsEverything(node: SyntaxNode | undefined): boolean {
  const value = unwrap(node);
  if (!value) return false;
  if (value.type === 'lambda_expression' || value.type === 'anonymous_method_expression') {
    const body = value.childForFieldName('body') ?? named(value).find((child) => child.type === 'block');
    if (!body) return false;
    if (body.type === 'boolean_literal') return body.text === 'true';
    if (body.type === 'block') {
      const statements = named(body);
      return statements.length === 1 && statements[0]?.type === 'return_statement' && /^return\s+true\s*;$/.test(statements[0].text);
    }
  }
  return false;
}

interface Site {
  readonly receiver: string;
  readonly statement: TextRange;
  readonly node: SyntaxNode;
}

class Reader {
  readonly endpoints: MailEndpoint[] = [];
  private readonly certOff: { receiver: string; statement: TextRange; removal: TextEdit; global: boolean }[] = [];
  private readonly authCalls: Site[] = [];

  constructor(
    private readonly text: string,
    private readonly root: SyntaxNode,
  ) {}

  private climb(node: SyntaxNode | null | undefined, types: string[], levels: number): SyntaxNode | undefined {
    let current = node ?? undefined;
    for (let level = 0; current && level <= levels; level++) {
      if (types.includes(current.type)) return current;
      current = current.parent ?? undefined;
    }
    return undefined;
  }

  private statementOf(node: SyntaxNode): TextRange {
    return rangeOf(this.climb(node, ['expression_statement', 'local_declaration_statement', 'field_declaration', 'global_statement'], 6) ?? node);
  }

  run(): void {
    const text = this.text;
    for (const match of text.matchAll(/\bServerCertificateValidationCallback\s*=(?!=)/g)) {
      const assignment = this.climb(this.root.namedDescendantForIndex(match.index), ['assignment_expression'], 4);
      if (!assignment) continue;
      const left = assignment.childForFieldName('left');
      if (!acceptsEverything(assignment.childForFieldName('right') ?? undefined)) continue;
      const receiver = left?.type === 'member_access_expression' ? (left.childForFieldName('expression')?.text ?? '') : '';
      const statement = this.statementOf(assignment);
      this.certOff.push({ receiver, statement, removal: lineRemoval(text, statement), global: receiver.endsWith('ServicePointManager') });
    }
    for (const match of text.matchAll(/\.Authenticate(?:Async)?\s*\(/g)) {
      const call = this.climb(this.root.namedDescendantForIndex(match.index + 1), ['invocation_expression'], 3);
      const fn = call?.childForFieldName('function');
      if (!call || fn?.type !== 'member_access_expression') continue;
      this.authCalls.push({ receiver: fn.childForFieldName('expression')?.text ?? '', statement: this.statementOf(call), node: call });
    }
    const mailKit = /\bMailKit\b|\bSecureSocketOptions\b/.test(text);
    if (mailKit) {
      for (const match of text.matchAll(/\.Connect(?:Async)?\s*\(/g)) {
        try {
          const call = this.climb(this.root.namedDescendantForIndex(match.index + 1), ['invocation_expression'], 3);
          if (call) this.mailKitConnect(call);
        } catch {
          // one unreadable call must not cost the others
        }
      }
    }
    if (/\bSystem\.Net\.Mail\b/.test(text) || !/\bMailKit\b/.test(text)) {
      for (const match of text.matchAll(/\bnew\s+(?:global::)?(?:System\.Net\.Mail\.)?SmtpClient\b/g)) {
        try {
          const creation = this.climb(this.root.namedDescendantForIndex(match.index), ['object_creation_expression'], 3);
          if (creation) this.systemNetMail(creation);
        } catch {
          // keep the others
        }
      }
    }
  }

  private protocolFor(receiver: string, port: number | undefined): Protocol {
    const escaped = receiver.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/^this\\\./, '');
    const declared = new RegExp(`\\b(Smtp|Imap|Pop3)Client\\??\\s+(?:this\\.)?${escaped}\\b|\\b${escaped}\\s*=\\s*new\\s+(?:[\\w.]+\\.)?(Smtp|Imap|Pop3)Client\\b`).exec(this.text);
    const kind = (declared?.[1] ?? declared?.[2])?.toLowerCase();
    if (kind === 'imap') return 'imap';
    if (kind === 'pop3') return 'pop3';
    if (kind === 'smtp') return 'smtp';
    if (port === 993 || port === 143) return 'imap';
    if (port === 995 || port === 110) return 'pop3';
    return 'smtp';
  }

  private credentialsFor(receiver: string): { range: TextRange } | undefined {
    const call = this.authCalls.find((site) => site.receiver === receiver) ?? (this.authCalls.length === 1 ? this.authCalls[0] : undefined);
    return call ? { range: rangeOf(call.node) } : undefined;
  }

  private certFor(receiver: string, global: boolean): { key: string; range: TextRange; removal: TextEdit } | undefined {
    const found = this.certOff.find((entry) => (global ? entry.global : entry.receiver === receiver)) ?? this.certOff.find((entry) => entry.global);
    return found ? { key: 'ServerCertificateValidationCallback', range: found.statement, removal: found.removal } : undefined;
  }

  private mailKitConnect(call: SyntaxNode): void {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'member_access_expression') return;
    const receiver = fn.childForFieldName('expression')?.text ?? '';
    const args = named(call.childForFieldName('arguments')).map(argumentParts);
    const positional = args.filter((arg) => arg && !arg.name).map((arg) => arg?.value as SyntaxNode);
    const byName = (name: string): SyntaxNode | undefined => args.find((arg) => arg?.name === name)?.value;
    const hostNode = byName('host') ?? positional[0];
    const portNode = byName('port') ?? positional[1];
    const optionNode = byName('options') ?? byName('useSsl') ?? (positional[2]?.type === 'identifier' && /cancel|token|ct$/i.test(positional[2].text) ? undefined : positional[2]);
    if (!hostNode || !portNode) return;
    const optionText = optionNode ? unwrap(optionNode)?.text.replace(/\s+/g, '') : undefined;
    const sso = optionText ? SSO.exec(optionText)?.[1] : undefined;
    const bool = optionNode ? boolValue(optionNode) : undefined;
    // A Connect that is not MailKit's: the file mentions MailKit but this call passes neither shape.
    if (optionNode && sso === undefined && bool === undefined && !/SecureSocketOptions|ssl|secure|tls|socket/i.test(optionNode.text)) return;
    const portValue = intValue(portNode);
    const protocol = this.protocolFor(receiver, portValue);
    const port: Setting<number> | undefined = portValue !== undefined && portValue > 0 ? { value: portValue, range: rangeOf(portNode), key: 'port', origin: 'literal' } : undefined;
    const hostText = stringValue(hostNode);
    const host: Setting<string> = hostText !== undefined ? { value: hostText, range: rangeOf(hostNode), key: 'host', origin: 'literal' } : { value: hostNode.text, range: rangeOf(hostNode), key: 'host', origin: 'env' };

    const choice = sso ?? (bool === true ? 'SslOnConnect' : bool === false ? 'StartTlsWhenAvailable' : optionNode ? undefined : 'Auto');
    const resolved = choice ? mailKitMode(choice as SecureSocketOption, port?.value, protocol) : undefined;
    const mode: TlsModeSetting = resolved?.mode ?? 'unknown';
    const enforced = resolved?.enforced ?? false;
    const explicit = resolved?.explicit ?? true;
    const intent = resolved?.intent;
    const optionRange = optionNode ? rangeOf(unwrap(optionNode) ?? optionNode) : rangeOf(fn.childForFieldName('name') ?? fn);
    const key = optionNode ? (bool !== undefined ? 'useSsl' : 'options') : 'SecureSocketOptions.Auto';
    const valueText = optionNode ? (bool !== undefined ? String(bool) : `SecureSocketOptions.${sso ?? '?'}`) : 'Auto';
    const tlsFlags: TlsFlag[] = intent && optionNode ? [{ key, valueText, intent, range: rangeOf(optionNode) }] : [];
    const credentials = this.credentialsFor(receiver);
    const cert = this.certFor(receiver, false);
    const ssoPrefix = /\busing\s+MailKit\.Security\s*;/.test(this.text) || /(?<!\.)\bSecureSocketOptions\./.test(this.text) ? 'SecureSocketOptions' : 'MailKit.Security.SecureSocketOptions';
    const writeOption = (value: string): TextEdit[] => {
      if (optionNode) return [{ range: rangeOf(unwrap(optionNode) ?? optionNode), newText: `${ssoPrefix}.${value}` }];
      return [{ range: { start: portNode.endIndex, end: portNode.endIndex }, newText: `, ${ssoPrefix}.${value}` }];
    };
    const rewrite: EndpointRewriter = {
      setTlsMode: (target) => (target === 'implicit' ? writeOption('SslOnConnect') : target === 'starttls' ? writeOption('StartTls') : undefined),
      enforceStartTls: () => writeOption('StartTls'),
      setPort: (value) => (port ? [{ range: port.range, newText: String(value) }] : undefined),
      ...(cert ? { enableCertificateVerification: () => [cert.removal] } : {}),
    };
    this.endpoints.push({
      library: 'mailkit',
      format: 'csharp',
      protocol,
      range: rangeOf(call),
      anchor: rangeOf(fn.childForFieldName('name') ?? fn),
      host,
      ...(port ? { port } : {}),
      mode: { value: mode, range: optionRange, key, origin: mode === 'unknown' ? 'env' : explicit ? 'literal' : 'default' },
      modeExplicit: explicit && mode !== 'unknown',
      tlsFlags,
      starttlsEnforced: enforced,
      ...(credentials ? { credentials } : {}),
      ...(cert ? { certificateVerificationOff: { key: cert.key, range: cert.range } } : {}),
      rewrite,
    });
  }

  private systemNetMail(creation: SyntaxNode): void {
    const text = this.text;
    const args = named(creation.childForFieldName('arguments')).map(argumentParts);
    const initializer = creation.childForFieldName('initializer');
    const declarator = this.climb(creation, ['variable_declarator'], 2);
    const assignedTo = this.climb(creation, ['assignment_expression'], 2)?.childForFieldName('left')?.text;
    const variable = declarator?.childForFieldName('name')?.text ?? (declarator ? named(declarator)[0]?.text : undefined) ?? assignedTo;
    interface Prop {
      readonly key: string;
      readonly value: SyntaxNode;
      readonly entry: TextRange;
    }
    const props = new Map<string, Prop>();
    for (const entry of named(initializer)) {
      if (entry.type !== 'assignment_expression') continue;
      const left = entry.childForFieldName('left');
      const right = entry.childForFieldName('right');
      if (left && right) props.set(left.text, { key: left.text, value: right, entry: rangeOf(entry) });
    }
    if (variable) {
      const escaped = variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      for (const match of text.matchAll(new RegExp(`(?<![\\w.])${escaped}\\s*\\.\\s*(Host|Port|EnableSsl|Credentials)\\s*=(?!=)`, 'g'))) {
        const assignment = this.climb(this.root.namedDescendantForIndex(match.index), ['assignment_expression'], 4);
        const right = assignment?.childForFieldName('right');
        if (!assignment || !right || assignment.startIndex < creation.startIndex) continue;
        props.set(match[1] ?? '', { key: match[1] ?? '', value: right, entry: this.statementOf(assignment) });
      }
    }
    const positional = args.filter((arg) => arg && !arg.name).map((arg) => arg?.value as SyntaxNode);
    const hostNode = props.get('Host')?.value ?? positional[0];
    const portNode = props.get('Port')?.value ?? positional[1];
    // MailKit's SmtpClient has no Host/Port/EnableSsl: without any of them this is not System.Net.Mail.
    if (!hostNode && !portNode && !props.has('EnableSsl')) return;
    const portValue = portNode ? intValue(portNode) : undefined;
    const port: Setting<number> | undefined = portNode && portValue !== undefined ? { value: portValue, range: rangeOf(portNode), key: 'Port', origin: 'literal' } : undefined;
    const hostText = stringValue(hostNode);
    const host: Setting<string> | undefined = hostNode ? (hostText !== undefined ? { value: hostText, range: rangeOf(hostNode), key: 'Host', origin: 'literal' } : { value: hostNode.text, range: rangeOf(hostNode), key: 'Host', origin: 'env' }) : undefined;
    const ssl = props.get('EnableSsl');
    const sslValue = ssl ? boolValue(ssl.value) : false;
    const mode: TlsModeSetting = sslValue === true ? 'starttls' : sslValue === false ? 'none' : 'unknown';
    const anchor = rangeOf(creation.childForFieldName('type') ?? creation);
    const tlsFlags: TlsFlag[] = ssl && sslValue !== undefined ? [{ key: 'EnableSsl', valueText: String(sslValue), intent: sslValue ? 'starttls-required' : 'no-tls', range: ssl.entry }] : [];
    const credentialsProp = props.get('Credentials');
    const cert = this.certFor(variable ?? '', true);
    const setSsl = (): TextEdit[] | undefined => {
      if (ssl) return sslValue === true ? [] : [{ range: rangeOf(ssl.value), newText: 'true' }];
      const entries = named(initializer);
      const last = entries[entries.length - 1];
      if (last) return [{ range: { start: last.endIndex, end: last.endIndex }, newText: ', EnableSsl = true' }];
      if (initializer) return undefined;
      const argsNode = creation.childForFieldName('arguments');
      return argsNode ? [{ range: { start: argsNode.endIndex, end: argsNode.endIndex }, newText: ' { EnableSsl = true }' }] : undefined;
    };
    const rewrite: EndpointRewriter = {
      // No implicit TLS in System.Net.Mail: only STARTTLS can be written.
      setTlsMode: (target) => (target === 'starttls' ? setSsl() : undefined),
      enforceStartTls: () => setSsl(),
      setPort: (value) => {
        if (!port) return undefined;
        const edits: TextEdit[] = [{ range: port.range, newText: String(value) }];
        if (value === 587 && ssl && sslValue === false) edits.push({ range: rangeOf(ssl.value), newText: 'true' });
        return edits;
      },
      ...(cert ? { enableCertificateVerification: () => [cert.removal] } : {}),
    };
    this.endpoints.push({
      library: 'system-net-mail',
      format: 'csharp',
      protocol: 'smtp',
      range: rangeOf(creation),
      anchor,
      ...(host ? { host } : {}),
      ...(port ? { port } : {}),
      mode: { value: mode, range: ssl ? rangeOf(ssl.value) : anchor, key: 'EnableSsl', origin: ssl ? (sslValue === undefined ? 'env' : 'literal') : 'default' },
      modeExplicit: ssl !== undefined && sslValue !== undefined,
      tlsFlags,
      starttlsEnforced: sslValue === true,
      ...(credentialsProp ? { credentials: { range: credentialsProp.entry } } : {}),
      ...(cert ? { certificateVerificationOff: { key: cert.key, range: cert.range } } : {}),
      rewrite,
    });
  }
}

export function mayContainCSharpMailConfig(text: string): boolean {
  return /SmtpClient|ImapClient|Pop3Client|MailKit|SecureSocketOptions/.test(text);
}

export const csharpExtractor: Extractor = {
  id: 'csharp',
  appliesTo(fileName: string): boolean {
    return /\.cs$/i.test(fileName);
  },
  filePatterns: ['*.cs'],
  async extract(document: SourceDocument): Promise<MailEndpoint[]> {
    const { text } = document;
    try {
      if (!mayContainCSharpMailConfig(text)) return [];
      return await withSyntaxTree(document.fileName, text, 'c-sharp', (root) => {
        const reader = new Reader(text, root);
        try {
          reader.run();
        } catch {
          // keep what was read
        }
        return reader.endpoints;
      });
    } catch {
      return [];
    }
  },
};
