// The DNS around a mail domain: MX, the RFC 6186/8314 SRV records, MTA-STS (TXT and the
// HTTPS policy), TLS-RPT and TLSA for each MX. Every query is bounded by the caller's
// timeout and signal; nothing here throws — each failure lands in the report beside the
// answers that did arrive, because a half-answered lookup is still worth showing.
import { promises as dnsPromises, getServers, type LookupAddress, type LookupOptions } from 'node:dns';
import { createSocket } from 'node:dgram';
import type { ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, connect as netConnect, type LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { domainToASCII } from 'node:url';
import type { DnsOptions, DnsReport, MtaStsReport, SrvService, TlsRptReport, TlsaReport } from './types';

const DEFAULT_TIMEOUT_MS = 4000;
/** RFC 8461 §3.3 leaves the cap to implementations; 64 KiB is what deployed senders use. */
const MTA_STS_MAX_BODY = 64 * 1024;
/** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
const MTA_STS_MAX_AGE = 31_557_600;
/** A hostile zone could list hundreds of MX hosts; a TLSA query each is not worth that. */
const MAX_TLSA_HOSTS = 10;
const MAX_DNS_SERVERS_FOR_TLSA = 3;

export const SRV_LABELS = ['_submissions._tcp', '_submission._tcp', '_imaps._tcp', '_imap._tcp', '_pop3s._tcp', '_pop3._tcp'] as const;

export async function lookupMailDns(options: DnsOptions): Promise<DnsReport> {
  const started = Date.now();
  const timeoutMs = positiveOr(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const domain = normaliseName(options.domain);
  if (!domain) {
    const error = `"${options.domain}" is not a valid domain name`;
    return {
      domain: options.domain,
      mx: [],
      mxError: error,
      srv: SRV_LABELS.map((label) => ({ label, records: [], notOffered: false, error })),
      mtaSts: { error },
      tlsRpt: { error },
      tlsa: [],
      durationMs: Date.now() - started,
    };
  }

  // c-ares retries with a growing timeout; half the budget per try leaves room for one retry
  // of a lost UDP packet, and our own timer below is the hard bound either way.
  const resolver = new dnsPromises.Resolver({ timeout: Math.max(50, Math.floor(timeoutMs / 2)), tries: 2 });
  const servers = parseServers(options.servers);
  let setupError: string | undefined;
  if (servers.error) setupError = servers.error;
  else if (servers.list.length > 0) {
    try {
      resolver.setServers(servers.list.map(formatServerForCares));
    } catch (err) {
      setupError = `invalid DNS server list: ${messageOf(err)}`;
    }
  }

  const ctx: LookupContext = { resolver, timeoutMs, signal: options.signal, cleanups: new Set() };
  const onAbort = (): void => {
    resolver.cancel();
    for (const cleanup of ctx.cleanups) cleanup();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    if (setupError) {
      const error = setupError;
      return {
        domain,
        mx: [],
        mxError: error,
        srv: SRV_LABELS.map((label) => ({ label, records: [], notOffered: false, error })),
        mtaSts: { error },
        tlsRpt: { error },
        tlsa: [],
        durationMs: Date.now() - started,
      };
    }

    const mxPromise = lookupMx(ctx, domain);
    const srvPromise = Promise.all(SRV_LABELS.map((label) => lookupSrv(ctx, label, domain)));
    const tlsRptPromise = lookupTlsRpt(ctx, domain);
    const stsTxtPromise = lookupMtaStsTxt(ctx, domain);

    const mx = await mxPromise;
    const tlsaHosts = [...new Set(mx.records.map((r) => r.exchange).filter((name) => name !== '.' && name !== ''))].slice(0, MAX_TLSA_HOSTS);
    const tlsaServers = servers.list.length > 0 ? servers.list : systemServers();
    const tlsaPromise = Promise.all(tlsaHosts.map((host) => lookupTlsa(ctx, host, tlsaServers)));
    const mtaStsPromise = stsTxtPromise.then((txt) => completeMtaSts(ctx, domain, txt, mx.error ? undefined : mx.records, options.mtaStsHttps));

    const [srv, tlsRpt, mtaSts, tlsa] = await Promise.all([srvPromise, tlsRptPromise, mtaStsPromise, tlsaPromise]);
    return {
      domain,
      mx: mx.records,
      ...(mx.error ? { mxError: mx.error } : {}),
      srv,
      mtaSts,
      tlsRpt,
      tlsa,
      durationMs: Date.now() - started,
    };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Queries our own timer gave up on may still be pending inside c-ares.
    resolver.cancel();
    for (const cleanup of ctx.cleanups) cleanup();
  }
}

interface LookupContext {
  readonly resolver: dnsPromises.Resolver;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** Sockets and requests still open, closed on abort and when the lookup returns. */
  readonly cleanups: Set<() => void>;
}

// ---- MX and SRV -----------------------------------------------------------------------

async function lookupMx(ctx: LookupContext, domain: string): Promise<{ records: { exchange: string; priority: number }[]; error?: string }> {
  try {
    const answers = await bounded(ctx, ctx.resolver.resolveMx(domain));
    const records = answers
      .map((a) => ({ exchange: rootOrName(a.exchange), priority: a.priority }))
      .sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
    return { records };
  } catch (err) {
    // No MX at an existing name is a fact (RFC 5321 §5.1 falls back to the A record), not a failure.
    if (codeOf(err) === 'ENODATA') return { records: [] };
    return { records: [], error: describeDnsError(err, domain, 'MX', ctx.timeoutMs) };
  }
}

async function lookupSrv(ctx: LookupContext, label: string, domain: string): Promise<SrvService> {
  const name = `${label}.${domain}`;
  try {
    const answers = await bounded(ctx, ctx.resolver.resolveSrv(name));
    const records = answers
      .map((a) => ({ target: rootOrName(a.name), port: a.port, priority: a.priority, weight: a.weight }))
      .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    const only = records.length === 1 ? records[0] : undefined;
    return { label, records, notOffered: only !== undefined && only.target === '.' };
  } catch (err) {
    const code = codeOf(err);
    // A missing SRV record just means the domain does not advertise that service.
    if (code === 'ENODATA' || code === 'ENOTFOUND') return { label, records: [], notOffered: false };
    return { label, records: [], notOffered: false, error: describeDnsError(err, name, 'SRV', ctx.timeoutMs) };
  }
}

// ---- TXT-based policies ---------------------------------------------------------------

type TxtResult = { kind: 'records'; records: string[] } | { kind: 'none' } | { kind: 'error'; error: string };

async function lookupTxt(ctx: LookupContext, name: string): Promise<TxtResult> {
  try {
    const answers = await bounded(ctx, ctx.resolver.resolveTxt(name));
    // One TXT record may arrive as several character-strings; RFC 8461/8460 read them joined.
    return { kind: 'records', records: answers.map((chunks) => chunks.join('')) };
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENODATA' || code === 'ENOTFOUND') return { kind: 'none' };
    return { kind: 'error', error: describeDnsError(err, name, 'TXT', ctx.timeoutMs) };
  }
}

type StsTxt = { txt?: string; id?: string; error?: string };

async function lookupMtaStsTxt(ctx: LookupContext, domain: string): Promise<StsTxt> {
  const name = `_mta-sts.${domain}`;
  const result = await lookupTxt(ctx, name);
  if (result.kind === 'error') return { error: result.error };
  if (result.kind === 'none') return {};
  // RFC 8461 §3.1: records that do not start with "v=STSv1" are someone else's; more than one
  // that does means "no policy" for a sender, which a user needs to hear as an error.
  const sts = result.records.filter((r) => /^v=STSv1\s*(;|$)/.test(r));
  if (sts.length === 0) return {};
  if (sts.length > 1) return { txt: sts.join(' | '), error: `${sts.length} "v=STSv1" TXT records at ${name}; senders ignore MTA-STS unless there is exactly one (RFC 8461 §3.1)` };
  const txt = sts[0] as string;
  const fields = parseTagList(txt);
  const id = fields.get('id');
  if (id === undefined) return { txt, error: `the MTA-STS record at ${name} has no "id=" field (RFC 8461 §3.1)` };
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) return { txt, id, error: `the MTA-STS id "${id}" must be 1 to 32 letters and digits (RFC 8461 §3.1)` };
  return { txt, id };
}

async function lookupTlsRpt(ctx: LookupContext, domain: string): Promise<TlsRptReport> {
  const name = `_smtp._tls.${domain}`;
  const result = await lookupTxt(ctx, name);
  if (result.kind === 'error') return { error: result.error };
  if (result.kind === 'none') return {};
  // The transposed "TSLRPTv1" is a common typo that silently disables reporting.
  const typo = result.records.find((r) => /^v=TSLRPTv1/i.test(r));
  const rpt = result.records.filter((r) => /^v=TLSRPTv1\s*(;|$)/.test(r));
  if (rpt.length === 0) {
    if (typo !== undefined) return { txt: typo, error: `the record at ${name} starts with "v=TSLRPTv1", a typo for "v=TLSRPTv1": senders ignore it (RFC 8460 §3)` };
    return {};
  }
  if (rpt.length > 1) return { txt: rpt.join(' | '), error: `${rpt.length} "v=TLSRPTv1" TXT records at ${name}; senders ignore TLS-RPT unless there is exactly one (RFC 8460 §3)` };
  const txt = rpt[0] as string;
  const ruaField = parseTagList(txt).get('rua');
  if (ruaField === undefined || ruaField.trim() === '') return { txt, error: `the TLS-RPT record at ${name} has no "rua=" field (RFC 8460 §3)` };
  const rua = ruaField.split(',').map((u) => u.trim()).filter((u) => u.length > 0);
  const bad = rua.find((u) => !/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/i.test(u));
  if (bad !== undefined) return { txt, rua, error: `TLS-RPT "rua" must be mailto: or https: URIs; "${bad}" is neither (RFC 8460 §3)` };
  return { txt, rua };
}

/** `k=v; k=v` as used by MTA-STS and TLS-RPT TXT records. Later duplicates do not override. */
function parseTagList(txt: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of txt.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    if (!fields.has(key)) fields.set(key, part.slice(eq + 1).trim());
  }
  return fields;
}

// ---- MTA-STS policy -------------------------------------------------------------------

async function completeMtaSts(
  ctx: LookupContext,
  domain: string,
  txt: StsTxt,
  mx: readonly { exchange: string }[] | undefined,
  https: DnsOptions['mtaStsHttps'],
): Promise<MtaStsReport> {
  const base: { txt?: string; id?: string } = {};
  if (txt.txt !== undefined) base.txt = txt.txt;
  if (txt.id !== undefined) base.id = txt.id;
  // A sender fetches the policy only behind one valid TXT record; reporting the same keeps
  // the panel's story and the sender's behaviour in step.
  if (txt.error !== undefined) return { ...base, error: txt.error };
  if (txt.txt === undefined) return base;

  const host = `mta-sts.${domain}`;
  const fetched = await fetchPolicy(ctx, host, https?.port ?? 443, https?.extraCa ?? []);
  if ('error' in fetched) return { ...base, error: fetched.error };
  const parsed = parsePolicy(fetched.body);
  if ('error' in parsed) return { ...base, error: parsed.error };
  const report: MtaStsReport = { ...base, policy: parsed.policy };
  if (mx === undefined || parsed.policy.mode === 'none') return report;
  const exchanges = mx.map((m) => m.exchange).filter((e) => e !== '.');
  return { ...report, mxNotCovered: exchanges.filter((e) => !parsed.policy.mx.some((pattern) => mxPatternMatches(pattern, e))) };
}

type Policy = NonNullable<MtaStsReport['policy']>;

export function parsePolicy(body: string): { policy: Policy } | { error: string } {
  let version: string | undefined;
  let mode: string | undefined;
  let maxAgeText: string | undefined;
  const mx: string[] = [];
  // RFC 8461 §3.2: "key: value" lines separated by CRLF (LF tolerated in practice); unknown keys are ignored.
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: `the MTA-STS policy has a line that is not "key: value": ${JSON.stringify(truncate(line, 80))}` };
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'version') version ??= value;
    else if (key === 'mode') mode ??= value;
    else if (key === 'max_age') maxAgeText ??= value;
    else if (key === 'mx') mx.push(value.toLowerCase().replace(/\.$/, ''));
  }
  if (version !== 'STSv1') return { error: version === undefined ? 'the MTA-STS policy has no "version: STSv1" line' : `the MTA-STS policy version is "${version}", not "STSv1"` };
  if (mode !== 'enforce' && mode !== 'testing' && mode !== 'none') return { error: mode === undefined ? 'the MTA-STS policy has no "mode" line' : `the MTA-STS policy mode "${mode}" is not enforce, testing or none` };
  if (maxAgeText === undefined || !/^\d{1,10}$/.test(maxAgeText)) return { error: maxAgeText === undefined ? 'the MTA-STS policy has no "max_age" line' : `the MTA-STS max_age "${maxAgeText}" is not a whole number of seconds` };
  const maxAge = Number(maxAgeText);
  if (maxAge > MTA_STS_MAX_AGE) return { error: `the MTA-STS max_age ${maxAge} is above the limit of ${MTA_STS_MAX_AGE} seconds (RFC 8461 §3.2)` };
  if (mode !== 'none' && mx.length === 0) return { error: `the MTA-STS policy in mode "${mode}" lists no "mx" pattern, so no MX host can qualify` };
  return { policy: { version, mode, maxAge, mx } };
}

/** RFC 8461 §4.1: exact name, or "*." matching exactly one extra left-most label. */
export function mxPatternMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(1); // ".example.com"
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, h.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

function fetchPolicy(ctx: LookupContext, host: string, port: number, extraCa: readonly string[]): Promise<{ body: string } | { error: string }> {
  return new Promise((resolve) => {
    const url = `https://${host}${port === 443 ? '' : `:${port}`}/.well-known/mta-sts.txt`;
    let settled = false;
    const finish = (result: { body: string } | { error: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.cleanups.delete(cleanup);
      req.destroy();
      resolve(result);
    };
    const cleanup = (): void => finish({ error: `fetching ${url} was cancelled` });
    // One deadline for lookup, connect, handshake and body: a policy server that trickles bytes
    // must not hold the report.
    const timer = setTimeout(() => finish({ error: `fetching ${url} timed out after ${ctx.timeoutMs} ms` }), ctx.timeoutMs);
    let req: ClientRequest;
    try {
      req = httpsRequest({
      host,
      port,
      path: '/.well-known/mta-sts.txt',
      method: 'GET',
      servername: host,
      // RFC 8461 §3.3 wants a certificate valid for the WebPKI; extra CAs are for local tests.
      ca: extraCa.length > 0 ? [...rootCertificates, ...extraCa] : undefined,
      rejectUnauthorized: true,
      agent: false,
      lookup: resolverLookup(ctx),
      headers: { accept: 'text/plain', 'user-agent': 'mail-tls-doctor' },
      });
    } catch (err) {
      // Options Node rejects synchronously (a malformed extra CA, say) must not escape as a throw.
      settled = true;
      clearTimeout(timer);
      resolve({ error: `fetching ${url} failed: ${messageOf(err)}` });
      return;
    }
    ctx.cleanups.add(cleanup);
    if (ctx.signal?.aborted) {
      cleanup();
      return;
    }
    req.on('error', (err) => finish({ error: describeFetchError(err, url) }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        const location = typeof res.headers.location === 'string' ? ` to ${truncate(res.headers.location, 200)}` : '';
        finish({ error: `${url} answered ${status}, a redirect${location}; RFC 8461 §3.3 forbids following it` });
        return;
      }
      if (status !== 200) {
        finish({ error: `${url} answered HTTP ${status}; only 200 counts (RFC 8461 §3.3)` });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MTA_STS_MAX_BODY) {
          finish({ error: `${url} sent more than ${MTA_STS_MAX_BODY / 1024} KiB; the policy was not read` });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish({ body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => finish({ error: describeFetchError(err, url) }));
    });
    req.end();
  });
}

/** net's `lookup` hook, answered by our resolver so the policy host is found where MX was. */
function resolverLookup(ctx: LookupContext): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const literal = isIP(hostname);
    const found: Promise<LookupAddress[]> =
      literal !== 0
        ? Promise.resolve([{ address: hostname, family: literal }])
        : Promise.all([
            family === 6 ? Promise.resolve([]) : bounded(ctx, ctx.resolver.resolve4(hostname)).catch(() => [] as string[]),
            family === 4 ? Promise.resolve([]) : bounded(ctx, ctx.resolver.resolve6(hostname)).catch(() => [] as string[]),
          ]).then(([v4, v6]) => [...v4.map((address) => ({ address, family: 4 })), ...v6.map((address) => ({ address, family: 6 }))]);
    found.then(
      (addresses) => {
        const first = addresses[0];
        if (!first) {
          const err: NodeJS.ErrnoException = new Error(`${hostname} has no A or AAAA record`);
          err.code = 'ENOTFOUND';
          callback(err, '', 0);
        } else if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}

// ---- TLSA -----------------------------------------------------------------------------
// Node 20's resolver has no TLSA type (resolveTlsa arrived in 22.15/23.9), so the query is
// asked directly on the wire: one UDP question with EDNS0, TCP when the answer is truncated.
// The answers are shown, never trusted: without DNSSEC validation they prove nothing.

const TYPE_TLSA = 52;

async function lookupTlsa(ctx: LookupContext, host: string, servers: readonly DnsServer[]): Promise<TlsaReport> {
  const name = `_25._tcp.${host}`;
  if (servers.length === 0) return { host, records: [], validated: false, error: 'no DNS server is configured for the TLSA query' };
  let lastError = 'no DNS server answered';
  for (const server of servers.slice(0, MAX_DNS_SERVERS_FOR_TLSA)) {
    if (ctx.signal?.aborted) return { host, records: [], validated: false, error: 'cancelled' };
    const result = await queryTlsa(ctx, name, server);
    if ('records' in result) return { host, records: result.records, validated: false };
    if ('nxdomain' in result) return { host, records: [], validated: false };
    lastError = result.error;
    if (!result.tryNext) break;
  }
  return { host, records: [], validated: false, error: lastError };
}

type TlsaRecord = TlsaReport['records'][number];
type QueryResult = { records: TlsaRecord[] } | { nxdomain: true } | { error: string; tryNext: boolean };

async function queryTlsa(ctx: LookupContext, name: string, server: DnsServer): Promise<QueryResult> {
  const id = Math.floor(Math.random() * 0x10000);
  const query = encodeQuery(id, name, TYPE_TLSA);
  if (!query) return { error: `${name} is not a valid DNS name`, tryNext: false };
  const udp = await exchangeUdp(ctx, server, query);
  if ('error' in udp) return { error: udp.error, tryNext: true };
  let parsed = parseResponse(udp.response, id);
  if (!('error' in parsed) && parsed.truncated) {
    const tcp = await exchangeTcp(ctx, server, query);
    if ('error' in tcp) return { error: tcp.error, tryNext: true };
    parsed = parseResponse(tcp.response, id);
  }
  if ('error' in parsed) return { error: `${name} TLSA: ${parsed.error}`, tryNext: true };
  switch (parsed.rcode) {
    case 0:
      return { records: parsed.tlsa };
    case 3:
      return { nxdomain: true };
    case 2:
      return { error: `${name} TLSA: server failure (SERVFAIL) from ${formatServer(server)}`, tryNext: true };
    case 5:
      return { error: `${name} TLSA: ${formatServer(server)} refused the query`, tryNext: true };
    default:
      return { error: `${name} TLSA: DNS error code ${parsed.rcode} from ${formatServer(server)}`, tryNext: true };
  }
}

function exchangeUdp(ctx: LookupContext, server: DnsServer, query: Buffer): Promise<{ response: Buffer } | { error: string }> {
  return new Promise((resolve) => {
    const socket = createSocket(server.family === 6 ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (result: { response: Buffer } | { error: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.cleanups.delete(cleanup);
      try {
        socket.close();
      } catch {
        // already closed by an error
      }
      resolve(result);
    };
    const cleanup = (): void => finish({ error: 'cancelled' });
    ctx.cleanups.add(cleanup);
    const timer = setTimeout(() => finish({ error: `no TLSA answer from ${formatServer(server)} within ${ctx.timeoutMs} ms` }), ctx.timeoutMs);
    socket.on('error', (err) => finish({ error: `TLSA query to ${formatServer(server)} failed: ${messageOf(err)}` }));
    socket.on('message', (msg, rinfo) => {
      // Only the server we asked may answer; anything else on this port is noise or spoofing.
      if (rinfo.port !== server.port || normaliseAddress(rinfo.address) !== normaliseAddress(server.address)) return;
      if (msg.length < 2 || msg.readUInt16BE(0) !== query.readUInt16BE(0)) return;
      finish({ response: msg });
    });
    if (ctx.signal?.aborted) {
      cleanup();
      return;
    }
    socket.send(query, server.port, server.address, (err) => {
      if (err) finish({ error: `TLSA query to ${formatServer(server)} failed: ${messageOf(err)}` });
    });
  });
}

/** DNS answers over TCP are at most 64 KiB by construction (16-bit length prefix). */
function exchangeTcp(ctx: LookupContext, server: DnsServer, query: Buffer): Promise<{ response: Buffer } | { error: string }> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: server.address, port: server.port });
    let settled = false;
    let received = Buffer.alloc(0);
    const finish = (result: { response: Buffer } | { error: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.cleanups.delete(cleanup);
      socket.destroy();
      resolve(result);
    };
    const cleanup = (): void => finish({ error: 'cancelled' });
    ctx.cleanups.add(cleanup);
    const timer = setTimeout(() => finish({ error: `no TLSA answer over TCP from ${formatServer(server)} within ${ctx.timeoutMs} ms` }), ctx.timeoutMs);
    socket.on('error', (err) => finish({ error: `TLSA query over TCP to ${formatServer(server)} failed: ${messageOf(err)}` }));
    socket.on('close', () => finish({ error: `${formatServer(server)} closed the TCP connection before answering` }));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2) {
        const length = received.readUInt16BE(0);
        if (received.length >= 2 + length) finish({ response: received.subarray(2, 2 + length) });
      }
    });
    if (ctx.signal?.aborted) {
      cleanup();
      return;
    }
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.length, 0);
    socket.write(Buffer.concat([prefix, query]));
  });
}

function encodeQuery(id: number, name: string, type: number): Buffer | undefined {
  const labels = name.replace(/\.$/, '').split('.');
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // RD: let the server recurse
  header.writeUInt16BE(1, 4); // one question
  header.writeUInt16BE(1, 10); // one additional: the EDNS0 OPT record
  parts.push(header);
  let total = 1;
  for (const label of labels) {
    const bytes = Buffer.from(label, 'ascii');
    if (bytes.length === 0 || bytes.length > 63) return undefined;
    total += bytes.length + 1;
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  if (total > 255) return undefined;
  const tail = Buffer.alloc(5 + 11);
  tail.writeUInt8(0, 0); // root label
  tail.writeUInt16BE(type, 1);
  tail.writeUInt16BE(1, 3); // class IN
  // OPT: root name, type 41, UDP payload 1232 (the DNS flag day size that avoids fragmentation).
  tail.writeUInt8(0, 5);
  tail.writeUInt16BE(41, 6);
  tail.writeUInt16BE(1232, 8);
  tail.writeUInt32BE(0, 10);
  tail.writeUInt16BE(0, 14);
  parts.push(tail);
  return Buffer.concat(parts);
}

type ParsedResponse = { rcode: number; truncated: boolean; tlsa: TlsaRecord[] } | { error: string };

function parseResponse(msg: Buffer, id: number): ParsedResponse {
  try {
    if (msg.length < 12) return { error: 'answer shorter than a DNS header' };
    if (msg.readUInt16BE(0) !== id) return { error: 'answer for another query' };
    const flags = msg.readUInt16BE(2);
    if ((flags & 0x8000) === 0) return { error: 'not a DNS answer' };
    const truncated = (flags & 0x0200) !== 0;
    const rcode = flags & 0x000f;
    const qdcount = msg.readUInt16BE(4);
    const ancount = msg.readUInt16BE(6);
    let offset = 12;
    for (let i = 0; i < qdcount; i++) offset = skipName(msg, offset) + 4;
    const tlsa: TlsaRecord[] = [];
    for (let i = 0; i < ancount; i++) {
      offset = skipName(msg, offset);
      if (offset + 10 > msg.length) return { error: 'answer record cut short' };
      const type = msg.readUInt16BE(offset);
      const rdlength = msg.readUInt16BE(offset + 8);
      const rdata = offset + 10;
      if (rdata + rdlength > msg.length) return { error: 'answer record cut short' };
      // CNAMEs may precede the TLSA records in the answer; only TLSA rdata is read.
      if (type === TYPE_TLSA && rdlength >= 3) {
        tlsa.push({
          usage: msg.readUInt8(rdata),
          selector: msg.readUInt8(rdata + 1),
          matchingType: msg.readUInt8(rdata + 2),
          data: msg.subarray(rdata + 3, rdata + rdlength).toString('hex'),
        });
      }
      offset = rdata + rdlength;
    }
    return { rcode, truncated, tlsa };
  } catch {
    return { error: 'malformed DNS answer' };
  }
}

/** Returns the offset after a (possibly compressed) name; throws on anything malformed. */
function skipName(msg: Buffer, start: number): number {
  let offset = start;
  for (let steps = 0; steps < 128; steps++) {
    const len = msg.readUInt8(offset);
    if (len === 0) return offset + 1;
    if ((len & 0xc0) === 0xc0) return offset + 2; // a pointer ends the name in place
    if ((len & 0xc0) !== 0) throw new Error('bad label type');
    offset += 1 + len;
    if (offset >= msg.length) throw new Error('name runs past the message');
  }
  throw new Error('name too long');
}

// ---- servers, names, errors -----------------------------------------------------------

interface DnsServer {
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
}

function parseServers(input: readonly string[] | undefined): { list: DnsServer[]; error?: string } {
  const list: DnsServer[] = [];
  for (const raw of input ?? []) {
    const server = parseServer(raw.trim());
    if (!server) return { list: [], error: `"${raw}" is not a DNS server address (use "ip", "ip:port" or "[ipv6]:port")` };
    list.push(server);
  }
  return { list };
}

function parseServer(text: string): DnsServer | undefined {
  let address = text;
  let port = 53;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) {
    address = bracketed[1] as string;
    if (bracketed[2] !== undefined) port = Number(bracketed[2]);
  } else if (isIP(text) === 0) {
    const withPort = /^([^:]+):(\d{1,5})$/.exec(text);
    if (!withPort) return undefined;
    address = withPort[1] as string;
    port = Number(withPort[2]);
  }
  const family = isIP(address);
  if (family === 0 || port < 1 || port > 65535) return undefined;
  return { address, port, family: family === 6 ? 6 : 4 };
}

function formatServerForCares(server: DnsServer): string {
  if (server.port === 53) return server.address;
  return server.family === 6 ? `[${server.address}]:${server.port}` : `${server.address}:${server.port}`;
}

function formatServer(server: DnsServer): string {
  return server.family === 6 ? `[${server.address}]:${server.port}` : `${server.address}:${server.port}`;
}

function systemServers(): DnsServer[] {
  return getServers()
    .map((s) => parseServer(s))
    .filter((s): s is DnsServer => s !== undefined);
}

function normaliseAddress(address: string): string {
  return address.replace(/^::ffff:/, '').toLowerCase();
}

/** Lower-case ASCII (IDNs to punycode) without the trailing dot; '' when not a usable name. */
function normaliseName(input: string): string {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '' || isIP(trimmed) !== 0) return '';
  const ascii = domainToASCII(trimmed).toLowerCase();
  if (ascii === '' || ascii.length > 253) return '';
  return ascii.split('.').every((label) => label.length > 0 && label.length <= 63) ? ascii : '';
}

/** c-ares gives the root name as '' (null MX, SRV "not offered"); the RFCs write it '.'. */
function rootOrName(name: string): string {
  const n = name.replace(/\.$/, '').toLowerCase();
  return n === '' ? '.' : n;
}

/** Races a resolver promise against the caller's budget, so a slow server cannot stretch it. */
function bounded<T>(ctx: LookupContext, promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const err: NodeJS.ErrnoException = new Error('timeout');
      err.code = 'ETIMEOUT';
      reject(err);
    }, ctx.timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describeDnsError(err: unknown, name: string, type: string, timeoutMs: number): string {
  switch (codeOf(err)) {
    case 'ENOTFOUND':
      return `${name} does not exist (NXDOMAIN)`;
    case 'ENODATA':
      return `${name} has no ${type} record`;
    case 'ETIMEOUT':
      return `no answer for ${name} ${type} within ${timeoutMs} ms`;
    case 'ESERVFAIL':
      return `the DNS server failed on ${name} ${type} (SERVFAIL)`;
    case 'EREFUSED':
      return `the DNS server refused the ${name} ${type} query`;
    case 'ECONNREFUSED':
      return `the DNS server refused the connection for ${name} ${type}`;
    case 'ECANCELLED':
      return `the ${name} ${type} lookup was cancelled`;
    case 'EBADRESP':
    case 'EFORMERR':
      return `malformed DNS answer for ${name} ${type}`;
    default:
      return `${name} ${type} lookup failed: ${messageOf(err)}`;
  }
}

const CERT_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function describeFetchError(err: unknown, url: string): string {
  const code = codeOf(err);
  if (code !== undefined && CERT_CODES.has(code)) return `the certificate of ${url} is not valid (${code}); RFC 8461 §3.3 requires a valid one`;
  if (code === 'ENOTFOUND') return `${new URL(url).hostname} does not resolve, so the policy cannot be fetched`;
  if (code === 'ECONNREFUSED') return `${url}: connection refused`;
  return `fetching ${url} failed: ${messageOf(err)}${code ? ` (${code})` : ''}`;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
