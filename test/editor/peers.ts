// The real mail peers for the editor run. run.mjs is plain JavaScript and the peers are
// TypeScript, so the build bundles this file to out/test/editor/peers.js; run.mjs starts the
// peers before code-server, and the extension host (and so the suite) inherits the variables
// below, because code-server hands its environment down to it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peerSkipReason } from '../peers/harness';
import { type PeerPorts, startPeers } from '../peers/matrix';

/** What the suite reads from MAIL_TLS_EDITOR_PEERS. */
export interface EditorPeers {
  readonly ports: PeerPorts;
  /** PEM of the run's root CA, for the mailTls.probe.extraCaFiles setting. */
  readonly caFile: string;
}

export const PEERS_VARIABLE = 'MAIL_TLS_EDITOR_PEERS';
export const PEERS_SKIP_VARIABLE = 'MAIL_TLS_EDITOR_PEERS_SKIP';

export interface StartedPeers {
  readonly env: Record<string, string>;
  readonly summary: string;
  stop(): Promise<void>;
}

/**
 * Starts Postfix and the two Dovecots, or says why not. Throws under CI when the machine cannot
 * run them, like every other peer test: a silent skip there would hide a broken set-up.
 */
export async function startEditorPeers(): Promise<StartedPeers> {
  const skip = peerSkipReason();
  if (skip) {
    return { env: { [PEERS_SKIP_VARIABLE]: skip }, summary: `skipped: ${skip}`, stop: async () => undefined };
  }
  const peers = await startPeers({ mail: true });
  // The peers' folder is removed by stop(); the root CA sits in it already, but under a name
  // that belongs to pki.ts, so the suite gets a file of its own.
  const caFile = join(peers.dir, 'editor-root-ca.pem');
  writeFileSync(caFile, peers.pki.rootPem);
  const description: EditorPeers = { ports: peers.ports, caFile };
  return {
    env: { [PEERS_VARIABLE]: JSON.stringify(description) },
    summary: `Postfix and Dovecot up in ${peers.startupMs} ms (${peers.dir})`,
    stop: () => peers.stop(),
  };
}
