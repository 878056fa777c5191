import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

/** Where a raw request goes: the API server's port and the CA that signed its certificate. */
export interface RawTarget {
  port: number;
  ca: string;
}

export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * One HTTPS request with its path sent byte for byte: no URL parsing on this side, so `%2e%2e`,
 * bad escapes and 20 KB paths reach the server as a hostile client sends them.
 */
export function rawRequest(
  t: RawTarget,
  method: string,
  path: string,
  opts: { token?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: t.port,
        method,
        path,
        ca: t.ca,
        agent: false,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          // Node sends a DELETE's body with neither length nor chunks unless told its length.
          ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('timed out')));
    req.end(opts.body);
  });
}

/** Sends `head` (a whole HTTP/1.1 request head) over TLS and resolves with the status line's code. */
export function rawExchange(t: RawTarget, head: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: t.port, ca: t.ca }, () => socket.write(head));
    let got = '';
    socket.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      const line = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (line) {
        socket.destroy();
        resolve(Number(line[1]));
      }
    });
    socket.on('error', reject);
    socket.on('end', () => reject(new Error(`connection closed with no answer: ${JSON.stringify(got)}`)));
  });
}

/** Sends `head` over TLS and resets the TCP connection at once, as a client that gives up does. */
export function rawReset(t: RawTarget, head: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tcp = net.connect({ host: '127.0.0.1', port: t.port });
    const socket = tls.connect({ socket: tcp, ca: t.ca, host: '127.0.0.1' }, () => {
      socket.write(head, () => {
        tcp.resetAndDestroy();
        resolve();
      });
    });
    socket.on('error', reject);
  });
}
