// Small process helpers for the peer launcher: run a tool to completion with a bound, and
// start a long-lived daemon in its own process group so one signal stops it and its children.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion; rejects with its output when it fails or overruns. */
export function run(command: string, args: readonly string[], options: { input?: string; timeoutMs?: number; allowFail?: boolean; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = { code, stdout, stderr };
      if (code !== 0 && !options.allowFail) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr || stdout}`));
      else resolve(result);
    });
    if (child.stdin) {
      // A tool that exits without reading its input must not turn into an EPIPE crash here.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

export interface Daemon {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited (at once if it already has). */
  readonly exited: Promise<void>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a daemon that stays in the foreground, detached into its own process group.
 * Its output goes to a file, never to a pipe: Dovecot keeps stderr open after forking its
 * children, and a pipe nobody drains would block them or keep the test runner waiting.
 */
export function startDaemon(name: string, command: string, args: readonly string[], logFile: string, onSpawn?: (daemon: Daemon) => void): Daemon {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let done = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      done = true;
      resolve();
    });
    child.once('error', () => {
      done = true;
      resolve();
    });
  });
  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const daemon: Daemon = {
    name,
    child,
    exited,
    async stop(graceMs = 3000) {
      if (done && child.pid !== undefined) {
        // The leader is gone but children it left in the group may not be.
        signalGroup('SIGKILL');
        return;
      }
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      signalGroup('SIGKILL');
    },
  };
  // The owner learns of the daemon before anything can fail, so a failed start still stops it.
  onSpawn?.(daemon);
  return daemon;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
