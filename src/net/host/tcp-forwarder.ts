import net from 'node:net';
import type { Backend } from './backends.js';

/** A listener on the host that hands what arrives to the backend `pick` names then. */
export interface Forwarder {
  readonly address: string;
  readonly port: number;
  /** Stops listening and cuts the connections it carries. */
  close(): Promise<void>;
}

/** Joins two sockets both ways; either side ending or failing ends both. */
export function splice(a: net.Socket, b: net.Socket): void {
  a.setNoDelay(true);
  b.setNoDelay(true);
  a.pipe(b);
  b.pipe(a);
  const end = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', end).on('close', end);
  b.on('error', end).on('close', end);
}

/**
 * Listens on host:port and forwards each connection to the backend `pick` names for its client. With no backend the
 * connection is reset at once, as kube-proxy rejects a Service without endpoints: the client
 * sees the refusal instead of waiting on a connection nobody serves. Resolves once listening;
 * rejects with the listen error (EADDRINUSE when another program holds the port).
 */
export function openTcpForwarder(
  address: string,
  port: number,
  pick: (client: string) => Backend | undefined,
): Promise<Forwarder> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const backend = pick(client.remoteAddress ?? '');
    if (!backend) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ host: backend.ip, port: backend.port });
    sockets.add(client).add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', forget);
    splice(client, upstream);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve({
        address,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}
