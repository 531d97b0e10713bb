// The page's half of vscode.l10n. The page cannot call vscode.l10n.t, so the host hands it the
// extension's bundle for the current language (vscode.l10n.bundle, the parsed
// l10n/bundle.l10n.<language>.json; undefined for English) as a JSON block in the page's HTML,
// and t() looks messages up in it exactly as vscode.l10n.t does: the English message is the
// key ("message/comment" when a comment tells two uses of one word apart), and {0}, {1}, …
// are filled in afterwards. A message missing from the bundle shows in English.
//
// DOM-free and Node-free: the host imports serializeBundle, unit tests import all of it.

/** The id of the `<script type="application/json">` that carries the bundle. */
export const L10N_ELEMENT_ID = 'mail-tls-l10n';

export type L10nBundle = Readonly<Record<string, string>>;

/** Like vscode.l10n.t's object form: the comment becomes part of the key. */
export interface L10nMessage {
  readonly message: string;
  readonly comment: string;
}

export type L10nArg = string | number;

let bundle: L10nBundle | undefined;

// The little of the DOM this needs, typed here so the host (no DOM types) can import the file.
interface PageDocument {
  getElementById(id: string): { readonly textContent: string | null } | null;
  readonly documentElement: { readonly lang: string };
}
const pageDocument = (): PageDocument | undefined => (globalThis as { document?: PageDocument }).document;

/** Only string translations survive (l10n-dev's `{ message, comment }` values are unwrapped). */
export function sanitizeBundle(value: unknown): L10nBundle {
  const clean: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return clean;
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry === 'string') clean[key] = entry;
    else if (typeof entry === 'object' && entry !== null && typeof (entry as { message?: unknown }).message === 'string') clean[key] = (entry as { message: string }).message;
  }
  return clean;
}

/** Replaces the bundle (tests; the page reads its own from the DOM on first use). */
export function setL10nBundle(value: unknown): void {
  bundle = sanitizeBundle(value);
}

function currentBundle(): L10nBundle {
  if (bundle !== undefined) return bundle;
  bundle = {};
  const page = pageDocument();
  if (page) {
    const text = page.getElementById(L10N_ELEMENT_ID)?.textContent;
    if (text) {
      try {
        bundle = sanitizeBundle(JSON.parse(text));
      } catch {
        // A broken bundle leaves the page in English rather than blank.
      }
    }
  }
  return bundle;
}

function lookup(message: string | L10nMessage): string {
  const key = typeof message === 'string' ? message : `${message.message}/${message.comment}`;
  const english = typeof message === 'string' ? message : message.message;
  const translated = currentBundle()[key];
  return typeof translated === 'string' && translated !== '' ? translated : english;
}

const PLACEHOLDER = /\{(\d+)\}/g;

/** Fills {0}, {1}, … like vscode.l10n.t; a placeholder without an argument stays as it is. */
export function format(template: string, args: readonly L10nArg[]): string {
  return template.replace(PLACEHOLDER, (all, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? all : String(value);
  });
}

/** The current language's text for an English message, with {0}, {1}, … filled in. */
export function t(message: string | L10nMessage, ...args: L10nArg[]): string {
  return format(lookup(message), args);
}

/**
 * Like t(), but the arguments may be anything (elements, say): returns the translated text cut
 * at its placeholders with the arguments in between, so a sentence with inline code keeps its
 * word order in every language.
 */
export function tx<T>(message: string | L10nMessage, ...args: T[]): (string | T)[] {
  const template = lookup(message);
  const parts: (string | T)[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = Number(match[1]);
    if (index >= args.length) continue;
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push(args[index] as T);
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/**
 * The bundle as the content of a `<script type="application/json">`: JSON in which `<`, `>`,
 * `&` and the JavaScript line separators are escaped, so no translation can end the element
 * or start markup, whatever it contains.
 */
export function serializeBundle(value: unknown): string {
  return JSON.stringify(sanitizeBundle(value)).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A BCP 47-ish tag fit for `<html lang>`; anything else becomes "en". */
export function pageLanguage(language: string | undefined): string {
  return language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(language) ? language : 'en';
}

/** The page's language, as the host wrote it into `<html lang>`; for number formats. */
export function pageLocale(): string {
  return pageLanguage(pageDocument()?.documentElement.lang);
}
