// The swaks-style record of one port: what we sent, what the server said, and our notes,
// each marked as in the clear or inside TLS. Bounded so a chatty server cannot grow it.
import { now } from './clock';
import type { TranscriptDirection, TranscriptLine } from './types';

const MAX_LINE_CHARS = 1000;
const MAX_ENTRIES = 400;

export class Transcript {
  private readonly entries: TranscriptLine[] = [];
  private dropped = 0;

  constructor(private readonly startedAt: number) {}

  add(direction: TranscriptDirection, text: string, inTls: boolean): void {
    if (this.entries.length >= MAX_ENTRIES) {
      this.dropped++;
      return;
    }
    const clipped = text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}… (${text.length - MAX_LINE_CHARS} more characters)` : text;
    this.entries.push({ direction, inTls, text: clipped, atMs: Math.round(now() - this.startedAt) });
  }

  note(text: string, inTls: boolean): void {
    this.add('note', text, inTls);
  }

  lines(): TranscriptLine[] {
    if (this.dropped === 0) return [...this.entries];
    return [...this.entries, { direction: 'note', inTls: false, text: `transcript truncated: ${this.dropped} more lines not kept`, atMs: this.entries[this.entries.length - 1]?.atMs ?? 0 }];
  }
}
