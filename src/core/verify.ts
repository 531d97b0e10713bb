// "Verify against server": what one endpoint of a configuration expects, held against what the
// server on that port actually did when probed. Pure, so every verdict is unit-tested without
// a network or an editor; the editor only turns the result into a diagnostic.
//
// Messages quote the library's own failure text (libraries.ts), because the point of verifying
// is to show the error the application *will* print before it is deployed. Plain text, no
// Markdown, like the rule messages: the Problems panel shows backticks as they are.
import { libraryInfo, type LibraryInfo } from './libraries';
import type { MailEndpoint, Severity, TextRange, TlsMode } from './model';
import { isLocalHost, lookupPort, standardPort } from './ports';
import type { CertificateReport, PortReport } from './probe/types';
import { flagText, modeLabel, modeRange } from './rules/shared';

export type VerifyOutcome =
  | 'confirmed' // the server speaks what the configuration expects, TLS and certificate fine
  | 'mode-mismatch' // implicit TLS against a plaintext greeting, or the other way round
  | 'no-tls' // works, but nothing is encrypted (server without STARTTLS, or TLS switched off)
  | 'starttls-failed' // the server offers STARTTLS but the upgrade failed
  | 'certificate' // the mode works; the certificate is a problem
  | 'unreachable' // refused, filtered, unreachable, unresolvable
  | 'no-verdict' // connected, but nothing to judge TLS by (no greeting, rate-limited, error)
  | 'cancelled';

export interface VerifyResult {
  readonly outcome: VerifyOutcome;
  readonly severity: Severity;
  /** One paragraph: what the server did, what the configuration will run into, what to change. */
  readonly message: string;
  /** Where the verdict belongs in the file: the mode setting for mode problems, else the port (or host). */
  readonly range: TextRange;
}

export interface VerifyOptions {
  /** The host actually probed, when it was not written in the file (asked from the user). */
  readonly host?: string;
}

/** Fewer days than this left on a certificate deserves a warning; renewal normally happens at 30. */
const EXPIRY_WARNING_DAYS = 14;

/**
 * What the client will do: the configured mode, with `auto` resolved the way the libraries
 * that produce it (nodemailer, Symfony) resolve it at run time — implicit TLS on the
 * implicit-TLS port, STARTTLS elsewhere.
 */
export function expectedMode(endpoint: MailEndpoint): TlsMode | 'unknown' {
  const mode = endpoint.mode.value;
  if (mode !== 'auto') return mode;
  if (!endpoint.port) return 'unknown';
  return lookupPort(endpoint.port.value, endpoint.protocol)?.mode === 'implicit' ? 'implicit' : 'starttls';
}

/** The host to connect to when the file names it; undefined when it comes from the environment or is not there. */
export function literalHost(endpoint: MailEndpoint): string | undefined {
  const host = endpoint.host;
  if (!host || host.origin === 'env' || host.origin === 'computed') return undefined;
  const value = host.value.trim();
  return value === '' ? undefined : value;
}

export function verifyEndpoint(endpoint: MailEndpoint, report: PortReport, options: VerifyOptions = {}): VerifyResult {
  const host = options.host ?? literalHost(endpoint) ?? report.address ?? '?';
  const facts = new Facts(endpoint, report, host);
  switch (report.verdict) {
    case 'implicit-tls':
      return facts.serverImplicit();
    case 'starttls':
      return facts.serverStarttls();
    case 'starttls-failed':
      return facts.serverStarttlsFailed();
    case 'plaintext':
      return facts.serverPlaintext();
    case 'refused':
    case 'filtered':
    case 'unreachable':
      return facts.unreachable();
    case 'dns-failure':
      return facts.result('unreachable', 'warning', `Could not verify: ${host} does not resolve from this machine (${report.error ?? 'no address'}). Check the spelling, and the DNS where the application runs.`, facts.hostRange);
    case 'no-greeting':
      return facts.result(
        'no-verdict',
        'warning',
        `The server at ${facts.where} accepted the connection but neither greeted in plaintext nor answered a TLS handshake (${report.error ?? 'silence'}). It may not be a mail server, or something on the path holds the connection; no TLS setting can be confirmed here.`,
        facts.portRange,
      );
    case 'rate-limited': {
      const reply = /"([^"]*)"/.exec(report.error ?? '')?.[1] ?? report.error ?? 'a refusal';
      return facts.result('no-verdict', 'information', `The server at ${facts.where} turned the probe away ("${reply}"): busy or rate-limiting, which says nothing about TLS. Try again later.`, facts.portRange);
    }
    case 'error':
      if (report.error === 'cancelled') return facts.result('cancelled', 'information', `Verifying ${facts.where} was cancelled.`, facts.portRange);
      return facts.result('no-verdict', 'warning', `Could not verify ${facts.where}: ${report.error ?? 'unknown failure'}.`, facts.portRange);
  }
}

class Facts {
  readonly library: LibraryInfo;
  readonly expected: TlsMode | 'unknown';
  readonly where: string;
  readonly local: boolean;
  readonly port: number;

  constructor(
    readonly endpoint: MailEndpoint,
    readonly report: PortReport,
    readonly host: string,
  ) {
    this.library = libraryInfo(endpoint.library);
    this.expected = expectedMode(endpoint);
    this.port = report.port;
    this.where = `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${report.port}`;
    this.local = isLocalHost(host);
  }

  get modeRange(): TextRange {
    return modeRange(this.endpoint);
  }

  get portRange(): TextRange {
    const port = this.endpoint.port;
    return port && port.origin !== 'default' ? port.range : this.endpoint.anchor;
  }

  get hostRange(): TextRange {
    const host = this.endpoint.host;
    return host && host.origin !== 'default' ? host.range : this.endpoint.anchor;
  }

  result(outcome: VerifyOutcome, severity: Severity, message: string, range: TextRange): VerifyResult {
    return { outcome, severity, message, range };
  }

  /** The setting that chose the mode, as the user wrote it, or who chose it when nobody wrote it. */
  get configured(): string {
    const endpoint = this.endpoint;
    const mode = endpoint.mode;
    const deciding = endpoint.tlsFlags.find((flag) => flag.key === mode.key);
    if (deciding && mode.origin !== 'default' && mode.origin !== 'preset') {
      if (/:\/\/$/.test(deciding.valueText) || deciding.key.toLowerCase() === 'scheme') return `the ${deciding.valueText} scheme`;
      return flagText(endpoint, deciding);
    }
    const label = this.expected === 'unknown' ? 'its mode' : modeLabel(this.expected);
    if (mode.origin === 'preset') return `the service preset (${label})`;
    if (mode.origin === 'default' || !endpoint.modeExplicit) return `${this.library.name}'s default for port ${this.port} (${label})`;
    return mode.key;
  }

  /** Where the mode comes from when the file does not show it, for "must select …" advice. */
  get unknownModeSource(): string {
    const mode = this.endpoint.mode;
    return mode.envName ? `${mode.key}, read from ${mode.envName}` : mode.key;
  }

  private otherPort(mode: 'implicit' | 'starttls'): number {
    return standardPort(this.endpoint.protocol, mode);
  }

  private tlsVersion(): string {
    return this.report.tls?.version ?? 'TLS';
  }

  // ---- the server speaks implicit TLS

  serverImplicit(): VerifyResult {
    const version = this.tlsVersion();
    switch (this.expected) {
      case 'implicit':
        return this.withCertificate(`${this.where} speaks implicit TLS (${version})`);
      case 'unknown':
        return this.withCertificate(`${this.where} speaks implicit TLS (${version})`, ` The TLS mode is not visible in this file (${this.unknownModeSource}): it must select implicit TLS for this port.`);
      case 'starttls':
      case 'none': {
        const asks = this.expected === 'starttls' ? 'asks for STARTTLS' : 'switches TLS off';
        return this.result(
          'mode-mismatch',
          this.softened('error'),
          `The server at ${this.where} expects TLS from the first byte (implicit TLS, ${version}) — ${this.configured} ${asks}, so ${this.library.name} ${this.library.plaintextOnImplicitPort}. ` +
            `Use implicit TLS on port ${this.port}, or keep STARTTLS and use port ${this.otherPort('starttls')}.`,
          this.modeRange,
        );
      }
    }
  }

  // ---- the server greets in plaintext

  private implicitAgainstPlaintext(offers: string): VerifyResult {
    const noTls = this.report.verdict === 'plaintext';
    return this.result(
      'mode-mismatch',
      this.softened('error'),
      `The server at ${this.where} greets in plaintext and ${offers} — ${this.configured} asks for implicit TLS, so ${this.library.name} ${this.library.implicitOnPlaintextPort}. ` +
        (noTls
          ? `This port offers no TLS at all: use the server's implicit-TLS port (${this.otherPort('implicit')}) if it has one.`
          : `Use STARTTLS on port ${this.port}, or keep implicit TLS and use port ${this.otherPort('implicit')}.`),
      this.modeRange,
    );
  }

  serverStarttls(): VerifyResult {
    const version = this.tlsVersion();
    switch (this.expected) {
      case 'implicit':
        return this.implicitAgainstPlaintext('offers STARTTLS');
      case 'starttls': {
        const notEnforced =
          !this.endpoint.starttlsEnforced && !this.local
            ? ' This configuration does not insist on STARTTLS, so a server reply with STARTTLS removed would go unnoticed.'
            : '';
        return this.withCertificate(`${this.where} greets in plaintext and upgrades with STARTTLS (${version})`, notEnforced);
      }
      case 'unknown':
        return this.withCertificate(
          `${this.where} greets in plaintext and upgrades with STARTTLS (${version})`,
          ` The TLS mode is not visible in this file (${this.unknownModeSource}): it must select STARTTLS for this port.`,
        );
      case 'none':
        if (this.local) {
          return this.result('confirmed', 'information', `Confirmed: ${this.where} greets in plaintext, matching ${this.configured}; it also offers STARTTLS (${version}).`, this.modeRange);
        }
        return this.result(
          'no-tls',
          'warning',
          `The server at ${this.where} offers STARTTLS (${version}), but ${this.configured} switches TLS off: mail${this.endpoint.credentials ? ' and the password' : ''} cross the network readable, and servers that insist answer '530 Must issue a STARTTLS command first'. Turn STARTTLS on and require it.`,
          this.modeRange,
        );
    }
  }

  serverStarttlsFailed(): VerifyResult {
    if (this.expected === 'implicit') return this.implicitAgainstPlaintext('offers STARTTLS');
    const reason = this.report.error ?? 'the handshake failed';
    if (this.expected === 'none') {
      return this.result(
        'no-tls',
        this.local ? 'information' : 'warning',
        `The server at ${this.where} offers STARTTLS but the upgrade fails (${reason}), and ${this.configured} switches TLS off anyway: nothing is encrypted.`,
        this.modeRange,
      );
    }
    const consequence = this.endpoint.starttlsEnforced
      ? `${this.library.name} stops here, because STARTTLS is required`
      : `${this.library.name} fails here, or, where STARTTLS is optional, carries on unencrypted`;
    return this.result(
      'starttls-failed',
      this.expected === 'unknown' ? 'warning' : 'error',
      `The server at ${this.where} offers STARTTLS, but the TLS upgrade fails: ${reason}. ${consequence}. Check the certificate and TLS versions with Mail TLS: Probe Mail Host.`,
      this.modeRange,
    );
  }

  serverPlaintext(): VerifyResult {
    const head = `The server at ${this.where} greets in plaintext and does not offer STARTTLS`;
    switch (this.expected) {
      case 'implicit':
        return this.implicitAgainstPlaintext('does not offer STARTTLS');
      case 'starttls':
        if (this.endpoint.starttlsEnforced) {
          const enforcing = this.endpoint.tlsFlags.find((flag) => flag.intent === 'starttls-required');
          const who = enforcing ? flagText(this.endpoint, enforcing) : 'this configuration';
          return this.result('no-tls', this.softened('error'), `${head} — ${who} requires STARTTLS, so ${this.library.name} refuses to go on (e.g. 'does not support required STARTTLS').`, enforcing?.range ?? this.modeRange);
        }
        if (this.local) {
          return this.result('no-tls', 'information', `${head}; ${this.library.name} goes on in plaintext, which is usual for a local test server.`, this.modeRange);
        }
        return this.result(
          'no-tls',
          'warning',
          `${head}; ${this.library.name} goes on in plaintext and sends mail${this.endpoint.credentials ? ' and the password' : ''} readable. If this server is meant to offer STARTTLS, something on the path may be removing it.`,
          this.modeRange,
        );
      case 'none':
        if (this.local) return this.result('confirmed', 'information', `Confirmed: ${this.where} greets in plaintext without STARTTLS, matching ${this.configured} (fine for a local test server).`, this.modeRange);
        return this.result('no-tls', 'warning', `${head}, matching ${this.configured} — it works, but mail${this.endpoint.credentials ? ' and the password' : ''} cross the network readable.`, this.modeRange);
      case 'unknown':
        return this.result(
          'no-tls',
          this.local ? 'information' : 'warning',
          `${head}: only a configuration without TLS works here, and nothing is encrypted. The TLS mode is not visible in this file (${this.unknownModeSource}).`,
          this.modeRange,
        );
    }
  }

  // ---- no connection, or nothing to judge

  unreachable(): VerifyResult {
    const report = this.report;
    const reason = report.error ?? report.verdict;
    let advice = '';
    if (report.verdict === 'refused') {
      advice = ' Check host and port; inside a container, localhost is the container itself.';
    } else if (report.verdict === 'filtered') {
      advice = ` From here a client would wait until its connection timeout ('Connection timeout', ETIMEDOUT).`;
      if (this.port === 25 && !this.local) advice += ' Outbound port 25 is blocked by most cloud providers: submit on 587 (STARTTLS) or 465 (implicit TLS).';
    }
    return this.result('unreachable', 'warning', `Could not verify ${this.where} from this machine: ${reason}.${advice}`, this.portRange);
  }

  // ---- TLS works; what about the certificate

  private withCertificate(spoke: string, extra = ''): VerifyResult {
    const certificate = this.report.certificate;
    if (!certificate) {
      return this.result('confirmed', 'information', `Confirmed: ${spoke}; no certificate details were available.${extra}`, this.portRange);
    }
    const problems = certificateProblems(certificate);
    if (problems.length === 0) {
      const days = certificate.daysRemaining;
      const daysText = `${days} ${days === 1 ? 'day' : 'days'}`;
      if (days < EXPIRY_WARNING_DAYS) {
        const until = certificate.chain[0]?.validTo.slice(0, 10);
        return this.result(
          'certificate',
          'warning',
          `${spoke}, certificate trusted — but it expires in ${daysText}${until ? ` (${until})` : ''}. Renew it before clients fail with 'certificate has expired'.${extra}`,
          this.portRange,
        );
      }
      return this.result('confirmed', 'information', `Confirmed: ${spoke}, certificate trusted, ${daysText} left.${extra}`, this.portRange);
    }
    const off = this.endpoint.certificateVerificationOff;
    const severity: Severity = off || this.local ? 'warning' : 'error';
    const tail = off
      ? ` Certificate checks are off here (${off.key}), so the connection works, but it cannot tell the real server from an impostor.`
      : this.local
        ? ' For a local test server, give the client its CA rather than switching checks off.'
        : '';
    return this.result('certificate', severity, `${spoke}, but ${problems.join('; ')}.${tail}${extra}`, this.portRange);
  }

  private softened(severity: Severity): Severity {
    return severity === 'error' && this.endpoint.reading?.certainty === 'inferred' ? 'warning' : severity;
  }
}

/** What a client that checks certificates will trip over, each with the error it prints. */
export function certificateProblems(certificate: CertificateReport): string[] {
  const problems: string[] = [];
  const leaf = certificate.chain[0];
  if (certificate.expired) {
    problems.push(`the certificate expired${leaf ? ` on ${leaf.validTo.slice(0, 10)}` : ''} — clients fail with 'certificate has expired'`);
  } else if (certificate.notYetValid) {
    problems.push(`the certificate is not valid before ${leaf?.validFrom.slice(0, 10) ?? '?'} — clients fail with 'certificate is not yet valid' (or the server's clock is wrong)`);
  }
  if (!certificate.trusted && !certificate.expired && !certificate.notYetValid) {
    const code = certificate.trustError ?? '';
    if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN' || (leaf?.selfSigned && certificate.chain.length === 1)) {
      problems.push(`the certificate is self-signed${code ? ` (${code})` : ''} — clients that check certificates fail with 'self-signed certificate'`);
    } else if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') {
      problems.push(`the server sends no intermediate certificate (${code}) — clients fail with 'unable to verify the first certificate'`);
    } else {
      problems.push(`the certificate is not trusted${code ? ` (${code})` : ''} — clients fail with 'unable to get local issuer certificate' or 'certificate verify failed'`);
    }
  }
  if (!certificate.nameMatches) {
    const names = leaf?.subjectAltNames.length ? leaf.subjectAltNames.slice(0, 4).join(', ') + (leaf.subjectAltNames.length > 4 ? ', …' : '') : (leaf?.subject ?? '?');
    problems.push(`the certificate does not name ${certificate.referenceName} (it names ${names}) — clients fail with "Hostname/IP does not match certificate's altnames"`);
  }
  return problems;
}
