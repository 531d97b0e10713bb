// Dovecot 2.3 from Debian with a configuration file of our own (dovecot -F -c FILE): its
// own base_dir, state and log, so it neither reads nor writes anything under /etc or /var.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, type Daemon } from './exec';
import { waitListening, waitForBanner } from './listening';

export interface DovecotSettings {
  readonly dir: string;
  /** Short: the auth socket path under it must stay below 108 bytes. */
  readonly name: string;
  readonly ssl: boolean;
  readonly certChain?: string;
  readonly key?: string;
  readonly ports: { readonly imap: number; readonly imaps?: number; readonly pop3: number; readonly pop3s?: number };
}

function listener(name: string, port: number | undefined, ssl: boolean): string {
  // port 0 switches a listener off; the implicit-TLS ones exist only with ssl = yes.
  return `  inet_listener ${name} {\n    port = ${port ?? 0}\n${ssl ? '    ssl = yes\n' : ''}  }\n`;
}

export async function startDovecot(s: DovecotSettings, onSpawn: (daemon: Daemon) => void): Promise<Daemon & { authSocket: string }> {
  const base = join(s.dir, s.name);
  mkdirSync(join(base, 'state'), { recursive: true });
  const users = join(s.dir, `${s.name}.users`);
  // A user exists so the auth process has a passdb; no test ever logs in.
  writeFileSync(users, 'nobody:{PLAIN}never-used::::::\n');
  const tls = s.ssl
    ? `ssl = yes\nssl_cert = <${s.certChain}\nssl_key = <${s.key}\nssl_dh = </usr/share/dovecot/dh.pem\n`
    : 'ssl = no\n';
  const conf = join(s.dir, `${s.name}.conf`);
  writeFileSync(
    conf,
    `# written by test/peers/dovecot.ts for one test run
base_dir = ${base}
state_dir = ${base}/state
instance_name = mtp-${s.name}-${process.pid}
log_path = ${s.dir}/${s.name}.log
protocols = imap pop3
listen = 127.0.0.1, 127.0.0.2, ::1
${tls}auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = ${users}
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${base}/home
}
service imap-login {
${listener('imap', s.ports.imap, false)}${listener('imaps', s.ssl ? s.ports.imaps : undefined, s.ssl)}}
service pop3-login {
${listener('pop3', s.ports.pop3, false)}${listener('pop3s', s.ssl ? s.ports.pop3s : undefined, s.ssl)}}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
`,
  );
  const daemon = startDaemon(`dovecot ${s.name}`, 'dovecot', ['-F', '-c', conf], join(s.dir, `${s.name}.out`), onSpawn);
  let alive = true;
  void daemon.exited.then(() => (alive = false));
  const ports = [s.ports.imap, s.ports.pop3, ...(s.ssl ? [s.ports.imaps, s.ports.pop3s] : [])].filter((p): p is number => p !== undefined);
  await waitListening(ports, 10_000, () => alive, `dovecot ${s.name} (log: ${s.dir}/${s.name}.log)`);
  // The first greeting after start can be "Waiting for authentication process to respond";
  // one full greeting here means the auth process is up before any test connects.
  await waitForBanner(s.ports.imap, '127.0.0.1', /Dovecot.*ready\.\r\n/, 10_000);
  return Object.assign(daemon, { authSocket: join(base, 'auth-postfix') });
}
