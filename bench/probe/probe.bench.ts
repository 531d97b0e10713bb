// The probe benchmark: one local matrix of real Postfix/Dovecot ports probed by `mail-tls probe`
// (all ports at once), by a sequential loop of `openssl s_client`, by swaks (SMTP only) and by
// nmap's NSE scripts; plus what a filtered port costs each of them. See bench/probe/README.md.
//
// Bundled by scripts/build.mjs to out/bench/probe/probe.bench.js; started by bench/probe/run.mjs,
// which passes --cli (a snapshot of dist/cli.js) and --out (bench/results/probe.json).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { probeHost } from '../../src/core/probe/index';
import type { PortTarget } from '../../src/core/probe/types';
import { peersUnavailable, startPeers, type PeerPorts, type Peers } from '../../test/peers/matrix';

const HOST = '127.0.0.2';
const TIMEOUT_MS = 4000;
/** The guard around every openssl s_client: it has no connect timeout of its own. */
const OPENSSL_GUARD_S = 10;
/** swaks' own default is 30 s; the guard only matters if something goes badly wrong. */
const SWAKS_GUARD_S = 40;
const NMAP_SCRIPTS = 'ssl-cert,smtp-commands,imap-capabilities,pop3-capabilities';

type Protocol = 'smtp' | 'imap' | 'pop3';
type Mode = 'starttls' | 'implicit';

interface PlanPort {
  readonly key: keyof PeerPorts;
  readonly label: string;
  readonly protocol: Protocol;
  readonly mode: Mode;
  /** What nmap's services file calls it (see README: the name picks the NSE scripts). */
  readonly nmapService: string;
}

// The default-like plan: the seven default ports, on the peers' random ports.
const PLAN: readonly PlanPort[] = [
  { key: 'smtpStarttls', label: '25-like SMTP STARTTLS', protocol: 'smtp', mode: 'starttls', nmapService: 'smtp' },
  { key: 'smtps', label: '465-like SMTP implicit TLS', protocol: 'smtp', mode: 'implicit', nmapService: 'smtps' },
  { key: 'submission', label: '587-like SMTP encrypt', protocol: 'smtp', mode: 'starttls', nmapService: 'smtp' },
  { key: 'imap', label: '143-like IMAP STARTTLS', protocol: 'imap', mode: 'starttls', nmapService: 'imap' },
  { key: 'imaps', label: '993-like IMAPS', protocol: 'imap', mode: 'implicit', nmapService: 'imaps' },
  { key: 'pop3', label: '110-like POP3 STLS', protocol: 'pop3', mode: 'starttls', nmapService: 'pop3' },
  { key: 'pop3s', label: '995-like POP3S', protocol: 'pop3', mode: 'implicit', nmapService: 'pop3s' },
];

// ---- small helpers ---------------------------------------------------------------------

const benchStarted = performance.now();
const say = (message: string): void => {
  process.stderr.write(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(3)}s] ${message}\n`);
};

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round1 = (ms: number): number => Math.round(ms * 10) / 10;

interface Ran {
  readonly ms: number;
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawn to exit, stdin closed (/dev/null), wall time from just before spawn to 'close'. */
function runTimed(command: string, args: readonly string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ ms: performance.now() - started, code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function capture(command: string, args: readonly string[]): Promise<string> {
  return runTimed(command, args).then(
    (ran) => `${ran.stdout}${ran.stderr}`.trim(),
    () => 'unavailable',
  );
}

const problems: string[] = [];
function check(ok: boolean, message: string): void {
  if (!ok) problems.push(message);
}

// ---- the tools -------------------------------------------------------------------------

interface OurPortJson {
  port: number;
  protocol: Protocol;
  verdict: string;
  address: string | null;
  error: string | null;
  tls: { version: string; cipher: string } | null;
  certificate: { trusted: boolean; nameMatches: boolean; expired: boolean; chain: { subject: string }[] } | null;
  capabilities: {
    beforeTls: string[];
    afterTls: string[];
    authBeforeTls: string[];
    authAfterTls: string[];
    cleartextAuthOffered: boolean;
    loginDisabledBeforeTls?: boolean;
    starttlsAfterTls: boolean;
  } | null;
  injectedBytesBeforeTls: number;
  timings: { connectMs?: number; greetingMs?: number; handshakeMs?: number; totalMs: number };
  connections: number;
}

interface OurRun {
  readonly wallMs: number;
  readonly durationMs: number;
  readonly ports: OurPortJson[];
}

interface Context {
  readonly cli: string;
  readonly caFile: string;
  readonly ports: PeerPorts;
  readonly rootPem: string;
}

function targetsOf(ctx: Context, plan: readonly PlanPort[], filtered = false): PortTarget[] {
  const targets: PortTarget[] = plan.map((p) => ({ port: ctx.ports[p.key], protocol: p.protocol }));
  if (filtered) targets.push({ port: ctx.ports.filtered, protocol: 'smtp' });
  return targets;
}

async function runOurs(ctx: Context, targets: readonly PortTarget[], what: string): Promise<OurRun> {
  const ran = await runTimed(process.execPath, [
    ctx.cli,
    'probe',
    HOST,
    '--ports',
    targets.map((t) => `${t.port}/${t.protocol}`).join(','),
    '--ca',
    ctx.caFile,
    '--timeout',
    String(TIMEOUT_MS),
    '--no-dns',
    '--format',
    'json',
  ]);
  if (ran.code !== 0) throw new Error(`mail-tls probe (${what}) exited ${ran.code ?? ran.signal}: ${ran.stderr.trim().slice(0, 500)}`);
  const json = JSON.parse(ran.stdout) as { version: number; durationMs: number; ports: OurPortJson[] };
  check(json.version === 1, `ours (${what}): JSON version ${json.version}, expected 1`);
  return { wallMs: ran.ms, durationMs: json.durationMs, ports: json.ports };
}

/** Asserts our verdicts and the facts that belong to them, so the figures come from a correct run. */
function checkOurs(ctx: Context, run: OurRun, plan: readonly PlanPort[], what: string): void {
  for (const p of plan) {
    const port = ctx.ports[p.key];
    const entry = run.ports.find((e) => e.port === port);
    const where = `ours (${what}) ${p.label} :${port}`;
    if (!entry) {
      problems.push(`${where}: missing from the JSON`);
      continue;
    }
    const expected = p.mode === 'implicit' ? 'implicit-tls' : 'starttls';
    check(entry.verdict === expected, `${where}: verdict ${entry.verdict} (${entry.error ?? ''}), expected ${expected}`);
    check(entry.address === HOST, `${where}: address ${entry.address}`);
    check(entry.tls !== null, `${where}: no TLS session`);
    check(entry.certificate?.trusted === true, `${where}: certificate not trusted`);
    check(entry.certificate?.nameMatches === true, `${where}: certificate does not match ${HOST}`);
    check(entry.certificate?.expired === false, `${where}: certificate reported expired`);
    check(entry.connections >= 1 && entry.connections <= 2, `${where}: ${entry.connections} connections`);
    check(entry.injectedBytesBeforeTls === 0, `${where}: ${entry.injectedBytesBeforeTls} bytes before TLS`);
    const caps = entry.capabilities;
    check(caps !== null && caps.afterTls.length > 0, `${where}: no capabilities after TLS`);
    check(caps?.starttlsAfterTls === false, `${where}: STARTTLS still advertised after TLS`);
    if (p.mode === 'implicit') check(caps?.beforeTls.length === 0, `${where}: capabilities before TLS on an implicit-TLS port`);
    else check((caps?.beforeTls.length ?? 0) > 0, `${where}: no capabilities before TLS`);
    if (p.key === 'smtpStarttls') check(caps?.cleartextAuthOffered === true && caps.authBeforeTls.includes('PLAIN'), `${where}: AUTH PLAIN before TLS not reported`);
    if (p.key === 'submission') check(caps?.authBeforeTls.length === 0 && (caps?.authAfterTls.length ?? 0) > 0, `${where}: AUTH should appear only after TLS`);
    if (p.key === 'imap') check(caps?.loginDisabledBeforeTls === true, `${where}: LOGINDISABLED before TLS not reported`);
  }
}

function checkFilteredEntry(ctx: Context, entry: OurPortJson | undefined, what: string): void {
  const where = `ours (${what}) filtered :${ctx.ports.filtered}`;
  if (!entry) {
    problems.push(`${where}: missing`);
    return;
  }
  check(entry.verdict === 'filtered', `${where}: verdict ${entry.verdict} (${entry.error ?? ''}), expected filtered`);
  check(entry.timings.totalMs >= TIMEOUT_MS * 0.95 && entry.timings.totalMs <= TIMEOUT_MS + 1000, `${where}: took ${entry.timings.totalMs} ms, expected about the ${TIMEOUT_MS} ms connect timeout`);
}

interface EventRun {
  /** ms from the call to each port's result, by port number. */
  readonly arrivals: Record<number, number>;
  readonly lastNonFilteredMs: number;
  readonly filteredMs?: number;
  readonly totalMs: number;
}

/** In process, from the event stream: when each port's result arrived. */
async function runEvents(ctx: Context, withFiltered: boolean): Promise<EventRun> {
  const targets = targetsOf(ctx, PLAN, withFiltered);
  const arrivals: Record<number, number> = {};
  const started = performance.now();
  let verdicts: Record<number, string> = {};
  for await (const event of probeHost({ host: HOST, targets, timeoutMs: TIMEOUT_MS, extraCa: [ctx.rootPem] })) {
    if (event.type === 'port') arrivals[event.report.port] = performance.now() - started;
    if (event.type === 'done') verdicts = Object.fromEntries(event.report.ports.map((p) => [p.port, p.verdict]));
  }
  const totalMs = performance.now() - started;
  for (const p of PLAN) {
    const expected = p.mode === 'implicit' ? 'implicit-tls' : 'starttls';
    check(verdicts[ctx.ports[p.key]] === expected, `events${withFiltered ? ' +filtered' : ''} ${p.label}: verdict ${verdicts[ctx.ports[p.key]]}, expected ${expected}`);
  }
  if (withFiltered) check(verdicts[ctx.ports.filtered] === 'filtered', `events +filtered: filtered port verdict ${verdicts[ctx.ports.filtered]}`);
  const nonFiltered = PLAN.map((p) => arrivals[ctx.ports[p.key]] ?? Number.NaN);
  return {
    arrivals,
    lastNonFilteredMs: Math.max(...nonFiltered),
    ...(withFiltered ? { filteredMs: arrivals[ctx.ports.filtered] ?? Number.NaN } : {}),
    totalMs,
  };
}

function opensslArgs(ctx: Context, port: number, starttls: Protocol | undefined): string[] {
  return [String(OPENSSL_GUARD_S), 'openssl', 's_client', '-connect', `${HOST}:${port}`, ...(starttls ? ['-starttls', starttls] : []), '-brief', '-CAfile', ctx.caFile];
}

async function runOpensslLoop(ctx: Context): Promise<{ totalMs: number; perPort: Record<string, number> }> {
  const perPort: Record<string, number> = {};
  const started = performance.now();
  for (const p of PLAN) {
    const port = ctx.ports[p.key];
    const ran = await runTimed('timeout', opensslArgs(ctx, port, p.mode === 'starttls' ? p.protocol : undefined));
    perPort[p.key] = ran.ms;
    const text = `${ran.stdout}${ran.stderr}`;
    check(ran.code === 0 && text.includes('CONNECTION ESTABLISHED'), `openssl ${p.label} :${port}: exit ${ran.code}, ${text.trim().split('\n').slice(-2).join(' | ')}`);
    check(text.includes('Verification: OK'), `openssl ${p.label} :${port}: certificate not verified`);
  }
  return { totalMs: performance.now() - started, perPort };
}

const SMTP_PLAN = PLAN.filter((p) => p.protocol === 'smtp');

async function runSwaksLoop(ctx: Context): Promise<{ totalMs: number; perPort: Record<string, number> }> {
  const perPort: Record<string, number> = {};
  const started = performance.now();
  for (const p of SMTP_PLAN) {
    const port = ctx.ports[p.key];
    const ran = await runTimed('timeout', [
      String(SWAKS_GUARD_S),
      'swaks',
      '--server',
      HOST,
      '--port',
      String(port),
      p.mode === 'implicit' ? '--tls-on-connect' : '-tls',
      '--quit-after',
      'tls',
      '--helo',
      'mail-tls-bench.invalid',
      '--from',
      'bench@mail.test',
      '--to',
      'bench@mail.test',
    ]);
    perPort[p.key] = ran.ms;
    const text = `${ran.stdout}${ran.stderr}`;
    check(ran.code === 0 && /TLS started with cipher/.test(text), `swaks ${p.label} :${port}: exit ${ran.code}, ${text.trim().split('\n').slice(-2).join(' | ')}`);
  }
  return { totalMs: performance.now() - started, perPort };
}

interface NmapRun {
  readonly wallMs: number;
  /** "Nmap done: … scanned in X seconds" */
  readonly ownMs: number;
}

function writeNmapDatadir(ctx: Context, dir: string): void {
  // nmap picks its NSE scripts by port number or by the service name in nmap-services. The
  // peers listen on random high ports, so a services file of our own names them as nmap
  // names 25/465/587/143/993/110/995 — the same scripts run as on the real port numbers. The
  // 587-like port is named "smtp": nmap keys its STARTTLS routine for 587 by number only.
  const lines = PLAN.map((p) => `${p.nmapService}\t${ctx.ports[p.key]}/tcp\t0.1`);
  lines.push(`smtp\t${ctx.ports.filtered}/tcp\t0.1`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'nmap-services'), `${lines.join('\n')}\n`);
}

async function runNmap(ctx: Context, datadir: string, withFiltered: boolean): Promise<NmapRun> {
  const ports = targetsOf(ctx, PLAN, withFiltered).map((t) => t.port);
  const ran = await runTimed('nmap', ['-n', '-Pn', '-sT', '-p', ports.join(','), '--datadir', datadir, '--script', NMAP_SCRIPTS, HOST]);
  const text = ran.stdout;
  const own = /scanned in ([\d.]+) seconds/.exec(text);
  check(ran.code === 0 && own !== null, `nmap${withFiltered ? ' +filtered' : ''}: exit ${ran.code}, ${ran.stderr.trim().slice(0, 300)}`);
  // One section per port: "PORT/tcp open SERVICE" followed by its script lines.
  const sections = new Map<number, string>();
  const parts = text.split(/^(?=\d+\/tcp\s)/m);
  for (const part of parts) {
    const m = /^(\d+)\/tcp\s+(\S+)/.exec(part);
    if (m) sections.set(Number(m[1]), part);
  }
  for (const p of PLAN) {
    const port = ctx.ports[p.key];
    const section = sections.get(port) ?? '';
    const where = `nmap ${p.label} :${port}`;
    check(/^\d+\/tcp\s+open\b/.test(section), `${where}: not reported open`);
    check(/ssl-cert: Subject: commonName=mail\.test/.test(section), `${where}: no ssl-cert output`);
    const capScript = p.protocol === 'smtp' ? 'smtp-commands' : p.protocol === 'imap' ? 'imap-capabilities' : 'pop3-capabilities';
    check(section.includes(`${capScript}:`), `${where}: no ${capScript} output`);
  }
  if (withFiltered) check(/^\d+\/tcp\s+filtered\b/.test(sections.get(ctx.ports.filtered) ?? ''), `nmap +filtered: the filtered port is not reported filtered`);
  return { wallMs: ran.ms, ownMs: own ? Number(own[1]) * 1000 : Number.NaN };
}

// ---- the run ---------------------------------------------------------------------------

async function machineContext(): Promise<Record<string, unknown>> {
  const first = (text: string): string => text.split('\n')[0]?.trim() ?? '';
  let synRetries = 'unknown';
  try {
    synRetries = readFileSync('/proc/sys/net/ipv4/tcp_syn_retries', 'utf8').trim();
  } catch {
    // not Linux
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    kernel: release(),
    node: process.version,
    openssl: first(await capture('openssl', ['version'])),
    swaks: first((await capture('swaks', ['--version'])).replace(/^.*?version\s+/s, 'swaks ')),
    nmap: first(await capture('nmap', ['--version'])),
    postfix: first(await capture('/usr/sbin/postconf', ['-d', '-h', 'mail_version'])),
    dovecot: first(await capture('dovecot', ['--version'])),
    tcpSynRetries: synRetries,
  };
}

function toolsMissing(): Promise<string[]> {
  const tools = ['openssl', 'swaks', 'nmap', 'timeout'];
  return Promise.all(tools.map((t) => runTimed('sh', ['-c', `command -v ${t}`]).then((r) => (r.code === 0 ? undefined : t)))).then((list) =>
    list.filter((t): t is string => t !== undefined),
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cli: { type: 'string' },
      out: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
  });
  if (!values.cli || !values.out) throw new Error('usage: probe.bench.js --cli DIST_CLI_JS --out RESULTS_JSON [--quick]');
  const ROUNDS = values.quick ? 2 : 5;
  const SINGLE_ROUNDS = values.quick ? 1 : 3;
  const FILTERED_ROUNDS = values.quick ? 1 : 3;

  const unavailable = peersUnavailable();
  if (unavailable) throw new Error(`cannot start the real peers: ${unavailable}`);
  const missing = await toolsMissing();
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run scripts/setup-bench.sh`);

  const context = await machineContext();
  say(`machine: ${context.cpu as string} ×${context.cpus as number}, load ${(context.loadAverage as number[]).join(' ')}, node ${process.version}`);

  const scratch = mkdtempSync(join(tmpdir(), 'mtp-bench-'));
  let peers: Peers | undefined;
  try {
    peers = await startPeers({ mail: true });
    say(`peers up in ${peers.startupMs} ms; filtered port: ${peers.filtered.ok ? peers.filtered.method : peers.filtered.reason}`);
    const caFile = join(scratch, 'root.pem');
    writeFileSync(caFile, peers.pki.rootPem);
    const ctx: Context = { cli: values.cli, caFile, ports: peers.ports, rootPem: peers.pki.rootPem };
    const datadir = join(scratch, 'nmap');
    writeNmapDatadir(ctx, datadir);

    const full = targetsOf(ctx, PLAN);
    const smtpOnly = targetsOf(ctx, SMTP_PLAN);

    // One untimed warm-up of each tool: page cache, Postfix/Dovecot spawning their first workers.
    say('warm-up');
    await runOurs(ctx, full, 'warm-up');
    await runOpensslLoop(ctx);
    await runSwaksLoop(ctx);
    await runNmap(ctx, datadir, false);
    await runEvents(ctx, false); // the in-process probe: JIT and TLS code warm before its figures

    // Rounds interleave the tools, so a slow moment of the machine hits all of them alike.
    const ours: OurRun[] = [];
    const oursSmtp: OurRun[] = [];
    const openssl: Awaited<ReturnType<typeof runOpensslLoop>>[] = [];
    const swaks: Awaited<ReturnType<typeof runSwaksLoop>>[] = [];
    const nmap: NmapRun[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      say(`round ${r + 1}/${ROUNDS}: ours, ours (SMTP ports), openssl loop, swaks loop, nmap`);
      const o = await runOurs(ctx, full, 'full plan');
      checkOurs(ctx, o, PLAN, 'full plan');
      ours.push(o);
      const os = await runOurs(ctx, smtpOnly, 'SMTP ports');
      checkOurs(ctx, os, SMTP_PLAN, 'SMTP ports');
      oursSmtp.push(os);
      openssl.push(await runOpensslLoop(ctx));
      swaks.push(await runSwaksLoop(ctx));
      nmap.push(await runNmap(ctx, datadir, false));
    }

    // Each port alone, in its own process: the slowest of these is what the full probe should match.
    const singles: Record<string, OurRun[]> = {};
    for (let r = 0; r < SINGLE_ROUNDS; r++) {
      say(`single ports ${r + 1}/${SINGLE_ROUNDS}`);
      for (const p of PLAN) {
        const run = await runOurs(ctx, targetsOf(ctx, [p]), `${p.label} alone`);
        checkOurs(ctx, run, [p], `${p.label} alone`);
        (singles[p.key] ??= []).push(run);
      }
    }

    // In process, from the event stream: when did the last non-filtered result arrive?
    const eventsWithout: EventRun[] = [];
    const eventsWith: EventRun[] = [];
    const oursFiltered: OurRun[] = [];
    const oursFilteredAlone: OurRun[] = [];
    const nmapFiltered: NmapRun[] = [];
    let opensslFiltered: Ran[] = [];
    if (peers.filtered.ok) {
      for (let r = 0; r < FILTERED_ROUNDS; r++) {
        say(`filtered port ${r + 1}/${FILTERED_ROUNDS}: events without/with it, ours +filtered, ours filtered alone, nmap +filtered`);
        eventsWithout.push(await runEvents(ctx, false));
        eventsWith.push(await runEvents(ctx, true));
        const of = await runOurs(ctx, targetsOf(ctx, PLAN, true), 'plan + filtered');
        checkOurs(ctx, of, PLAN, 'plan + filtered');
        checkFilteredEntry(ctx, of.ports.find((e) => e.port === ctx.ports.filtered), 'plan + filtered');
        oursFiltered.push(of);
        const ofa = await runOurs(ctx, [{ port: ctx.ports.filtered, protocol: 'smtp' }], 'filtered alone');
        checkFilteredEntry(ctx, ofa.ports[0], 'filtered alone');
        oursFilteredAlone.push(ofa);
        nmapFiltered.push(await runNmap(ctx, datadir, true));
      }
      // openssl has no connect timeout: each run sits in connect() until `timeout` kills it.
      // The runs only wait, so they run side by side to save the bench FILTERED_ROUNDS×10 s.
      say(`openssl s_client on the filtered port ×${FILTERED_ROUNDS} (side by side; each ends when \`timeout ${OPENSSL_GUARD_S}\` kills it)`);
      opensslFiltered = await Promise.all(Array.from({ length: FILTERED_ROUNDS }, () => runTimed('timeout', opensslArgs(ctx, ctx.ports.filtered, undefined))));
      for (const ran of opensslFiltered) check(ran.code === 124, `openssl on the filtered port: exit ${ran.code}, expected 124 (killed by timeout)`);
    }

    // ---- figures ----
    const med = (xs: readonly number[]): number => round1(median(xs));
    const perPortOursInProbe = (runs: readonly OurRun[], port: number): number => med(runs.map((run) => run.ports.find((e) => e.port === port)?.timings.totalMs ?? Number.NaN));
    const perPortMax = (runs: readonly OurRun[]): number => med(runs.map((run) => Math.max(...run.ports.map((e) => e.timings.totalMs))));
    const oursWall = med(ours.map((o) => o.wallMs));
    const oursDuration = med(ours.map((o) => o.durationMs));
    const oursSmtpWall = med(oursSmtp.map((o) => o.wallMs));
    const singleWall: Record<string, number> = {};
    const singleDuration: Record<string, number> = {};
    for (const p of PLAN) {
      singleWall[p.key] = med((singles[p.key] ?? []).map((o) => o.wallMs));
      singleDuration[p.key] = med((singles[p.key] ?? []).map((o) => o.durationMs));
    }
    const slowest = PLAN.reduce((a, b) => ((singleWall[b.key] ?? 0) > (singleWall[a.key] ?? 0) ? b : a));
    const slowestWall = singleWall[slowest.key] ?? Number.NaN;
    const slowestDuration = singleDuration[slowest.key] ?? Number.NaN;
    const fullOverSlowestWall = oursWall / slowestWall;
    const fullOverSlowestDuration = oursDuration / slowestDuration;
    const opensslWall = med(openssl.map((o) => o.totalMs));
    const opensslPerPort: Record<string, number> = Object.fromEntries(PLAN.map((p) => [p.key, med(openssl.map((o) => o.perPort[p.key] ?? Number.NaN))]));
    const opensslSmtpWall = med(openssl.map((o) => SMTP_PLAN.reduce((sum, p) => sum + (o.perPort[p.key] ?? Number.NaN), 0)));
    const swaksWall = med(swaks.map((o) => o.totalMs));
    const swaksPerPort: Record<string, number> = Object.fromEntries(SMTP_PLAN.map((p) => [p.key, med(swaks.map((o) => o.perPort[p.key] ?? Number.NaN))]));
    const nmapWall = med(nmap.map((n) => n.wallMs));
    const nmapOwn = med(nmap.map((n) => n.ownMs));

    const filtered = peers.filtered.ok
      ? {
          oursWall: med(oursFiltered.map((o) => o.wallMs)),
          oursDuration: med(oursFiltered.map((o) => o.durationMs)),
          oursFilteredPortMs: med(oursFiltered.map((o) => o.ports.find((e) => e.port === ctx.ports.filtered)?.timings.totalMs ?? Number.NaN)),
          oursLastOtherInJsonMs: med(oursFiltered.map((o) => Math.max(...o.ports.filter((e) => e.port !== ctx.ports.filtered).map((e) => e.timings.totalMs)))),
          oursAloneWall: med(oursFilteredAlone.map((o) => o.wallMs)),
          eventsLastOtherWithoutMs: med(eventsWithout.map((e) => e.lastNonFilteredMs)),
          eventsLastOtherWithMs: med(eventsWith.map((e) => e.lastNonFilteredMs)),
          eventsFilteredMs: med(eventsWith.map((e) => e.filteredMs ?? Number.NaN)),
          eventsTotalWithoutMs: med(eventsWithout.map((e) => e.totalMs)),
          eventsTotalWithMs: med(eventsWith.map((e) => e.totalMs)),
          nmapWall: med(nmapFiltered.map((n) => n.wallMs)),
          nmapOwn: med(nmapFiltered.map((n) => n.ownMs)),
          opensslMs: med(opensslFiltered.map((r) => r.ms)),
          opensslExit: opensslFiltered.map((r) => r.code),
        }
      : undefined;

    // ---- the table ----
    const s = (ms: number): string => (Number.isNaN(ms) ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
    const vs = (ms: number, base: number): string => `${s(ms)} (${(ms / base).toFixed(2)}×)`;
    const rows: string[][] = [];
    rows.push([`7-port plan, wall (median of ${ROUNDS})`, `${s(oursWall)} (probe ${s(oursDuration)})`, vs(opensslWall, oursWall), 'SMTP only', `${vs(nmapWall, oursWall)}; nmap says ${s(nmapOwn)}`]);
    rows.push([`3 SMTP ports, wall`, s(oursSmtpWall), vs(opensslSmtpWall, oursSmtpWall), vs(swaksWall, oursSmtpWall), '—']);
    for (const p of PLAN) {
      const alone = singleWall[p.key] ?? Number.NaN;
      rows.push([
        `  ${p.label}`,
        `${s(perPortOursInProbe(ours, ctx.ports[p.key]))} in probe; alone ${s(alone)}`,
        vs(opensslPerPort[p.key] ?? Number.NaN, alone),
        p.protocol === 'smtp' ? vs(swaksPerPort[p.key] ?? Number.NaN, alone) : 'n/a (SMTP only)',
        '—',
      ]);
    }
    rows.push([`full plan ÷ slowest port alone (${slowest.label})`, `${fullOverSlowestWall.toFixed(2)}× wall, ${fullOverSlowestDuration.toFixed(2)}× probe (target ≤ 1.3)`, '', '', '']);
    if (filtered) {
      rows.push([`7 ports + filtered, wall (median of ${FILTERED_ROUNDS})`, `${s(filtered.oursWall)} (${(filtered.oursWall / oursWall).toFixed(2)}× the plan without it)`, 'hangs (below)', 'not run (30 s default timeout)', `${vs(filtered.nmapWall, filtered.oursWall)}; nmap says ${s(filtered.nmapOwn)}`]);
      rows.push(['filtered port alone', `${s(filtered.oursAloneWall)} (connect timeout ${s(TIMEOUT_MS)})`, `${vs(filtered.opensslMs, filtered.oursAloneWall)}: killed by timeout ${OPENSSL_GUARD_S}`, '—', `+${s(filtered.nmapOwn - nmapOwn)} over the plan`]);
      rows.push(['last other port result, without → with filtered', `${s(filtered.eventsLastOtherWithoutMs)} → ${s(filtered.eventsLastOtherWithMs)} (events; JSON ${s(perPortMax(ours))} → ${s(filtered.oursLastOtherInJsonMs)}); filtered at ${s(filtered.eventsFilteredMs)}`, 'n/a (sequential)', 'n/a', 'n/a (prints at the end)']);
    }
    const header = ['measure', 'mail-tls probe (ours)', 'openssl s_client loop', 'swaks loop', 'nmap + NSE'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');

    const endLoad = loadavg().map((l) => Math.round(l * 100) / 100);
    process.stdout.write(`\nProbe benchmark — ${HOST}, real Postfix/Dovecot peers, timeout ${TIMEOUT_MS} ms; (N×) = that tool's time ÷ ours (per-port rows: ÷ ours with that port alone)\n`);
    process.stdout.write(`${table}\n`);
    process.stdout.write(
      `machine: ${context.cpu as string} ×${context.cpus as number}, ${context.memoryGiB as number} GiB, kernel ${context.kernel as string}, node ${process.version}; load ${(context.loadAverage as number[]).join(' ')} → ${endLoad.join(' ')}\n` +
        `tools: ${context.openssl as string}; ${context.swaks as string}; ${context.nmap as string}; postfix ${context.postfix as string}; dovecot ${context.dovecot as string}; tcp_syn_retries ${context.tcpSynRetries as string}\n`,
    );
    const busiest = Math.max(...(context.loadAverage as number[]).slice(0, 1), ...endLoad.slice(0, 1));
    if (busiest > (context.cpus as number) * 0.75) {
      process.stdout.write(`note: the machine was busy (1-minute load ${busiest} on ${context.cpus as number} CPUs): expect noise of ±100–300 ms on the short figures; rerun on a quiet machine for tight numbers\n`);
    }
    process.stdout.write(problems.length === 0 ? 'correctness: every verdict and checked fact as expected (ours, openssl, swaks, nmap)\n' : `correctness: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);

    const results = {
      version: 1,
      generatedAt: new Date().toISOString(),
      host: HOST,
      timeoutMs: TIMEOUT_MS,
      rounds: { main: ROUNDS, singles: SINGLE_ROUNDS, filtered: FILTERED_ROUNDS },
      machine: { ...context, loadAverageAtEnd: endLoad },
      peers: { startupMs: peers.startupMs, filtered: peers.filtered, ports: Object.fromEntries([...PLAN.map((p) => [p.label, ctx.ports[p.key]]), ['filtered', ctx.ports.filtered]]) },
      medians: {
        ours: { wallMs: oursWall, durationMs: oursDuration, smtpOnlyWallMs: oursSmtpWall, perPortInProbeMs: Object.fromEntries(PLAN.map((p) => [p.label, perPortOursInProbe(ours, ctx.ports[p.key])])) },
        oursAlone: Object.fromEntries(PLAN.map((p) => [p.label, { wallMs: singleWall[p.key], durationMs: singleDuration[p.key] }])),
        slowestAlone: { port: slowest.label, wallMs: slowestWall, durationMs: slowestDuration, fullOverSlowestWall: round1(fullOverSlowestWall * 100) / 100, fullOverSlowestDuration: round1(fullOverSlowestDuration * 100) / 100 },
        openssl: { wallMs: opensslWall, smtpOnlyWallMs: opensslSmtpWall, perPortMs: Object.fromEntries(PLAN.map((p) => [p.label, opensslPerPort[p.key]])) },
        swaks: { smtpOnlyWallMs: swaksWall, perPortMs: Object.fromEntries(SMTP_PLAN.map((p) => [p.label, swaksPerPort[p.key]])) },
        nmap: { wallMs: nmapWall, ownMs: nmapOwn },
        filtered: filtered ?? null,
      },
      samples: {
        ours: ours.map((o) => ({ wallMs: round1(o.wallMs), durationMs: o.durationMs, perPort: Object.fromEntries(o.ports.map((e) => [e.port, e.timings])) })),
        oursSmtp: oursSmtp.map((o) => ({ wallMs: round1(o.wallMs), durationMs: o.durationMs })),
        oursAlone: Object.fromEntries(Object.entries(singles).map(([k, runs]) => [k, runs.map((o) => ({ wallMs: round1(o.wallMs), durationMs: o.durationMs }))])),
        openssl: openssl.map((o) => ({ totalMs: round1(o.totalMs), perPort: Object.fromEntries(Object.entries(o.perPort).map(([k, v]) => [k, round1(v)])) })),
        swaks: swaks.map((o) => ({ totalMs: round1(o.totalMs), perPort: Object.fromEntries(Object.entries(o.perPort).map(([k, v]) => [k, round1(v)])) })),
        nmap: nmap.map((n) => ({ wallMs: round1(n.wallMs), ownMs: n.ownMs })),
        eventsWithout: eventsWithout.map((e) => ({ ...e, arrivals: Object.fromEntries(Object.entries(e.arrivals).map(([k, v]) => [k, round1(v)])) })),
        eventsWith: eventsWith.map((e) => ({ ...e, arrivals: Object.fromEntries(Object.entries(e.arrivals).map(([k, v]) => [k, round1(v)])) })),
        oursFiltered: oursFiltered.map((o) => ({ wallMs: round1(o.wallMs), durationMs: o.durationMs, perPort: Object.fromEntries(o.ports.map((e) => [e.port, e.timings.totalMs])) })),
        oursFilteredAlone: oursFilteredAlone.map((o) => ({ wallMs: round1(o.wallMs), durationMs: o.durationMs })),
        nmapFiltered: nmapFiltered.map((n) => ({ wallMs: round1(n.wallMs), ownMs: n.ownMs })),
        opensslFiltered: opensslFiltered.map((r) => ({ ms: round1(r.ms), exit: r.code })),
      },
      table,
      problems,
      benchMs: Math.round(performance.now() - benchStarted),
    };
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
    say(`wrote ${values.out} (${Math.round((performance.now() - benchStarted) / 1000)} s in all)`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await peers?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench/probe: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
