/**
 * One HTTP request passed on to a backend, as ingress-nginx passes it: hop-by-hop headers
 * dropped both ways, X-Forwarded-For/-Host/-Port/-Proto set, the body streamed, a backend
 * that cannot be reached answered 502 and one silent for the read timeout 504 (nginx's
 * proxy_read_timeout, 60 s by default). The client's connection is kept alive whatever
 * the backend does with its own (busybox httpd closes each), so a keep-alive client pays for
 * one connection, not one per request.
 */
import http from 'node:http';
import type { TLSSocket } from 'node:tls';
import { endToEndHeaders } from '../../api/hop-by-hop.js';
import type { Backend } from '../host/backends.js';

const appended = (before: string | string[] | undefined, value: string) =>
  before ? `${Array.isArray(before) ? before.join(', ') : before}, ${value}` : value;

/** The request's end-to-end headers and the X-Forwarded-* ones ingress-nginx sets. */
export function forwardedHeaders(req: http.IncomingMessage): http.OutgoingHttpHeaders {
  const headers = endToEndHeaders(req.headers);
  headers['x-forwarded-for'] = appended(req.headers['x-forwarded-for'], req.socket.remoteAddress ?? '');
  headers['x-forwarded-host'] = req.headers['x-forwarded-host'] ?? req.headers.host ?? '';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  headers['x-forwarded-proto'] = (req.socket as TLSSocket).encrypted === true ? 'https' : 'http';
  return headers;
}

const GATEWAY_ERRORS = { 502: '502 Bad Gateway\n', 504: '504 Gateway Time-out\n' };

/**
 * What ingress-nginx answers when the backend cannot be reached or closes without an answer
 * (502), or says nothing for the read timeout (504); once the backend's answer has begun, the
 * client's connection is cut instead.
 */
export function gatewayError(res: http.ServerResponse, status: 502 | 504): void {
  if (res.writableEnded) return;
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(GATEWAY_ERRORS[status]);
}

export function forwardRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  backend: Backend,
  agent: http.Agent,
  readTimeoutMs: number,
): void {
  const upstream = http.request(
    {
      host: backend.ip,
      port: backend.port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req),
      agent,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEndHeaders(answer.headers));
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  upstream.on('error', () => gatewayError(res, 502));
  upstream.setTimeout(readTimeoutMs, () => {
    gatewayError(res, 504);
    upstream.destroy();
  });
  // A client that goes away takes its backend request with it.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}
