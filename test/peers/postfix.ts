// Postfix 3.7 from Debian, started without touching /etc: our own main.cf and master.cf, our
// own queue, the master in the foreground (-d) so it stays in the process group we kill.
// `postfix start` would run 2–3 s of checks and daemonise; creating the queue ourselves and
// starting the master directly comes up in well under a second.
import { chownSync, mkdirSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startDaemon, type Daemon } from './exec';
import { waitListening } from './listening';

export interface SmtpService {
  readonly port: number;
  /** One master.cf line per address (inet_interfaces refuses 127.0.0.2, a `host:port` line does not). Default: 127.0.0.1, 127.0.0.2, ::1. */
  readonly hosts?: readonly string[];
  /** smtpd (default) or postscreen in front of smtpd. */
  readonly kind?: 'smtpd' | 'postscreen';
  /** `-o name=value` overrides for this service only. */
  readonly options: Readonly<Record<string, string>>;
}

export interface PostfixSettings {
  readonly dir: string;
  readonly defaultChainFile: string;
  /** Dovecot's auth socket for SASL; AUTH is offered only where smtpd_sasl_auth_enable=yes. */
  readonly saslPath: string;
  readonly services: readonly SmtpService[];
  /** Postscreen's pause after its "220-" line. */
  readonly postscreenGreetWaitSeconds: number;
}

function ids(user: string, group?: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('getent', ['group', group ?? user], { encoding: 'utf8' }).split(':')[2]);
  return { uid, gid };
}

function makeQueue(queue: string, data: string): void {
  const postfix = ids('postfix');
  const postdrop = ids('postfix', 'postdrop');
  // Postfix's daemons run as `postfix` and must reach into the queue: 0755 like /var/spool/postfix.
  mkdirSync(queue, { recursive: true });
  chmodSync(queue, 0o755);
  // The subset of `postfix-files` the services we run touch; owners and modes as Postfix checks them.
  for (const name of ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace']) {
    mkdirSync(join(queue, name), { mode: 0o700 });
    chownSync(join(queue, name), postfix.uid, postfix.gid);
  }
  for (const [name, mode] of [['maildrop', 0o730], ['public', 0o710]] as const) {
    mkdirSync(join(queue, name));
    chownSync(join(queue, name), postfix.uid, postdrop.gid);
    chmodSync(join(queue, name), mode);
  }
  mkdirSync(join(queue, 'pid'), { mode: 0o755 });
  mkdirSync(data, { recursive: true, mode: 0o700 });
  chownSync(data, postfix.uid, postfix.gid);
}

function mainCf(s: PostfixSettings, queue: string, data: string): string {
  return `# written by test/peers/postfix.ts for one test run
compatibility_level = 3.6
queue_directory = ${queue}
data_directory = ${data}
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = loopback-only
inet_protocols = all
myhostname = mail.test
mydomain = mail.test
myorigin = mail.test
mydestination =
relayhost =
# Nothing is ever delivered: a probe stops before MAIL FROM, and if anything slipped
# through it would be discarded rather than leave the machine.
local_transport = discard:local
relay_transport = discard:relay
virtual_transport = discard:virtual
default_transport = discard:default
smtpd_relay_restrictions = reject
smtpd_recipient_restrictions = reject
alias_maps =
alias_database =
biff = no
smtpd_banner = $myhostname ESMTP MailTlsDoctorPeer
# Fatal errors go to syslog or a tty by default, and there is no /dev/log here.
maillog_file = ${s.dir}/postfix.log
maillog_file_prefixes = ${s.dir}
smtpd_tls_chain_files = ${s.defaultChainFile}
smtpd_tls_security_level = may
smtpd_tls_auth_only = no
smtpd_tls_loglevel = 0
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${s.saslPath}
smtpd_sasl_auth_enable = no
# Postscreen: no DNSBL (no network), no allowlist (loopback is in mynetworks), and the
# pregreet test repeated on every connection, so every probe meets the pause.
postscreen_access_list =
postscreen_dnsbl_sites =
postscreen_greet_banner = $smtpd_banner
postscreen_greet_wait = ${s.postscreenGreetWaitSeconds}s
postscreen_greet_action = ignore
`;
}

function masterCf(s: PostfixSettings): string {
  const lines: string[] = ['# written by test/peers/postfix.ts for one test run'];
  for (const service of s.services) {
    const overrides = Object.entries(service.options)
      .map(([key, value]) => ` -o ${key}=${value}`)
      .join('');
    for (const host of service.hosts ?? ['127.0.0.1', '127.0.0.2', '::1']) {
      const address = host.includes(':') ? `[${host}]:${service.port}` : `${host}:${service.port}`;
      if (service.kind === 'postscreen') lines.push(`${address} inet n - n - 1 postscreen${overrides}`);
      else lines.push(`${address} inet n - n - - smtpd${overrides}`);
    }
  }
  lines.push(
    'smtpd pass - - n - - smtpd',
    'dnsblog unix - - n - 0 dnsblog',
    'tlsproxy unix - - n - 0 tlsproxy',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'cleanup unix n - n - 0 cleanup',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'proxymap unix - - n - - proxymap',
    'discard unix - - n - - discard',
    'error unix - - n - - error',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'postlog unix-dgram n - n - 1 postlogd',
    '',
  );
  return lines.join('\n');
}

export async function startPostfix(s: PostfixSettings, onSpawn: (daemon: Daemon) => void): Promise<Daemon> {
  const conf = join(s.dir, 'pf');
  const queue = join(s.dir, 'pfq');
  const data = join(s.dir, 'pfd');
  mkdirSync(conf, { recursive: true });
  makeQueue(queue, data);
  writeFileSync(join(conf, 'main.cf'), mainCf(s, queue, data));
  writeFileSync(join(conf, 'master.cf'), masterCf(s));
  // A main.cf changed within the current second makes every daemon re-read it every 300 ms.
  const past = new Date(Date.now() - 10_000);
  utimesSync(join(conf, 'main.cf'), past, past);
  utimesSync(join(conf, 'master.cf'), past, past);
  const daemon = startDaemon('postfix', '/usr/lib/postfix/sbin/master', ['-c', conf, '-d'], join(s.dir, 'postfix.out'), onSpawn);
  let alive = true;
  void daemon.exited.then(() => (alive = false));
  await waitListening(s.services.map((svc) => svc.port), 10_000, () => alive, `postfix master (log: ${s.dir}/postfix.log)`);
  return daemon;
}
