import type { Duplex } from 'node:stream';
import { ApiError, errors } from './errors.js';
import type { Status } from './types.js';

/**
 * The most a request line and headers may take. Go's default is 1 MiB; 64 KiB keeps what one
 * connection can hold small, and still takes any path or selector a real client sends.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * A request's path exactly as sent (still percent-encoded) and its query. The path is never
 * resolved as a URL would resolve it: `/configmaps/%2e%2e` must name an object called "..",
 * which validation refuses, not the collection's parent.
 */
export function requestTarget(raw: string | undefined): { path: string; url: URL } {
  const target = raw ?? '/';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const rooted = path.startsWith('/') ? path : `/${path}`;
  // The URL is for the query and for answers that name the path (redirects), never for routing.
  const url = new URL('https://localhost/');
  url.pathname = rooted;
  if (q >= 0) url.search = target.slice(q);
  return { path: rooted, url };
}

function statusResponse(status: Status, line: string): string {
  const body = JSON.stringify(status);
  return `HTTP/1.1 ${status.code} ${line}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** What Node's parser refused (a head over MAX_HEADER_BYTES, a malformed request) as a Status. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's own handler: no answer into a response already under way.
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || current?.headersSent) return void socket.destroy();
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status: Status = tooLarge
    ? {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `request headers are larger than ${MAX_HEADER_BYTES} bytes`,
        reason: 'RequestHeaderFieldsTooLarge',
        code: 431,
      }
    : errors.badRequest(`malformed HTTP request: ${err.code ?? err.message}`).status;
  socket.end(statusResponse(status, tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'));
}

/** An upgrade that failed in a way no check foresaw: answered, never thrown. */
export function refuseUpgrade(socket: Duplex, err: unknown): void {
  if (!(err instanceof ApiError)) console.error(err);
  const status = err instanceof ApiError ? err.status : errors.internal(String(err)).status;
  if (socket.writable) socket.end(statusResponse(status, status.reason ?? 'Error'));
  else socket.destroy();
}
