// A greeting that arrives late with nothing before it: silence on connect is also what an
// implicit-TLS port looks like to a plaintext client, so the probe must not take a slow
// plaintext server for TLS. Postscreen's own pause sends a "220-" line first; this proxy
// holds every byte of a real Postfix port back for `delayMs` instead.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface DelayProxy {
  readonly port: number;
  close(): Promise<void>;
}

export function startDelayProxy(listenPort: number, targetPort: number, delayMs: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const handle = (client: Socket): void => {
    const upstream = connect({ port: targetPort, host: '127.0.0.1' });
    sockets.add(client);
    sockets.add(upstream);
    const held: Buffer[] = [];
    let open = false;
    let upstreamClosed = false;
    const end = (): void => {
      clearTimeout(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    const timer = setTimeout(() => {
      open = true;
      for (const chunk of held) client.write(chunk);
      held.length = 0;
      // A server that spoke and hung up during the delay is still heard, then closed.
      if (upstreamClosed) client.end(() => end());
    }, delayMs);
    upstream.on('data', (chunk: Buffer) => (open ? client.write(chunk) : held.push(chunk)));
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('close', () => {
      upstreamClosed = true;
      if (open) end();
    });
    client.on('close', end);
    upstream.on('error', () => (upstreamClosed = true));
    client.on('error', end);
  };
  // One listener per loopback address the other peers use, never a wildcard bind.
  const listeners = ['127.0.0.1', '127.0.0.2'].map((host) => {
    const listener = createServer(handle);
    return new Promise<Server>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(listenPort, host, () => resolve(listener));
    });
  });
  return Promise.all(listeners).then((bound) => ({
    port: listenPort,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        let open = bound.length;
        for (const listener of bound) listener.close(() => --open === 0 && done());
      }),
  }));
}
