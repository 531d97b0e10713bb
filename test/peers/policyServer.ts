// The HTTPS side of MTA-STS: https://mta-sts.<domain>/.well-known/mta-sts.txt, served from
// the test process with a certificate of the local CA. The behaviour per test domain is
// chosen by the Host header, so one server covers the good policy and each way it can fail.
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { LeafFiles } from './pki';

export type PolicyBehaviour =
  | { readonly kind: 'policy'; readonly body: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'huge'; readonly bytes: number }
  | { readonly kind: 'hang' };

export interface PolicyServer {
  readonly port: number;
  /** Paths requested, by host, so a test can tell a redirect was not followed. */
  readonly requests: string[];
  close(): Promise<void>;
}

export function startPolicyServer(port: number, leaf: LeafFiles, byHost: Readonly<Record<string, PolicyBehaviour>>): Promise<PolicyServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer({ key: readFileSync(leaf.key), cert: readFileSync(leaf.chain) }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    requests.push(`${host}${req.url ?? ''}`);
    const behaviour = byHost[host];
    if (req.url !== '/.well-known/mta-sts.txt' || behaviour === undefined) {
      res.writeHead(404).end();
      return;
    }
    switch (behaviour.kind) {
      case 'policy':
        res.writeHead(200, { 'content-type': 'text/plain' }).end(behaviour.body);
        return;
      case 'redirect':
        res.writeHead(301, { location: behaviour.location }).end();
        return;
      case 'status':
        res.writeHead(behaviour.status).end();
        return;
      case 'huge':
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`version: STSv1\r\nmode: testing\r\nmax_age: 86400\r\n${'mx: mx.filler.test\r\n'.repeat(Math.ceil(behaviour.bytes / 20))}`);
        return;
      case 'hang':
        return; // never answers: the client's deadline must end it
    }
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        port,
        requests,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
