/**
 * The Ingress's cheap path for a client that asked for one request on its connection
 * (`Connection: close`, HTTP/1.1, no body): the request head is written to the backend on a
 * connection of its own, and the backend's answer goes to the client byte for byte, not parsed
 * and written again. Both ends close after it, so where the response ends needs no parsing,
 * and nothing in it is the proxy's to change: the backend's `Connection: close` is the right
 * answer for this client too. About half of the proxy's work a request (it parsed and wrote
 * HTTP on both sides); anything else goes through forwardRequest.
 */
import type http from 'node:http';
import net from 'node:net';
import type { Backend } from '../host/backends.js';
import { forwardedHeaders, gatewayError } from './forward-request.js';

export function spliceable(req: http.IncomingMessage): boolean {
  return (
    req.httpVersion === '1.1' &&
    req.headers['transfer-encoding'] === undefined &&
    (req.headers['content-length'] ?? '0') === '0' &&
    /(^|,)\s*close\s*(,|$)/i.test(req.headers.connection ?? '')
  );
}

export function spliceRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  backend: Backend,
  readTimeoutMs: number,
): void {
  let head = `${req.method} ${req.url} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(forwardedHeaders(req)))
    for (const one of Array.isArray(value) ? value : [value]) head += `${name}: ${one}\r\n`;
  head += 'connection: close\r\n\r\n';
  const client = req.socket;
  const upstream = net.connect({ host: backend.ip, port: backend.port });
  // Header values as Node read them, a byte a character (forwardRequest's http.request writes them so too).
  upstream.write(head, 'latin1');
  // Until the backend says something, a failure is still the proxy's to answer (as
  // forwardRequest does); after, the client's connection is the backend's and is cut with it.
  const failed = () => gatewayError(res, 502);
  upstream.on('error', failed).once('end', failed);
  upstream.setTimeout(readTimeoutMs, () => {
    if (upstream.bytesRead === 0) gatewayError(res, 504);
    else client.destroy();
    upstream.destroy();
  });
  upstream.once('data', (first: Buffer) => {
    upstream.off('error', failed).off('end', failed);
    upstream.on('error', () => client.destroy());
    client.write(first);
    upstream.pipe(client);
  });
  // A client that goes away takes its backend connection with it.
  client.once('close', () => upstream.destroy());
}
