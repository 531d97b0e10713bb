// One TCP connection of a port probe: a bounded line reader on the clear-text layer, and a TLS
// layer started on the same socket either at once (implicit TLS) or after STARTTLS.
//
// TLS runs over a small duplex that we feed from the raw socket ourselves rather than handing
// the socket to Node. That lets us look at the bytes that arrive before the server's first TLS
// record: after STARTTLS they are injected plaintext (RFC 3207 §6: discard and report), and
// during an implicit-TLS attempt they are a late plaintext greeting (postscreen greet pause).
import { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect, createSecureContext, rootCertificates, type SecureContext, type TLSSocket } from 'node:tls';
import { waitFor, now } from './clock';
import { describeSocketError, StepFailure } from './errors';
import { ByteBudget, decode, LineReader } from './lineReader';
import type { ResolvedOptions } from './options';
import type { Transcript } from './transcript';
import type { TlsSessionInfo } from './types';

/**
 * One TLS context per set of extra CAs, shared by every connection: building a context from
 * Node's ~145 root certificates costs 50–100 ms of CPU, which seven concurrent ports pay on one
 * thread. Old servers must be described, not refused, so the context allows TLS 1.0 and weak
 * parameters and the report says what was negotiated.
 */
const secureContexts = new Map<string, SecureContext>();
function probeSecureContext(extraCa: readonly string[]): SecureContext {
  const key = extraCa.join('\n');
  let context = secureContexts.get(key);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, ...extraCa], minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    // A handful of CA sets per process at most; keep the cache from growing without bound.
    if (secureContexts.size >= 8) secureContexts.clear();
    secureContexts.set(key, context);
  }
  return context;
}

export interface UpgradeSuccess {
  readonly ok: true;
  readonly handshakeMs: number;
  readonly tls: TlsSessionInfo;
  readonly socket: TLSSocket;
  /** Clear-text bytes received after the last reply we read and before the first TLS record. */
  readonly discardedBytes: number;
}

export interface UpgradeFailure {
  readonly ok: false;
  readonly handshakeMs: number;
  readonly failure: StepFailure;
  /** The server sent at least one byte that looked like a TLS record. */
  readonly sawTlsRecord: boolean;
  /** Clear-text bytes the server sent while we waited for TLS. */
  readonly plaintextBytes: number;
  readonly plaintextText: string;
}

// What a TLS record header starts with: handshake (22) or alert (21), then major version 3.
function startsTlsRecord(data: Buffer, index: number): boolean | undefined {
  const type = data[index];
  if (type !== 0x16 && type !== 0x15) return false;
  if (index + 1 >= data.length) return undefined;
  return data[index + 1] === 0x03;
}

const KEEP_DISCARDED_TEXT = 2048;

export class Session {
  readonly reader: LineReader;
  private currentReader: LineReader;
  private readonly budget: ByteBudget;
  private rawSink: ((chunk: Buffer) => void) | undefined;
  private rawClosedWith: StepFailure | undefined;
  private readonly rawCloseListeners = new Set<(failure: StepFailure) => void>();
  private tlsSocket: TLSSocket | undefined;
  inTls = false;
  private tags = 0;

  constructor(
    readonly socket: Socket,
    readonly address: string,
    private readonly options: ResolvedOptions,
    private readonly transcript: Transcript,
    private readonly signal: AbortSignal,
  ) {
    this.budget = new ByteBudget(options.limits.maxTotalBytes);
    this.reader = this.newReader();
    this.currentReader = this.reader;
    this.rawSink = (chunk) => this.reader.push(chunk);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.rawSink?.(chunk));
    socket.on('error', (error) => this.rawEnded(new StepFailure('closed', `connection failed: ${describeSocketError(error).message}`, describeSocketError(error).code)));
    socket.on('end', () => this.rawEnded(new StepFailure('closed', 'the server closed the connection')));
    socket.on('close', () => this.rawEnded(new StepFailure('closed', 'the connection was closed')));
  }

  private newReader(): LineReader {
    return new LineReader(this.options.limits, this.budget, () => this.destroy());
  }

  private rawEnded(failure: StepFailure): void {
    if (this.rawClosedWith) return;
    this.rawClosedWith = failure;
    if (!this.inTls) this.currentReader.end(failure);
    for (const listener of this.rawCloseListeners) listener(failure);
  }

  get closed(): boolean {
    return this.rawClosedWith !== undefined;
  }

  nextTag(): string {
    return `a${++this.tags}`;
  }

  /** The reader of the layer in use: the clear-text one, or the one inside TLS. */
  get lines(): LineReader {
    return this.currentReader;
  }

  send(line: string): void {
    this.transcript.add('client', line, this.inTls);
    const target = this.tlsSocket ?? this.socket;
    if (target.destroyed || !target.writable) return;
    target.write(`${line}\r\n`);
  }

  /** One payload in one write (the injection test needs both commands in one segment). */
  sendRaw(payload: string, shown: readonly string[]): void {
    for (const line of shown) this.transcript.add('client', line, this.inTls);
    const target = this.tlsSocket ?? this.socket;
    if (!target.destroyed && target.writable) target.write(payload);
  }

  async readLine(timeoutMessage: string, deadline = now() + this.options.timeoutMs): Promise<string> {
    const line = await this.currentReader.readLine(deadline, this.signal, timeoutMessage);
    this.transcript.add('server', line, this.inTls);
    return line;
  }

  /**
   * Starts TLS on this connection. For `starttls` every clear-text byte still buffered or
   * arriving before the first TLS record is discarded and counted; for `implicit` such bytes
   * mean the server greets in clear text after all, and the attempt stops at once.
   */
  async upgrade(purpose: 'implicit' | 'starttls', deadline: number): Promise<UpgradeSuccess | UpgradeFailure> {
    const started = now();
    let discarded = 0;
    let discardedText = '';
    const keep = (bytes: Buffer): void => {
      discarded += bytes.length;
      if (discardedText.length < KEEP_DISCARDED_TEXT) discardedText += decode(bytes.subarray(0, KEEP_DISCARDED_TEXT - discardedText.length));
    };
    const early = this.reader.takeRemainder();
    if (early.length > 0) keep(early);

    let sawTlsRecord = false;
    let carry: Buffer | undefined;
    let onPlaintext: (() => void) | undefined;
    const raw = this.socket;
    const feed = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        if (raw.destroyed) callback(new Error('socket closed'));
        else raw.write(chunk, () => callback());
      },
      final(callback) {
        if (!raw.destroyed) raw.end();
        callback();
      },
      destroy(error, callback) {
        callback(error);
      },
    });
    feed.on('error', () => undefined);
    this.rawSink = (chunk) => {
      if (sawTlsRecord) {
        feed.push(chunk);
        return;
      }
      const data = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = undefined;
      let index = 0;
      let found = false;
      for (; index < data.length; index++) {
        const verdict = startsTlsRecord(data, index);
        if (verdict === true) {
          found = true;
          break;
        }
        if (verdict === undefined) {
          carry = Buffer.from(data.subarray(index));
          break;
        }
      }
      if (index > 0) {
        const junk = data.subarray(0, index);
        if (!this.budget.take(junk.length)) {
          this.reader.fail(new StepFailure('limit', `the server sent more than ${this.budget.max} bytes on one connection`));
          return;
        }
        keep(junk);
        onPlaintext?.();
      }
      if (found) {
        sawTlsRecord = true;
        feed.push(data.subarray(index));
      }
    };

    const tlsSocket = tlsConnect({
      socket: feed,
      ...(this.options.sni ? { servername: this.options.sni } : {}),
      // Trust is evaluated, not enforced: the handshake completes so a bad certificate is a
      // finding. Name checks are ours (RFC 7817), so Node's own is switched off.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      secureContext: probeSecureContext(this.options.extraCa),
    });
    tlsSocket.on('error', () => undefined);
    this.tlsSocket = tlsSocket;

    const plaintextFailure = (): StepFailure => new StepFailure('protocol', 'the server sent a clear-text greeting instead of a TLS handshake');
    try {
      await waitFor<void>(deadline, this.signal, `no TLS handshake within ${Math.round(deadline - started)} ms`, (done, fail) => {
        const onClose = (failure: StepFailure): void => fail(new StepFailure('closed', sawTlsRecord ? `${failure.message} during the TLS handshake` : `${failure.message} before the TLS handshake`, failure.code));
        const onError = (error: Error): void => {
          const { message, code } = describeSocketError(error);
          fail(new StepFailure('protocol', message, code));
        };
        if (this.rawClosedWith) onClose(this.rawClosedWith);
        this.rawCloseListeners.add(onClose);
        tlsSocket.once('secureConnect', () => done());
        tlsSocket.once('error', onError);
        if (purpose === 'implicit') {
          onPlaintext = () => fail(plaintextFailure());
          if (discarded > 0) fail(plaintextFailure());
        }
        const limitWatch = setInterval(() => {
          if (this.reader.failed) fail(this.reader.failed);
        }, 50);
        return () => {
          clearInterval(limitWatch);
          this.rawCloseListeners.delete(onClose);
          tlsSocket.removeListener('error', onError);
          onPlaintext = undefined;
        };
      });
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure('protocol', describeSocketError(error).message);
      this.tlsSocket = undefined;
      tlsSocket.destroy();
      if (discarded > 0) this.recordDiscarded(discardedText, discarded, purpose);
      return { ok: false, handshakeMs: Math.round(now() - started), failure, sawTlsRecord, plaintextBytes: discarded, plaintextText: discardedText };
    }

    if (discarded > 0) this.recordDiscarded(discardedText, discarded, purpose);
    this.inTls = true;
    const reader = this.newReader();
    this.currentReader = reader;
    tlsSocket.on('data', (chunk: Buffer) => reader.push(chunk));
    tlsSocket.on('end', () => reader.end(new StepFailure('closed', 'the server closed the TLS connection')));
    tlsSocket.on('close', () => reader.end(new StepFailure('closed', 'the TLS connection was closed')));
    tlsSocket.on('error', (error) => reader.end(new StepFailure('closed', `TLS connection failed: ${describeSocketError(error).message}`, describeSocketError(error).code)));
    this.rawCloseListeners.add((failure) => reader.end(failure));
    const cipher = tlsSocket.getCipher();
    const protocol = tlsSocket.getProtocol();
    const alpn = tlsSocket.alpnProtocol;
    return {
      ok: true,
      handshakeMs: Math.round(now() - started),
      socket: tlsSocket,
      discardedBytes: discarded,
      tls: { version: protocol ?? 'unknown', cipher: cipher?.standardName ?? cipher?.name ?? 'unknown', ...(typeof alpn === 'string' && alpn ? { alpn } : {}) },
    };
  }

  private recordDiscarded(text: string, bytes: number, purpose: 'implicit' | 'starttls'): void {
    for (const line of text.split(/\r?\n/).filter((part, index, all) => part !== '' || index < all.length - 1).slice(0, 20)) this.transcript.add('server', line, false);
    this.transcript.note(
      purpose === 'starttls'
        ? `${bytes} byte(s) arrived after the STARTTLS reply and before the TLS handshake; discarded unread (RFC 3207 §6)`
        : `${bytes} byte(s) of clear text arrived while we waited for a TLS handshake`,
      false,
    );
  }

  /** Polite end: the protocol's goodbye, a short wait for its answer, then the socket goes. */
  async close(goodbye: string | undefined): Promise<void> {
    if (goodbye && !this.closed && !this.currentReader.failed) {
      try {
        this.send(goodbye);
        await this.readLine('no answer to the goodbye', now() + Math.min(1000, this.options.timeoutMs));
      } catch {
        // The answer is a courtesy; its absence changes nothing.
      }
    }
    this.destroy();
  }

  destroy(): void {
    this.tlsSocket?.destroy();
    this.socket.destroy();
  }
}
