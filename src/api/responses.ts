import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import { ApiError, errors } from './errors.js';
import type { Rendering } from './negotiate.js';
import type { Status } from './types.js';

const TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];

/**
 * Whether to indent JSON answers, as the API server decides: `?pretty=` (Go's ParseBool), else
 * for browsers and command-line HTTP tools.
 */
export function prettyPrint(req: IncomingMessage, url: URL): boolean {
  const pretty = url.searchParams.get('pretty');
  if (pretty) return TRUE.includes(pretty);
  const agent = req.headers['user-agent'] ?? '';
  return agent.startsWith('curl') || agent.startsWith('Wget') || agent.startsWith('Mozilla/5.0');
}

export interface Reply {
  res: ServerResponse;
  pretty: boolean;
}

export function sendJson(
  { res, pretty }: Reply,
  code: number,
  body: unknown,
  contentType = 'application/json',
  rendering: Rendering = 'json',
  headers: Record<string, string> = {},
): void {
  const text =
    rendering === 'yaml' ? toYaml(body) : pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
  res.writeHead(code, {
    ...headers,
    'Content-Type': rendering === 'yaml' ? 'application/yaml' : contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answers 304 when the client holds this version of the document already. */
export function notModified(req: IncomingMessage, res: ServerResponse, etag: string): boolean {
  if (req.headers['if-none-match'] !== etag) return false;
  res.writeHead(304, { ETag: etag });
  res.end();
  return true;
}

/** Any failure as a Status; what is not an ApiError is a bug, logged and answered 500. */
export function sendError(reply: Reply, err: unknown): void {
  const status: Status =
    err instanceof ApiError
      ? err.status
      : errors.internal(err instanceof Error ? err.message : String(err)).status;
  if (!(err instanceof ApiError)) console.error(err);
  if (reply.res.headersSent) {
    reply.res.destroy();
    return;
  }
  sendJson(reply, status.code, status);
}
