// dnsmasq as a small authoritative server for the test domains on a loopback port. With
// --local=/test/ it answers NXDOMAIN/NODATA for unknown names there instead of REFUSED, like
// a real zone; --no-resolv keeps every other name from leaving the machine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type Daemon } from './exec';
import { waitListening } from './listening';

export interface ZoneRecords {
  readonly mx?: readonly { readonly domain: string; readonly exchange: string; readonly priority: number }[];
  /** target undefined: the RFC 6186 "not offered" record (target "."). */
  readonly srv?: readonly { readonly name: string; readonly target?: string; readonly port?: number; readonly priority?: number; readonly weight?: number }[];
  readonly txt?: readonly { readonly name: string; readonly text: string }[];
  readonly a?: readonly { readonly name: string; readonly address: string }[];
  /** Raw RR type 52: dnsmasq has no TLSA syntax, so --dns-rr with the rdata in hex. */
  readonly tlsa?: readonly { readonly name: string; readonly usage: number; readonly selector: number; readonly matchingType: number; readonly data: string }[];
}

function hexByte(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export async function startDnsmasq(dir: string, port: number, zone: ZoneRecords, onSpawn: (daemon: Daemon) => void): Promise<Daemon> {
  // The records go into a configuration file: only there does dnsmasq honour quotes, which a
  // TXT value with a comma needs (on the command line each comma starts a new string).
  const lines = [
    `port=${port}`,
    'listen-address=127.0.0.1',
    'bind-interfaces',
    'no-resolv',
    'no-hosts',
    'no-poll',
    'local=/test/',
    'user=root',
    'group=root',
    `log-facility=${join(dir, 'dnsmasq.log')}`,
    'log-queries',
  ];
  for (const r of zone.mx ?? []) lines.push(`mx-host=${r.domain},${r.exchange},${r.priority}`);
  for (const r of zone.srv ?? []) {
    lines.push(r.target === undefined ? `srv-host=${r.name}` : `srv-host=${r.name},${r.target},${r.port ?? 0},${r.priority ?? 0},${r.weight ?? 0}`);
  }
  for (const r of zone.txt ?? []) lines.push(`txt-record=${r.name},"${r.text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  for (const r of zone.a ?? []) lines.push(`host-record=${r.name},${r.address}`);
  for (const r of zone.tlsa ?? []) lines.push(`dns-rr=${r.name},52,${hexByte(r.usage)}${hexByte(r.selector)}${hexByte(r.matchingType)}${r.data}`);
  const conf = join(dir, 'dnsmasq.conf');
  writeFileSync(conf, `${lines.join('\n')}\n`);
  const daemon = startDaemon('dnsmasq', 'dnsmasq', ['-k', `--conf-file=${conf}`, '--pid-file='], join(dir, 'dnsmasq.out'), onSpawn);
  let alive = true;
  void daemon.exited.then(() => (alive = false));
  // dnsmasq listens on TCP as well as UDP on the same port; TCP LISTEN is the visible sign.
  await waitListening([port], 5000, () => alive, `dnsmasq (log: ${dir}/dnsmasq.out)`);
  return daemon;
}
