/** Serving the OpenAPI documents, with ETags and the hashed, immutable v3 URLs kubectl caches. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { errors } from '../errors.js';
import { notModified, type Reply, sendJson } from '../responses.js';
import { openapiV2 } from './v2.js';
import { openapiDocument, openapiHash, openapiIndex } from './v3.js';

// kubectl asks for the old '@' spelling, which is answered in the new one: Go's mime parser rejects '@'.
const PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const PROTOBUF_TYPES = ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', PROTOBUF];

/** The media type an Accept header asks /openapi/v2 for; undefined when it takes neither. */
function v2MediaType(accept: string | undefined): string | undefined {
  if (!accept) return 'application/json';
  for (const part of accept.split(',')) {
    const type = part.split(';')[0].trim();
    if (PROTOBUF_TYPES.includes(type)) return PROTOBUF;
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'application/json';
  }
  return undefined;
}

const gzipped = new WeakMap<Buffer, Buffer>();

function sendBytes(
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Buffer,
  headers: Record<string, string>,
) {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  let body = bytes;
  if (gzip) {
    body = gzipped.get(bytes) ?? gzipSync(bytes);
    gzipped.set(bytes, body);
  }
  res.writeHead(200, {
    ...headers,
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    Vary: 'Accept, Accept-Encoding',
    'Content-Length': body.length,
  });
  res.end(body);
}

/** GET /openapi/v2, as JSON or as the gnostic protobuf kubectl asks for. */
export async function serveOpenApiV2(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const type = v2MediaType(req.headers.accept);
  if (!type)
    throw errors.notAcceptable(
      `only the following media types are accepted: application/json, ${PROTOBUF_TYPES.join(', ')}`,
    );
  const doc = openapiV2();
  if (notModified(req, res, doc.etag)) return;
  const bytes = type === 'application/json' ? doc.json : await doc.protobuf();
  sendBytes(req, res, bytes, { 'Content-Type': type, ETag: doc.etag });
}

// kube-openapi answers in compact JSON whatever the request's `pretty`.
export function serveOpenApiV3Index(res: ServerResponse): void {
  sendJson({ res, pretty: false }, 200, openapiIndex());
}

/**
 * GET /openapi/v3/<group-version>[?hash=...]: the URL the index names is immutable; a stale hash
 * is sent on to the current one.
 */
export function serveOpenApiV3(req: IncomingMessage, res: ServerResponse, gv: string, url: URL): void {
  const reply: Reply = { res, pretty: false };
  const doc = openapiDocument(gv);
  const hash = openapiHash(gv);
  if (!doc || !hash) throw errors.pathNotFound();
  const asked = url.searchParams.get('hash');
  if (asked && asked !== hash) {
    reply.res.writeHead(301, { Location: `${url.pathname}?hash=${hash}` });
    reply.res.end();
    return;
  }
  const etag = `"${hash}"`;
  if (notModified(req, reply.res, etag)) return;
  sendJson(reply, 200, doc, 'application/json', 'json', {
    ETag: etag,
    ...(asked ? { 'Cache-Control': 'public, immutable' } : {}),
  });
}
