// The normalised model every extractor produces and every rule reads.
// Extractors know a library's syntax and semantics; rules know neither. Everything a rule
// needs to judge an endpoint, or to rewrite it, travels in these types.

export type Protocol = 'smtp' | 'imap' | 'pop3';

/** How TLS is used on a connection. One vocabulary everywhere: engine, messages, settings, JSON. */
export type TlsMode = 'implicit' | 'starttls' | 'none';

/**
 * What a configuration asks for. `auto` means the library decides from the port at run time
 * (nodemailer with `secure` unset); `unknown` means the value is not visible in the file
 * (read from the environment, computed from the port, …).
 */
export type TlsModeSetting = TlsMode | 'auto' | 'unknown';

/** Offsets into the document text, in UTF-16 code units like JavaScript strings and VS Code. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

/**
 * Where a value came from. Rules use it to decide how sure they can be, messages use it to
 * say "when SMTP_PORT is unset".
 * - literal: written in the file
 * - fallback: the literal default in `process.env.X || 587`
 * - default: not written; the library's default applies
 * - preset: from a library preset such as nodemailer's `service: 'Gmail'`
 * - url: from a connection URL in the file
 * - env: read from an environment variable whose value is not visible here
 * - computed: derived by an expression (`secure: port === 465`)
 */
export type ValueOrigin = 'literal' | 'fallback' | 'default' | 'preset' | 'url' | 'env' | 'computed';

export interface Setting<T> {
  readonly value: T;
  /** The characters that carry the value (the literal, the fallback literal, the URL part). */
  readonly range: TextRange;
  /** The key as the user wrote it (`secure`, `SMTP_PORT`, `MAIL_SCHEME`), for messages. */
  readonly key: string;
  readonly origin: ValueOrigin;
  /** The environment variable read, when there is one (`SMTP_PORT` in `process.env.SMTP_PORT || 587`). */
  readonly envName?: string;
}

/** What one TLS-related flag, as written, asks the library to do. */
export type TlsIntent =
  | 'implicit' // TLS from the first byte (secure: true, smtps://, EMAIL_USE_SSL)
  | 'starttls' // upgrade with STARTTLS, opportunistic (secure: false, EMAIL_USE_TLS)
  | 'starttls-required' // STARTTLS and fail without it (requireTLS, doSTARTTLS: true)
  | 'no-tls'; // never encrypt (ignoreTLS, autotls: 'never', auto_tls=false)

export interface TlsFlag {
  readonly key: string;
  /** The value as written, for messages (`true`, `"smtps"`, `'always'`). */
  readonly valueText: string;
  readonly intent: TlsIntent;
  /** The whole `key: value` entry, for highlighting. */
  readonly range: TextRange;
  /** An edit that deletes the entry cleanly (with its separator), when the syntax allows it. */
  readonly removal?: TextEdit;
  /** Set when the value is an environment string handed unparsed to a boolean option. */
  readonly unparsedEnvString?: { readonly envName: string; readonly valueRange: TextRange };
}

/**
 * Edits in the endpoint's own syntax. Rules ask for an outcome ("make the mode STARTTLS");
 * the extractor that knows the format says how to write it, or returns undefined when it cannot.
 */
export interface EndpointRewriter {
  setTlsMode?(mode: TlsMode, options?: { readonly enforce?: boolean }): TextEdit[] | undefined;
  setPort?(port: number): TextEdit[] | undefined;
  enforceStartTls?(): TextEdit[] | undefined;
  enableCertificateVerification?(): TextEdit[] | undefined;
  /** Turn an environment string into a real boolean (`process.env.X === 'true'`). */
  parseEnvBoolean?(flag: TlsFlag): TextEdit[] | undefined;
}

export interface MailEndpoint {
  /** The library or tool whose semantics were applied, an id from `libraries.ts`. */
  readonly library: string;
  /** The format the text was read as (`javascript`, `dotenv`, `json`). */
  readonly format: string;
  readonly protocol: Protocol;
  /** The whole configuration (object literal, URL, block of .env keys). */
  readonly range: TextRange;
  /** Where a diagnostic about the endpoint as a whole goes: the call or the first key. */
  readonly anchor: TextRange;

  readonly host?: Setting<string>;
  /** The port the library will connect to; absent when it cannot be known from the file. */
  readonly port?: Setting<number>;

  /** The effective mode after the library's own rules (nodemailer's 465 auto rule, Symfony's port rule). */
  readonly mode: Setting<TlsModeSetting>;
  /** True when the mode was chosen by the user, false when the library picked it from its defaults. */
  readonly modeExplicit: boolean;
  readonly tlsFlags: readonly TlsFlag[];
  /** STARTTLS must succeed or the library stops (requireTLS, doSTARTTLS: true, require_tls=true). */
  readonly starttlsEnforced: boolean;

  /** Credentials are configured (a user or password is present; the value is never kept). */
  readonly credentials?: { readonly range: TextRange };
  /** Certificate checks switched off, and where. */
  readonly certificateVerificationOff?: { readonly key: string; readonly range: TextRange };

  /**
   * How the keys were interpreted when the file alone does not say (which framework a .env
   * belongs to). Rules append it to messages; `inferred` lowers errors to warnings.
   */
  readonly reading?: { readonly note: string; readonly certainty: 'certain' | 'inferred' };

  readonly rewrite: EndpointRewriter;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix an editor applies from "Fix all" and marks as preferred. */
  readonly preferred: boolean;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: TextRange;
  readonly related: readonly { readonly range: TextRange; readonly message: string }[];
  readonly docsUrl: string;
  readonly fixes: readonly Fix[];
  /** The endpoint the finding is about, for hovers and "verify against server". */
  readonly endpoint: MailEndpoint;
}

/** One extractor per format. Extractors never throw: a half-typed file yields what parses. */
export interface Extractor {
  readonly id: string;
  /** Cheap test on the file name alone. */
  appliesTo(fileName: string): boolean;
  /**
   * Glob name patterns (no folders, no nested braces) that cover every file `appliesTo` accepts,
   * so an editor can search a workspace for candidates without listing every file.
   */
  readonly filePatterns: readonly string[];
  extract(document: SourceDocument): Promise<MailEndpoint[]> | MailEndpoint[];
}

export interface SourceDocument {
  readonly fileName: string;
  readonly text: string;
  /** An editor's document version; lets parsers reuse their previous tree. */
  readonly version?: number;
  /**
   * Reads a file next to this one or in a parent folder (`composer.lock`, `Gemfile.lock`,
   * `package.json`), for settings whose meaning changed across library versions. Searches
   * upwards from the document's folder at most `maxLevels` folders (default 4). Undefined when
   * the face cannot read files (an untitled document); resolves undefined when nothing is found.
   */
  readonly readNearby?: (fileName: string, maxLevels?: number) => Promise<{ readonly path: string; readonly text: string } | undefined>;
}
