import type { IncomingMessage } from 'node:http';
import { checkBracketDepth, checkDepth, checkTypeMeta } from './body-limits.js';
import { ApiError, errors } from './errors.js';
import { PROTOBUF_MEDIA_TYPE } from './protobuf/media-type.js';
import { parseYamlBody } from './yaml-off-thread.js';

export const MAX_BODY = 3 * 1024 * 1024;

export type Rendering = 'json' | 'table' | 'yaml';

/** Picks how to render a response from the Accept header, as the API server negotiates it. */
export function negotiate(accept: string | undefined): Rendering {
  if (!accept) return 'json';
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const p = Object.fromEntries(params.map((x) => x.split('=').map((s) => s.trim())));
    if (
      type === 'application/json' &&
      p.as === 'Table' &&
      p.g === 'meta.k8s.io' &&
      (p.v === 'v1' || p.v === 'v1beta1')
    )
      return 'table';
    if (type === 'application/json' && !p.as) return 'json';
    if (type === 'application/yaml' && !p.as) return 'yaml';
    if (type === '*/*' || type === 'application/*') return 'json';
  }
  throw errors.notAcceptable(
    'only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io',
  );
}

/** Reads a request body up to the 3 MiB limit Kubernetes enforces. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) {
      req.resume();
      return reject(errors.tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        req.resume();
        reject(errors.tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function mediaType(header: string | undefined): string {
  return (header ?? 'application/json').split(';')[0].trim().toLowerCase();
}

const PATCH_TYPES = new Set([
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]);

/** Reads and decodes the object a write sends (JSON, YAML or protobuf). */
export async function readObject(req: IncomingMessage, kind?: string): Promise<unknown> {
  const body = await readBody(req);
  try {
    return await decodeBody(body, req.headers['content-type'] ?? '', false);
  } catch (err) {
    // What kube-apiserver's transformDecodeError says of a body it cannot even find a kind in.
    if (!kind || !(err instanceof JsonSyntaxError)) throw err;
    throw errors.badRequest(
      `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${err.detail} (${summarizeData(body)})`,
    );
  }
}

/** A body that is not JSON: a 400 of its own, whose Go-worded detail a caller may quote. */
class JsonSyntaxError extends ApiError {
  constructor(readonly detail: string) {
    super(errors.badRequest(`error decoding JSON: ${detail}`).status);
  }
}

/** Go's encoding/json message for a body that does not start as JSON does. */
function goJsonError(text: string, jsError: Error): string {
  const first = text.trimStart()[0];
  return first && !/[[{"\-0-9tfn]/.test(first)
    ? `invalid character '${first}' looking for beginning of value`
    : jsError.message.split('\n')[0];
}

/** apimachinery's summarizeData: the first 30 bytes, as text if JSON, else in hex. */
function summarizeData(data: Buffer): string {
  if (!data.length) return '<empty>';
  const head = data.subarray(0, 30);
  const more = data.length > 30 ? ' ...' : '';
  return data[0] === 0x7b ? `${head.toString('utf8')}${more}` : `${head.toString('hex')}${more}`;
}

/** Decodes a body of a write verb: JSON or YAML objects; patches in their own types. */
export async function decodeBody(buf: Buffer, contentType: string, patch: boolean): Promise<unknown> {
  // A write without a Content-Type is JSON, as kube-apiserver reads it: client-go's scale client
  // (kubectl scale --current-replicas) PUTs its Scale with none.
  const type = mediaType(contentType) || (patch ? '' : 'application/json');
  // kubectl's typed commands (create, expose, run, scale) send built-in objects as protobuf.
  if (!patch && type === PROTOBUF_MEDIA_TYPE) {
    // Loaded on first use: protobufjs and the message definitions would slow every server start.
    const { decodeProtobufObject } = await import('./protobuf/decode.js');
    return decodeProtobufObject(buf);
  }
  const text = buf.toString('utf8');
  if (patch ? !PATCH_TYPES.has(type) : type !== 'application/json' && type !== 'application/yaml') {
    throw errors.unsupportedMediaType(type);
  }
  if (!text.trim()) throw errors.badRequest('the body of the request is empty');
  const format = type.endsWith('yaml') ? 'YAML' : 'JSON';
  checkBracketDepth(text, format);
  let value: unknown;
  if (format === 'YAML') value = await parseYamlBody(text);
  else {
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new JsonSyntaxError(goJsonError(text, err as Error));
    }
  }
  checkDepth(value, format);
  if (!patch) checkTypeMeta(value);
  return value;
}
