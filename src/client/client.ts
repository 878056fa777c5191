import https from 'node:https';
import { ApiError, errors } from '../api/errors.js';
import type { ApiResource } from '../api/kinds/kind-def.js';
import { groupVersion } from '../api/kinds/registry.js';
import { patchTypes } from '../api/patch/types.js';
import type { KubeList, KubeObject, Status, WatchEvent } from '../api/types.js';
import type { KubeClient, ListQuery, PatchType, Query, WatchHandle, WatchQuery } from './kube-client.js';

export type { ListQuery, WatchHandle } from './kube-client.js';

/** Where and how to reach an API server: what a kubeconfig context holds. */
export interface Connection {
  server: string; // https://127.0.0.1:PORT
  ca: string; // PEM
  token: string;
  /** Names the writer: the API server takes a write's field manager from it up to the first '/'. */
  userAgent?: string;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  accept?: string;
  timeoutMs?: number;
}

/**
 * A handful of connections, as a kubelet's one HTTP/2 connection carries all its requests: each
 * TLS connection holds about 100 KB of the process's memory, and a node agent adopting 100 pods at
 * once had opened 64 and kept them all (docs/nodes-and-pods.md, "The agent's memory").
 */
export const DAEMON_POOL = { maxSockets: 8, maxFreeSockets: 4 };

/** A typed HTTP client of the minik8s (or any Kubernetes) API server. */
export class Client implements KubeClient {
  private readonly agent: https.Agent;
  // Watches and log streams hold their connection for minutes: they must not queue requests
  // behind them in the pooled agent.
  private readonly streamAgent: https.Agent;

  /**
   * `pool`: how many connections requests share, and how many stay open idle. A daemon that lives
   * on a node takes DAEMON_POOL; a client that measures or drives load keeps the defaults.
   */
  constructor(
    readonly conn: Connection,
    pool: { maxSockets: number; maxFreeSockets?: number } = { maxSockets: 64 },
  ) {
    this.agent = new https.Agent({ ca: conn.ca, keepAlive: true, ...pool });
    this.streamAgent = new https.Agent({ ca: conn.ca });
  }

  close(): void {
    this.agent.destroy();
    this.streamAgent.destroy();
  }

  /** The REST path of a collection or object (and subresource). */
  static path(def: ApiResource, namespace?: string, name?: string, subresource?: string): string {
    const prefix = def.group ? `/apis/${groupVersion(def)}` : `/api/${def.version}`;
    const ns = def.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    let p = `${prefix}${ns}/${def.resource}`;
    // An empty name would address the collection: a delete would empty it.
    if (name === '') throw new Error('resource name may not be empty');
    if (name) p += `/${encodeURIComponent(name)}`;
    if (subresource) p += `/${subresource}`;
    return p;
  }

  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.raw(method, path, opts);
    const text = res.body.toString('utf8');
    const parsed = text ? safeJson(text) : undefined;
    if (res.status >= 400) throw toApiError(res.status, parsed, text);
    return parsed as T;
  }

  raw(
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
    const payload = opts.body === undefined ? undefined : encodeBody(opts.body);
    return new Promise((resolve, reject) => {
      const req = https.request(this.url(path, opts.query), this.options(method, opts, payload), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      if (opts.timeoutMs)
        req.setTimeout(opts.timeoutMs, () =>
          req.destroy(new Error(`request timed out after ${opts.timeoutMs} ms`)),
        );
      req.end(payload);
    });
  }

  get<T extends KubeObject = KubeObject>(
    def: ApiResource,
    namespace: string | undefined,
    name: string,
    subresource?: 'scale',
  ): Promise<T> {
    return this.request<T>('GET', Client.path(def, namespace, name, subresource));
  }

  list<T extends KubeObject = KubeObject>(def: ApiResource, q: ListQuery = {}): Promise<KubeList<T>> {
    const { namespace, ...query } = q;
    return this.request<KubeList<T>>('GET', Client.path(def, namespace), { query: { ...query } });
  }

  create<T extends KubeObject = KubeObject>(def: ApiResource, obj: KubeObject, query?: Query): Promise<T> {
    return this.request<T>('POST', Client.path(def, obj.metadata.namespace), { body: obj, query });
  }

  update<T extends KubeObject = KubeObject>(
    def: ApiResource,
    obj: KubeObject,
    subresource?: string,
  ): Promise<T> {
    return this.request<T>('PUT', Client.path(def, obj.metadata.namespace, obj.metadata.name, subresource), {
      body: obj,
    });
  }

  patch<T extends KubeObject = KubeObject>(
    def: ApiResource,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'merge',
    subresource?: 'status',
    query?: Query,
  ): Promise<T> {
    return this.request<T>('PATCH', Client.path(def, namespace, name, subresource), {
      body: patch,
      contentType: patchTypes[type],
      query,
    });
  }

  delete(
    def: ApiResource,
    namespace: string | undefined,
    name: string,
    options?: Record<string, unknown>,
  ): Promise<KubeObject | Status> {
    return this.request('DELETE', Client.path(def, namespace, name), {
      body: options ? { kind: 'DeleteOptions', apiVersion: 'v1', ...options } : undefined,
    });
  }

  createSubresource<T = unknown>(
    def: ApiResource,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
  ): Promise<T> {
    return this.request<T>('POST', Client.path(def, namespace, name, subresource), { body });
  }

  /**
   * Streams watch events. The server ends the stream on timeoutSeconds; an ERROR event
   * carries a Status (410 Expired means: list again).
   */
  watch<T = KubeObject>(def: ApiResource, q: WatchQuery, onEvent: (ev: WatchEvent<T>) => void): WatchHandle {
    const { namespace, ...query } = q;
    return this.stream(Client.path(def, namespace), { query: { ...query, watch: true } }, (line) => {
      onEvent(JSON.parse(line) as WatchEvent<T>);
    });
  }

  /** A GET whose body arrives in pieces: each newline-terminated line goes to onLine. */
  stream(
    path: string,
    opts: RequestOptions,
    onLine: (line: string) => void,
    onChunk?: (chunk: Buffer) => void,
  ): WatchHandle {
    let req: ReturnType<typeof https.request> | undefined;
    const done = new Promise<void>((resolve, reject) => {
      req = https.request(
        this.url(path, opts.query),
        { ...this.options('GET', opts), agent: this.streamAgent },
        (res) => {
          if ((res.statusCode ?? 0) >= 400) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              reject(toApiError(res.statusCode ?? 0, safeJson(text), text));
            });
            return;
          }
          let buf = '';
          res.on('data', (c: Buffer) => {
            if (onChunk) return onChunk(c);
            buf += c.toString('utf8');
            let i = buf.indexOf('\n');
            while (i >= 0) {
              const line = buf.slice(0, i).trim();
              buf = buf.slice(i + 1);
              if (line) onLine(line);
              i = buf.indexOf('\n');
            }
          });
          res.on('end', () => {
            if (buf.trim()) onLine(buf.trim());
            resolve();
          });
          res.on('close', () => resolve());
          res.on('error', () => resolve());
        },
      );
      req.on('error', (err) =>
        (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(err),
      );
      req.end();
    });
    return {
      stop: () => req?.destroy(),
      done,
    };
  }

  private url(path: string, query?: RequestOptions['query']): URL {
    const url = new URL(path, this.conn.server);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url;
  }

  private options(method: string, opts: RequestOptions, payload?: string): https.RequestOptions {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.conn.token}`,
      Accept: opts.accept ?? 'application/json',
      'User-Agent': this.conn.userAgent ?? 'minik8s',
    };
    if (payload !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      // Node sends a DELETE body without framing unless told its length.
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    return { method, agent: this.agent, headers };
  }
}

function encodeBody(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The error an API answer of `status` >= 400 says, from its body (a Status, or anything else). */
export function answerError(status: number, body: Buffer): ApiError {
  const text = body.toString('utf8');
  return toApiError(status, safeJson(text), text);
}

function toApiError(code: number, parsed: unknown, text: string): ApiError {
  const s = parsed as Status | undefined;
  if (s && s.kind === 'Status') return new ApiError(s);
  const e = errors.internal(text.slice(0, 200) || `HTTP ${code}`);
  e.status.code = code;
  return e;
}
