// The filtered port: an nftables table of our own on the loopback interface that drops SYNs
// to one port, so a connect gets no answer at all — what a firewall's silent drop looks like.
// Chosen over a network namespace because the probe then runs in the test process as is;
// the table carries the run's id so a crashed run's rule can be found and removed.
import { spawnSync } from 'node:child_process';
import { run } from './exec';

export const TABLE_PREFIX = 'mtp_';

export async function dropPort(tableId: string, port: number): Promise<() => void> {
  const table = `${TABLE_PREFIX}${tableId}`;
  const rules = `table inet ${table} {\n  chain input {\n    type filter hook input priority -10; policy accept;\n    iif "lo" tcp dport ${port} drop\n  }\n}\n`;
  await run('nft', ['-f', '-'], { input: rules, timeoutMs: 5000 });
  return () => removeTable(tableId);
}

/** Synchronous so it can run from a signal or exit handler. */
export function removeTable(tableId: string): void {
  spawnSync('nft', ['delete', 'table', 'inet', `${TABLE_PREFIX}${tableId}`], { stdio: 'ignore', timeout: 5000 });
}

export function listOurTables(): string[] {
  const result = spawnSync('nft', ['list', 'tables'], { encoding: 'utf8', timeout: 5000 });
  if (result.status !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => /^table inet (\S+)$/.exec(line.trim())?.[1])
    .filter((name): name is string => name !== undefined && name.startsWith(TABLE_PREFIX))
    .map((name) => name.slice(TABLE_PREFIX.length));
}
