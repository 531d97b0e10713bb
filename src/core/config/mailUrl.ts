// Connection URLs (`smtps://user:pass@host:465/?opt=1`, Symfony DSNs) with the exact range of
// every part, so rules can point at the scheme or the port and fixes can rewrite only that.
// WHATWG URL is not used: it normalises away the very things we must point at, such as the
// default port, and it rejects half-typed URLs we still want to read.
import type { TextEdit, TextRange } from '../model';

export interface UrlPart {
  readonly text: string;
  readonly range: TextRange;
}

export interface MailUrl {
  readonly range: TextRange;
  /** Lower-cased scheme without `://` (`smtp`, `smtps`, `smtp+tls`). */
  readonly scheme: UrlPart;
  readonly user?: UrlPart;
  /** Present when the URL carries a password; only its range is kept, never shown. */
  readonly passwordRange?: TextRange;
  readonly host?: UrlPart;
  readonly port?: UrlPart & { readonly value: number };
  /** Where `:port` would be inserted (right after the host). */
  readonly portInsertAt: number;
  readonly query: readonly (UrlPart & { readonly key: string; readonly value: string; readonly valueRange: TextRange })[];
}

const URL_PATTERN = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * Parses a mail URL found at `offset` in the document. Returns undefined for anything that
 * is not `scheme://…`. Never throws.
 */
export function parseMailUrl(text: string, offset: number): MailUrl | undefined {
  const schemeMatch = URL_PATTERN.exec(text);
  if (!schemeMatch || schemeMatch[1] === undefined) return undefined;
  const schemeText = schemeMatch[1];
  let cursor = schemeMatch[0].length;
  const authorityEnd = firstIndexOf(text, ['/', '?', '#'], cursor);
  const authority = text.slice(cursor, authorityEnd);
  let user: UrlPart | undefined;
  let passwordRange: TextRange | undefined;
  const at = authority.lastIndexOf('@');
  let hostStart = cursor;
  if (at >= 0) {
    const userInfo = authority.slice(0, at);
    const colon = userInfo.indexOf(':');
    const userText = colon >= 0 ? userInfo.slice(0, colon) : userInfo;
    user = { text: safeDecode(userText), range: { start: offset + cursor, end: offset + cursor + userText.length } };
    if (colon >= 0) passwordRange = { start: offset + cursor + colon + 1, end: offset + cursor + at };
    hostStart = cursor + at + 1;
  }
  const hostPort = text.slice(hostStart, authorityEnd);
  let hostText = hostPort;
  let port: MailUrl['port'];
  // IPv6 literals keep their colons inside brackets.
  const portColon = hostPort.startsWith('[') ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.lastIndexOf(':');
  if (portColon >= 0) {
    hostText = hostPort.slice(0, portColon);
    const portText = hostPort.slice(portColon + 1);
    const portStart = offset + hostStart + portColon + 1;
    if (/^\d{1,5}$/.test(portText)) {
      port = { text: portText, value: Number(portText), range: { start: portStart, end: portStart + portText.length } };
    }
  }
  const host = hostText.length > 0 ? { text: safeDecode(hostText), range: { start: offset + hostStart, end: offset + hostStart + hostText.length } } : undefined;
  const portInsertAt = offset + hostStart + hostText.length;

  const query: MailUrl['query'][number][] = [];
  const questionMark = text.indexOf('?', authorityEnd);
  if (questionMark >= 0) {
    cursor = questionMark + 1;
    const queryEnd = text.indexOf('#', cursor) >= 0 ? text.indexOf('#', cursor) : text.length;
    for (const pair of text.slice(cursor, queryEnd).split('&')) {
      const pairStart = cursor;
      cursor += pair.length + 1;
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      const key = equals >= 0 ? pair.slice(0, equals) : pair;
      const value = equals >= 0 ? pair.slice(equals + 1) : '';
      const valueStart = offset + pairStart + (equals >= 0 ? equals + 1 : pair.length);
      query.push({
        text: pair,
        key: safeDecode(key),
        value: safeDecode(value),
        range: { start: offset + pairStart, end: offset + pairStart + pair.length },
        valueRange: { start: valueStart, end: valueStart + value.length },
      });
    }
  }

  return {
    range: { start: offset, end: offset + text.length },
    scheme: { text: schemeText.toLowerCase(), range: { start: offset, end: offset + schemeText.length } },
    ...(user ? { user } : {}),
    ...(passwordRange ? { passwordRange } : {}),
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    portInsertAt,
    query,
  };
}

function firstIndexOf(text: string, needles: string[], from: number): number {
  let best = text.length;
  for (const needle of needles) {
    const index = text.indexOf(needle, from);
    if (index >= 0 && index < best) best = index;
  }
  return best;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A change to a URL's query: set `name` to `value`, or remove it with `null`. */
export type QueryChange = readonly [name: string, value: string | null];

/**
 * Rewrites the whole query of `url` (found in `text`) in one edit, so removing `auto_tls=false`
 * and adding `require_tls=true` cannot leave a dangling `&` or a missing `?`. Untouched pairs
 * keep their text. Undefined when nothing changes.
 */
export function urlQueryEdit(text: string, url: MailUrl, changes: readonly QueryChange[]): TextEdit | undefined {
  const question = text.indexOf('?', url.portInsertAt);
  const hasQuery = question >= 0 && question < url.range.end;
  const hash = text.indexOf('#', hasQuery ? question : url.portInsertAt);
  const end = hash >= 0 && hash < url.range.end ? hash : url.range.end;
  let pairs = url.query.map((pair) => ({ key: pair.key.toLowerCase(), text: pair.text }));
  for (const [name, value] of changes) {
    const key = name.toLowerCase();
    const last = pairs.map((pair) => pair.key).lastIndexOf(key);
    if (value === null) pairs = pairs.filter((pair) => pair.key !== key);
    else if (last >= 0) pairs = pairs.filter((pair, index) => pair.key !== key || index === last).map((pair) => (pair.key === key ? { key, text: `${name}=${value}` } : pair));
    else pairs.push({ key, text: `${name}=${value}` });
  }
  const newText = pairs.length > 0 ? `?${pairs.map((pair) => pair.text).join('&')}` : '';
  const range = hasQuery ? { start: question, end } : { start: end, end };
  if (text.slice(range.start, range.end) === newText) return undefined;
  return { range, newText };
}
