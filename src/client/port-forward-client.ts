/**
 * The client side of pods/portforward (portforward.k8s.io over SPDY/3.1): one upgraded
 * connection per forward session, two streams per forwarded TCP connection, as kubectl's.
 * Node's `ws` refuses the "SPDY/3.1+portforward.k8s.io" WebSocket subprotocol kubectl tries
 * first, so this client takes the plain SPDY upgrade kubectl falls back to.
 */
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Connection } from './client.js';
import { refusal } from './exec-client.js';
import { SpdyConnection } from './spdy/connection.js';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';

/** Upgrades `.../pods/NAME/portforward` to a SPDY session. */
export function dialPortForward(conn: Connection, namespace: string, pod: string): Promise<SpdyConnection> {
  const url = new URL(
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/portforward`,
    conn.server,
  );
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      method: 'POST',
      ca: conn.ca,
      headers: {
        Authorization: `Bearer ${conn.token}`,
        Connection: 'Upgrade',
        Upgrade: 'SPDY/3.1',
        'X-Stream-Protocol-Version': PORT_FORWARD_PROTOCOL,
      },
    });
    req.on('upgrade', (res, socket: Socket, head: Buffer) => {
      if (res.headers['x-stream-protocol-version'] !== PORT_FORWARD_PROTOCOL) {
        socket.destroy();
        reject(
          new Error(
            `unable to negotiate protocol: server returned "${res.headers['x-stream-protocol-version'] ?? ''}"`,
          ),
        );
        return;
      }
      if (head.length) socket.unshift(head);
      // Small frames (stream openings, short replies) go out at once, not after Nagle's wait.
      socket.setNoDelay(true);
      resolve(new SpdyConnection(socket, { server: false }));
    });
    req.on('response', (res) => refusal(res).then(reject));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Forwards one local connection through the session to the pod's `remotePort`. Resolves with
 * the server's error for this connection, empty when there was none.
 */
export async function forwardConnection(
  session: SpdyConnection,
  local: Socket,
  remotePort: number,
  requestId: number,
): Promise<string> {
  const headers = { streamType: 'error', port: String(remotePort), requestID: String(requestId) };
  const errorStream = await session.openStream(headers);
  // Nothing is ever written on the error stream: its end tells the server so.
  errorStream.end();
  const message = new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    errorStream.on('data', (c: Buffer) => chunks.push(c));
    errorStream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    errorStream.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  const data = await session.openStream({ ...headers, streamType: 'data' });
  data.on('error', () => undefined);
  local.on('error', () => undefined);
  local.pipe(data);
  data.pipe(local);
  // Once the pod's side has ended, nothing more is read: the server may let go of the stream.
  await new Promise<void>((resolve) => {
    data.once('end', resolve);
    data.once('close', resolve);
  });
  data.reset();
  return message;
}
