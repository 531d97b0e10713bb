// Server text as the panel shows it. The DOM builder already inserts every string as a text
// node, so HTML in a banner is inert; this goes further for what a text node still lets
// through: control characters that would vanish or reflow, and bidirectional overrides that
// could make a banner read differently from the bytes it holds. Pure, so it is unit-tested.

const MAX_DISPLAY_CHARS = 2000;

// C0 except tab, DEL, C1 (which includes the 8-bit CSI).
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
// Embeddings, overrides and isolates (the "Trojan Source" characters), plus the zero-width
// marks that can hide inside a host name.
const BIDI_AND_INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function escapeCode(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Visible, one-line, bounded form of a string a server sent. */
export function displayText(text: string, maxChars: number = MAX_DISPLAY_CHARS): string {
  const clipped = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return clipped.replace(CONTROL, escapeCode).replace(BIDI_AND_INVISIBLE, escapeCode);
}

/** Milliseconds for a table cell: "12 ms", "1.2 s" ("1,2 s" in German), or an en dash for unknown. */
export function formatMs(ms: number | undefined, locale = 'en'): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const digits = ms < 10_000 ? 1 : 0;
  let number: string;
  try {
    number = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(ms / 1000);
  } catch {
    number = (ms / 1000).toFixed(digits);
  }
  return `${number} s`;
}
