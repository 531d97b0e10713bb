// Starts the whole peer matrix for one test file — certificates, Postfix, two Dovecots,
// dnsmasq, the MTA-STS web server, a greeting-delay proxy, a refused and a filtered port —
// and takes it all down again: on stop(), on SIGINT/SIGTERM and on process exit. A run that
// died hard (SIGKILL) is cleaned up by the next one, which recognises its scratch folder.
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync, appendFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Daemon } from './exec';
import { dropPort, listOurTables, removeTable } from './firewall';
import { freePort, releasePorts } from './ports';
import { MTA_STS_DOMAINS, makePki, type Pki } from './pki';
import { startPostfix } from './postfix';
import { startDovecot } from './dovecot';
import { startDnsmasq, type ZoneRecords } from './dnsmasq';
import { startPolicyServer, type PolicyBehaviour, type PolicyServer } from './policyServer';
import { startDelayProxy, type DelayProxy } from './delayProxy';

const SCRATCH_PARENT = '/tmp';
const SCRATCH_PREFIX = 'mtp-';

export const POSTSCREEN_GREET_WAIT_S = 3;
export const SILENT_DELAY_MS = 2500;

export interface PeerPorts {
  // Every mail port listens on 127.0.0.1, 127.0.0.2 and ::1; the delay proxy on 127.0.0.1 only.
  /** 25-like: STARTTLS offered, AUTH PLAIN/LOGIN offered before TLS. */
  readonly smtpStarttls: number;
  /** 587-like: smtpd_tls_security_level=encrypt, AUTH only after TLS. */
  readonly submission: number;
  /** 465-like: wrappermode (implicit TLS). */
  readonly smtps: number;
  /** SMTP with TLS off: no STARTTLS in EHLO. */
  readonly smtpPlain: number;
  /** STARTTLS with a self-signed certificate. */
  readonly smtpSelfSigned: number;
  /** Implicit TLS with an expired certificate (valid 2020-01-01 … 2021-01-01). */
  readonly smtpsExpired: number;
  /** STARTTLS with a certificate for wrong.example.invalid only. */
  readonly smtpWrongName: number;
  /** Implicit TLS sending the leaf without its intermediate. */
  readonly smtpsMissingIntermediate: number;
  /** Postscreen in front of smtpd: "220-" at once, the final "220 " after the greet wait. */
  readonly smtpPostscreen: number;
  /** The 25-like port behind a proxy that holds every byte back for SILENT_DELAY_MS. */
  readonly smtpSilentDelay: number;
  readonly imap: number;
  readonly imaps: number;
  readonly pop3: number;
  readonly pop3s: number;
  /** A second Dovecot with ssl = no: no STARTTLS / STLS. */
  readonly imapPlain: number;
  readonly pop3Plain: number;
  /** Nothing listens: the kernel answers RST. */
  readonly refused: number;
  /** Dropped by an nft rule on lo: no answer to the SYN. */
  readonly filtered: number;
  /** dnsmasq, UDP and TCP. */
  readonly dns: number;
  /** HTTPS for the MTA-STS policy hosts. */
  readonly mtaSts: number;
}

export interface Peers {
  readonly dir: string;
  readonly pki: Pki;
  readonly ports: PeerPorts;
  /** For DnsOptions.servers. */
  readonly dnsServer: string;
  /** How the filtered port is made, or why it is not there. */
  readonly filtered: { readonly ok: true; readonly method: string } | { readonly ok: false; readonly reason: string };
  /** SHA-256 of the good leaf's SubjectPublicKeyInfo: the TLSA 3 1 1 record served for mx1.mail.test. */
  readonly goodSpkiSha256: string;
  readonly policy: PolicyServer | undefined;
  readonly startupMs: number;
  stop(): Promise<void>;
}

export interface PeerSelection {
  /** Postfix, both Dovecots, the delay proxy, refused and filtered ports. */
  readonly mail?: boolean;
  /** dnsmasq and the MTA-STS HTTPS server. */
  readonly dns?: boolean;
}

/** Why the real peers cannot run here, or undefined when they can. */
export function peersUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'the real peers need Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the real peers need root (Postfix master, nft)';
  const needed = ['/usr/lib/postfix/sbin/master', '/usr/sbin/dovecot', '/usr/sbin/dnsmasq', '/usr/sbin/nft', '/usr/bin/openssl'];
  const missing = needed.filter((file) => !existsSync(file));
  if (missing.length > 0) return `missing ${missing.join(', ')}: run scripts/setup-peers.sh`;
  return undefined;
}

// ---- test zone -------------------------------------------------------------------------

export const STS_ID = '20240101T000000';
export const MAIL_TEST_POLICY = 'version: STSv1\r\nmode: enforce\r\nmx: *.mail.test\r\nmx: mail.test\r\nmax_age: 86400\r\n';
export const UNCOVERED_POLICY = 'version: STSv1\r\nmode: testing\r\nmx: *.uncovered.test\r\nmax_age: 604800\r\n';
export const TLSA_BIG_COUNT = 40;
export const TLSRPT_MAIL_TEST = 'v=TLSRPTv1; rua=mailto:tlsrpt@mail.test,https://report.mail.test/tlsrpt';

function zone(ports: PeerPorts, spki: string): ZoneRecords {
  return {
    mx: [
      { domain: 'mail.test', exchange: 'mx1.mail.test', priority: 10 },
      { domain: 'mail.test', exchange: 'backup.elsewhere.test', priority: 20 },
      { domain: 'uncovered.test', exchange: 'mx1.uncovered.test', priority: 10 },
      { domain: 'uncovered.test', exchange: 'a.b.uncovered.test', priority: 20 },
      { domain: 'uncovered.test', exchange: 'uncovered.test', priority: 30 },
      { domain: 'broken.test', exchange: 'mx.broken.test', priority: 10 },
      { domain: 'tlsa-big.test', exchange: 'mx.tlsa-big.test', priority: 10 },
    ],
    srv: [
      { name: '_submissions._tcp.mail.test', target: 'mail.test', port: ports.smtps, priority: 0, weight: 1 },
      { name: '_submission._tcp.mail.test', target: 'mail.test', port: ports.submission, priority: 10, weight: 1 },
      { name: '_imaps._tcp.mail.test', target: 'mail.test', port: ports.imaps, priority: 0, weight: 1 },
      { name: '_imap._tcp.mail.test', target: 'mail.test', port: ports.imap, priority: 10, weight: 1 },
      { name: '_pop3s._tcp.mail.test', target: 'mail.test', port: ports.pop3s, priority: 20, weight: 1 },
      { name: '_pop3._tcp.mail.test' }, // target ".": POP3 without TLS is not offered
    ],
    txt: [
      { name: '_mta-sts.mail.test', text: `v=STSv1; id=${STS_ID}` },
      { name: '_smtp._tls.mail.test', text: TLSRPT_MAIL_TEST },
      { name: '_mta-sts.uncovered.test', text: 'v=STSv1; id=u1' },
      { name: '_smtp._tls.uncovered.test', text: 'v=TLSRPTv1;' },
      { name: '_mta-sts.redirect.test', text: 'v=STSv1; id=r1' },
      { name: '_mta-sts.big.test', text: 'v=STSv1; id=b1' },
      { name: '_mta-sts.slow.test', text: 'v=STSv1; id=s1' },
      { name: '_mta-sts.broken.test', text: 'v=STSv1; id=first' },
      { name: '_mta-sts.broken.test', text: 'v=STSv1; id=second' },
      { name: '_smtp._tls.broken.test', text: 'v=TSLRPTv1; rua=mailto:tlsrpt@broken.test' },
    ],
    a: [
      { name: 'mail.test', address: '127.0.0.1' },
      { name: 'mx1.mail.test', address: '127.0.0.1' },
      ...MTA_STS_DOMAINS.map((d) => ({ name: `mta-sts.${d}`, address: '127.0.0.1' })),
    ],
    tlsa: [
      { name: '_25._tcp.mx1.mail.test', usage: 3, selector: 1, matchingType: 1, data: spki },
      { name: '_25._tcp.mx1.mail.test', usage: 2, selector: 0, matchingType: 1, data: 'ab'.repeat(32) },
      // More than a 1232-byte UDP answer holds: the server sets TC and the query moves to TCP.
      ...Array.from({ length: TLSA_BIG_COUNT }, (_, i) => ({ name: '_25._tcp.mx.tlsa-big.test', usage: 3, selector: 1, matchingType: 1, data: i.toString(16).padStart(64, '0') })),
    ],
  };
}

function policies(): Record<string, PolicyBehaviour> {
  return {
    'mta-sts.mail.test': { kind: 'policy', body: MAIL_TEST_POLICY },
    'mta-sts.uncovered.test': { kind: 'policy', body: UNCOVERED_POLICY },
    'mta-sts.redirect.test': { kind: 'redirect', location: 'https://mta-sts.mail.test/.well-known/mta-sts.txt' },
    'mta-sts.big.test': { kind: 'huge', bytes: 100 * 1024 },
    'mta-sts.slow.test': { kind: 'hang' },
    'mta-sts.broken.test': { kind: 'status', status: 404 },
  };
}

// ---- lifecycle ------------------------------------------------------------------------

function pidAlive(pid: number): boolean {
  try {
    // A killed runner may linger as a zombie until its parent reaps it: that is dead too.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function killGroupIfOurs(pgid: number, dir: string): void {
  // A recorded id may have been reused since the crash: only a process whose command line
  // names our scratch folder is ours to kill.
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pgid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!cmdline.includes(dir)) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

/** Removes what earlier runs left when their process was killed before it could clean up. */
function sweepStale(): void {
  let names: string[] = [];
  try {
    names = readdirSync(SCRATCH_PARENT).filter((n) => n.startsWith(SCRATCH_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(SCRATCH_PARENT, name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner'), 'utf8').trim());
    } catch {
      continue; // not made by this launcher, or still being created
    }
    if (!Number.isInteger(owner) || owner <= 0 || pidAlive(owner)) continue;
    try {
      for (const line of readFileSync(join(dir, 'pgids'), 'utf8').split('\n')) {
        const pgid = Number(line.trim());
        if (Number.isInteger(pgid) && pgid > 1) killGroupIfOurs(pgid, dir);
      }
    } catch {
      // no daemon had started
    }
    removeTable(tableIdFor(dir));
    rmSync(dir, { recursive: true, force: true });
  }
  const live = new Set(names.filter((n) => existsSync(join(SCRATCH_PARENT, n))).map((n) => tableIdFor(join(SCRATCH_PARENT, n))));
  for (const id of listOurTables()) if (!live.has(id)) removeTable(id);
}

function tableIdFor(dir: string): string {
  return basename(dir).slice(SCRATCH_PREFIX.length).replace(/[^A-Za-z0-9]/g, '_');
}

export async function startPeers(selection: PeerSelection = { mail: true, dns: true }): Promise<Peers> {
  const started = Date.now();
  sweepStale();
  const dir = mkdtempSync(join(SCRATCH_PARENT, SCRATCH_PREFIX));
  // Postfix and Dovecot drop to their own users and must reach their queues and sockets here.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'owner'), `${process.pid}\n`);
  const tableId = tableIdFor(dir);

  const daemons: Daemon[] = [];
  const ourPorts: number[] = [];
  const servers: { close(): Promise<void> }[] = [];
  let tableMade = false;
  let stopped = false;

  const stopSync = (): void => {
    if (stopped) return;
    stopped = true;
    for (const daemon of daemons) {
      if (daemon.child.pid !== undefined) {
        try {
          process.kill(-daemon.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    if (tableMade) removeTable(tableId);
    rmSync(dir, { recursive: true, force: true });
    releasePorts(ourPorts);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    stopSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', stopSync);
  const unhook = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', stopSync);
  };
  const track = (daemon: Daemon): void => {
    daemons.push(daemon);
    if (daemon.child.pid !== undefined) appendFileSync(join(dir, 'pgids'), `${daemon.child.pid}\n`);
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    await Promise.all(servers.map((s) => s.close().catch(() => undefined)));
    // Nothing the daemons hold is worth a graceful shutdown; SIGKILL to each group is instant
    // (Dovecot's master needs about a second for SIGTERM, Postfix's more).
    await Promise.all(daemons.map((d) => d.stop(0)));
    stopSync();
    unhook();
  };

  try {
    const pki = await makePki(join(dir, 'pki'));
    const allocate = async (): Promise<PeerPorts> => {
      const p = async (udp = false): Promise<number> => {
        const port = await freePort({ udp });
        ourPorts.push(port);
        return port;
      };
      return {
        smtpStarttls: await p(),
        submission: await p(),
        smtps: await p(),
        smtpPlain: await p(),
        smtpSelfSigned: await p(),
        smtpsExpired: await p(),
        smtpWrongName: await p(),
        smtpsMissingIntermediate: await p(),
        smtpPostscreen: await p(),
        smtpSilentDelay: await p(),
        imap: await p(),
        imaps: await p(),
        pop3: await p(),
        pop3s: await p(),
        imapPlain: await p(),
        pop3Plain: await p(),
        refused: await p(),
        filtered: await p(),
        dns: await p(true),
        mtaSts: await p(),
      };
    };
    const ports = await allocate();
    const goodLeaf = new X509Certificate(readFileSync(pki.good.chain));
    const spki = createHash('sha256').update(goodLeaf.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

    let filtered: Peers['filtered'] = { ok: false, reason: 'not requested' };
    let policy: PolicyServer | undefined;
    const tasks: Promise<unknown>[] = [];

    if (selection.dns) {
      tasks.push(startDnsmasq(dir, ports.dns, zone(ports, spki), track));
      tasks.push(
        startPolicyServer(ports.mtaSts, pki.mtaSts, policies()).then((server) => {
          policy = server;
          servers.push(server);
        }),
      );
    }

    if (selection.mail) {
      const certs = pki;
      const mailTask = (async () => {
        const [dv1] = await Promise.all([
          startDovecot({ dir, name: 'dv1', ssl: true, certChain: certs.good.chain, key: certs.good.key, ports: { imap: ports.imap, imaps: ports.imaps, pop3: ports.pop3, pop3s: ports.pop3s } }, track),
          startDovecot({ dir, name: 'dv2', ssl: false, ports: { imap: ports.imapPlain, pop3: ports.pop3Plain } }, track),
        ]);
        // Postfix's smtpd gives up for good when Dovecot's auth socket is missing at its start,
        // so Postfix comes after Dovecot answers.
        await startPostfix({
          dir,
          defaultChainFile: certs.good.keyAndChain,
          saslPath: dv1.authSocket,
          postscreenGreetWaitSeconds: POSTSCREEN_GREET_WAIT_S,
          services: [
            { port: ports.smtpStarttls, options: { smtpd_sasl_auth_enable: 'yes' } },
            { port: ports.submission, options: { smtpd_tls_security_level: 'encrypt', smtpd_sasl_auth_enable: 'yes' } },
            { port: ports.smtps, options: { smtpd_tls_wrappermode: 'yes', smtpd_sasl_auth_enable: 'yes' } },
            { port: ports.smtpPlain, options: { smtpd_tls_security_level: 'none' } },
            { port: ports.smtpSelfSigned, options: { smtpd_tls_chain_files: certs.selfSigned.keyAndChain } },
            { port: ports.smtpsExpired, options: { smtpd_tls_wrappermode: 'yes', smtpd_tls_chain_files: certs.expired.keyAndChain } },
            { port: ports.smtpWrongName, options: { smtpd_tls_chain_files: certs.wrongName.keyAndChain } },
            { port: ports.smtpsMissingIntermediate, options: { smtpd_tls_wrappermode: 'yes', smtpd_tls_chain_files: certs.missingIntermediate.keyAndChain } },
            { port: ports.smtpPostscreen, kind: 'postscreen', options: {} },
          ],
        }, track);
        const proxy: DelayProxy = await startDelayProxy(ports.smtpSilentDelay, ports.smtpStarttls, SILENT_DELAY_MS);
        servers.push(proxy);
      })();
      tasks.push(mailTask);
      tasks.push(
        dropPort(tableId, ports.filtered).then(
          () => {
            tableMade = true;
            filtered = { ok: true, method: `nft table inet mtp_${tableId}: iif lo tcp dport ${ports.filtered} drop` };
          },
          (err: unknown) => {
            filtered = { ok: false, reason: `nft failed: ${err instanceof Error ? err.message : String(err)}` };
          },
        ),
      );
    }

    const results = await Promise.allSettled(tasks);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;

    return {
      dir,
      pki,
      ports,
      dnsServer: `127.0.0.1:${ports.dns}`,
      filtered,
      goodSpkiSha256: spki,
      policy,
      startupMs: Date.now() - started,
      stop,
    };
  } catch (err) {
    const logs = describeLogs(dir);
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}${logs}`);
  }
}

function describeLogs(dir: string): string {
  const parts: string[] = [];
  for (const name of ['postfix.log', 'postfix.out', 'dv1.log', 'dv1.out', 'dv2.log', 'dv2.out', 'dnsmasq.out']) {
    try {
      const text = readFileSync(join(dir, name), 'utf8').trim();
      if (text) parts.push(`--- ${name}\n${text.split('\n').slice(-15).join('\n')}`);
    } catch {
      // not written
    }
  }
  return parts.length > 0 ? `\n${parts.join('\n')}` : '';
}
