// The probe's contract: what a plan asks, what each port reports, and the events that stream
// results as each port finishes. The CLI, the panel and JSON output all read these types.
import type { Protocol } from '../model';

/** One verdict vocabulary everywhere: engine, CLI, panel, JSON. */
export type PortVerdict =
  | 'implicit-tls' // TLS from the first byte completed
  | 'starttls' // plaintext greeting, STARTTLS/STLS offered and the upgrade completed
  | 'starttls-failed' // offered, but the upgrade failed (reason in `error`)
  | 'plaintext' // plaintext greeting, no STARTTLS offered
  | 'refused' // the host answered the SYN with a reset at once
  | 'filtered' // no answer to the SYN within the connect timeout
  | 'unreachable' // the network said no route / host unreachable / prohibited
  | 'dns-failure' // the host name does not resolve
  | 'no-greeting' // connected, but neither a greeting nor a TLS handshake
  | 'rate-limited' // 421 and the like: the server turned us away, no TLS verdict
  | 'error'; // anything else, with the reason

export interface PortTarget {
  readonly port: number;
  readonly protocol: Protocol;
}

export interface ProbeOptions {
  /** Host name or IP as the user typed it; certificates are matched against it (RFC 7817). */
  readonly host: string;
  readonly targets: readonly PortTarget[];
  /** Per step: connect, greeting, each reply, the TLS handshake. Default 4000 ms. */
  readonly timeoutMs?: number;
  /** Extra trusted CAs (PEM), added to Node's bundled roots. */
  readonly extraCa?: readonly string[];
  /** SNI and the name the certificate must match; defaults to `host` when it is a name. */
  readonly servername?: string;
  /** Name sent in EHLO; default `mail-tls-doctor.invalid`. */
  readonly ehloName?: string;
  /** Opt-in STARTTLS command-injection test (EAST / testssl.sh method). */
  readonly starttlsInjection?: boolean;
  readonly signal?: AbortSignal;
  /** Bounds against hostile servers. */
  readonly limits?: Partial<ProbeLimits>;
  /** Restrict to one address family, or let the probe try the host's addresses in turn. */
  readonly family?: 4 | 6;
}

export interface ProbeLimits {
  /** Longest line accepted from a server, bytes. */
  readonly maxLineBytes: number;
  /** Largest multi-line reply, bytes. */
  readonly maxReplyBytes: number;
  /** Everything read on one connection, bytes. */
  readonly maxTotalBytes: number;
  /** Lines in one multi-line reply. */
  readonly maxReplyLines: number;
}

export type TranscriptDirection = 'client' | 'server' | 'note';

export interface TranscriptLine {
  readonly direction: TranscriptDirection;
  /** True once the TLS handshake on this connection has completed. */
  readonly inTls: boolean;
  /** Text as received, decoded as UTF-8 with invalid bytes replaced; never a secret. */
  readonly text: string;
  /** Milliseconds since the probe of this port started. */
  readonly atMs: number;
}

export interface CertificateInfo {
  readonly subject: string;
  readonly subjectAltNames: readonly string[];
  readonly issuer: string;
  readonly validFrom: string; // ISO 8601
  readonly validTo: string; // ISO 8601
  readonly keyType: string; // 'rsa' | 'ec' | 'ed25519' …
  readonly keyBits?: number;
  readonly fingerprintSha256: string;
  readonly serialNumber: string;
  readonly selfSigned: boolean;
}

export interface CertificateReport {
  /** Leaf first, as the server sent it. */
  readonly chain: readonly CertificateInfo[];
  /** Path validation against Node's CAs plus the extra CAs. */
  readonly trusted: boolean;
  /** Node/OpenSSL's code when not trusted (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE, …). */
  readonly trustError?: string;
  /** Matches the reference name by RFC 7817 (DNS-ID, left-most whole-label wildcard only; CN only without SANs). */
  readonly nameMatches: boolean;
  readonly referenceName: string;
  readonly expired: boolean;
  readonly notYetValid: boolean;
  readonly daysRemaining: number;
}

export interface TlsSessionInfo {
  readonly version: string; // 'TLSv1.3'
  readonly cipher: string;
  readonly alpn?: string;
}

export interface CapabilityFacts {
  /** Capabilities as listed before TLS (EHLO lines, CAPABILITY, CAPA). */
  readonly beforeTls: readonly string[];
  /** Capabilities after TLS (re-issued after STARTTLS, or on the implicit-TLS connection). */
  readonly afterTls: readonly string[];
  /** AUTH mechanisms offered before TLS; PLAIN/LOGIN here mean clear-text passwords are invited. */
  readonly authBeforeTls: readonly string[];
  readonly authAfterTls: readonly string[];
  readonly cleartextAuthOffered: boolean;
  /** IMAP LOGINDISABLED before TLS. */
  readonly loginDisabledBeforeTls?: boolean;
  /** RFC 3207 §4.2: a server must not offer STARTTLS again after TLS. */
  readonly starttlsAfterTls: boolean;
}

export interface PortTimings {
  readonly connectMs?: number;
  readonly greetingMs?: number;
  readonly handshakeMs?: number;
  readonly totalMs: number;
}

export interface InjectionResult {
  readonly outcome: 'vulnerable' | 'probably-vulnerable' | 'not-vulnerable' | 'inconclusive';
  readonly detail: string;
}

export interface PortReport {
  readonly port: number;
  readonly protocol: Protocol;
  readonly verdict: PortVerdict;
  /** The address actually used (after DNS), e.g. '127.0.0.1' or '::1'. */
  readonly address?: string;
  /** Plain-words reason for refused/filtered/error/no-greeting/rate-limited/starttls-failed. */
  readonly error?: string;
  /** The server's first greeting line(s), as text. */
  readonly banner?: string;
  readonly tls?: TlsSessionInfo;
  readonly certificate?: CertificateReport;
  readonly capabilities?: CapabilityFacts;
  /** Bytes received after the STARTTLS reply and before the handshake (RFC 3207 §6): discarded, reported. */
  readonly injectedBytesBeforeTls?: number;
  readonly injection?: InjectionResult;
  /** Findings in plain words that fit no other field (IMAP PREAUTH, a capability list refused or missing after TLS, …). */
  readonly notes?: readonly string[];
  readonly timings: PortTimings;
  /** How many TCP connections this port took: at most two decide the mode; the opt-in injection test adds one. */
  readonly connections: number;
  readonly transcript: readonly TranscriptLine[];
}

export type ProbeEvent =
  | { readonly type: 'start'; readonly host: string; readonly targets: readonly PortTarget[] }
  | { readonly type: 'resolved'; readonly addresses: readonly string[] }
  | { readonly type: 'port'; readonly report: PortReport }
  | { readonly type: 'done'; readonly report: HostReport };

export interface HostReport {
  readonly host: string;
  readonly addresses: readonly string[];
  readonly startedAt: string; // ISO 8601
  readonly durationMs: number;
  readonly ports: readonly PortReport[];
  readonly cancelled: boolean;
}

// ---- DNS around the host -------------------------------------------------------------

export interface DnsOptions {
  /** The mail domain (for MX, SRV, MTA-STS, TLS-RPT); defaults to the probed host. */
  readonly domain: string;
  /** DNS servers as 'ip' or 'ip:port' (tests point this at a local dnsmasq); default: the system's. */
  readonly servers?: readonly string[];
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** For tests: where the MTA-STS policy host listens and which extra CAs it may use. */
  readonly mtaStsHttps?: { readonly port?: number; readonly extraCa?: readonly string[] };
}

export interface SrvService {
  /** `_submissions._tcp`, `_submission._tcp`, `_imaps._tcp`, `_imap._tcp`, `_pop3s._tcp`, `_pop3._tcp`. */
  readonly label: string;
  readonly records: readonly { readonly target: string; readonly port: number; readonly priority: number; readonly weight: number }[];
  /** RFC 6186 §3.4: a single record with target "." says the service is not offered. */
  readonly notOffered: boolean;
  readonly error?: string;
}

export interface MtaStsReport {
  readonly txt?: string;
  readonly id?: string;
  readonly policy?: { readonly version: string; readonly mode: 'enforce' | 'testing' | 'none'; readonly maxAge: number; readonly mx: readonly string[] };
  /** MX hosts that no `mx:` pattern of the policy covers (RFC 8461 §4.1). */
  readonly mxNotCovered?: readonly string[];
  readonly error?: string;
}

export interface TlsRptReport {
  readonly txt?: string;
  readonly rua?: readonly string[];
  readonly error?: string;
}

export interface TlsaReport {
  readonly host: string;
  readonly records: readonly { readonly usage: number; readonly selector: number; readonly matchingType: number; readonly data: string }[];
  /** Node does not validate DNSSEC: TLSA answers are shown, never trusted. */
  readonly validated: false;
  readonly error?: string;
}

export interface DnsReport {
  readonly domain: string;
  readonly mx: readonly { readonly exchange: string; readonly priority: number }[];
  readonly mxError?: string;
  readonly srv: readonly SrvService[];
  readonly mtaSts: MtaStsReport;
  readonly tlsRpt: TlsRptReport;
  readonly tlsa: readonly TlsaReport[];
  readonly durationMs: number;
}
