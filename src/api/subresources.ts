import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { admitNodeEviction, admitNodeTokenRequest } from './admission/node-restriction.js';
import { componentToken, KUBELET_CLIENT_USER } from './auth/component-tokens.js';
import { requestToken } from './auth/token-request.js';
import { errors } from './errors.js';
import { type Eviction, evict } from './eviction.js';
import type { ApiServerOptions } from './http-server.js';
import { NODE_PROXY, SERVICE_PROXY } from './kinds/subresources.js';
import type { Binding } from './kinds/types.generated.js';
import { limitBytesOf, limitedWriter } from './log-limit.js';
import { decodeBody, readBody, readObject } from './negotiate.js';
import { applyPatch } from './patch/index.js';
import { nodeEndpoint, podEndpoint, proxy, serviceEndpoint } from './proxy.js';
import type { ResourceRoute } from './route.js';
import { readScale, writeScale } from './scale.js';
import { resolveRef } from './schema/index.js';
import type { RequestContext, ResourceService } from './service.js';
import type { KubeObject } from './types.js';

export interface LogOptions {
  container?: string;
  follow?: boolean;
  /** The previous, ended run of the container (kept until its next restart). */
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
  /** RFC 3339: only lines from this time on. */
  sinceTime?: string;
}

/** What the API server needs of the container runtime to serve pods/log, exec, attach and portforward. */
export interface PodIO {
  logs(pod: KubeObject, opts: LogOptions, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void>;
  upgrade(
    svc: ResourceService,
    r: ResourceRoute,
    url: URL,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    /** The cluster's bridge network: port-forward reaches pods there only. */
    podNetwork?: string,
  ): void;
}

function send(res: ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const created = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

function only(method: string, allowed: string): void {
  if (method !== allowed) throw errors.methodNotAllowed();
}

/** Subresources other than status: binding, eviction, scale, token, log, proxy, and a Namespace's finalize. */
export async function handleSubresource(
  opts: ApiServerOptions,
  r: ResourceRoute,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext,
): Promise<void> {
  const svc = opts.service;
  const { def, namespace, name, subresource } = r;
  const method = req.method ?? 'GET';
  const sub = def.subresources?.find((s) => s.name === subresource);
  if (!sub || !name) throw errors.pathNotFound();
  switch (sub.name) {
    case 'binding':
      only(method, 'POST');
      await svc.bind(namespace ?? '', name, (await readObject(req)) as Binding, ctx);
      return send(res, 201, created);
    case 'eviction': {
      only(method, 'POST');
      const raw = await readBody(req);
      const eviction = (
        raw.length ? await decodeBody(raw, req.headers['content-type'] ?? '', false) : {}
      ) as Eviction;
      await admitNodeEviction(svc, ctx.user, namespace ?? '', name);
      await evict(svc, namespace ?? '', name, eviction, ctx);
      return send(res, 201, created);
    }
    case 'token': {
      only(method, 'POST');
      const body = await readObject(req);
      await admitNodeTokenRequest(svc, ctx.user, def, namespace, name, body);
      return send(res, 201, await requestToken(svc, opts.tokens, def, namespace, name, body));
    }
    case 'finalize':
      only(method, 'PUT');
      return send(res, 200, await svc.finalize(name, await readObject(req), ctx));
    case 'scale':
      return serveScale(svc, r, req, res, ctx);
    case 'log':
      only(method, 'GET');
      return serveLog(opts, r, url, res);
    case 'proxy':
      return proxy(
        await (sub === SERVICE_PROXY ? serviceEndpoint : sub === NODE_PROXY ? nodeEndpoint : podEndpoint)(
          svc,
          r,
          opts.podNetwork,
        ),
        r,
        url,
        req,
        res,
        sub === NODE_PROXY ? `Bearer ${componentToken(opts.token, KUBELET_CLIENT_USER)}` : undefined,
      );
    default:
      throw errors.badRequest(`${subresource} needs a connection upgrade (WebSocket)`);
  }
}

/** A log request's sinceTime, checked as Kubernetes checks PodLogOptions. */
function sinceTimeOf(q: URLSearchParams): string | undefined {
  const t = q.get('sinceTime');
  if (!t) return undefined;
  if (q.get('sinceSeconds'))
    throw errors.badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(t) ||
    Number.isNaN(Date.parse(t))
  )
    throw errors.badRequest(
      `parsing time "${t}" as "2006-01-02T15:04:05Z07:00": cannot parse "${t}" as RFC 3339`,
    );
  return t;
}

async function serveLog(opts: ApiServerOptions, r: ResourceRoute, url: URL, res: ServerResponse) {
  if (!opts.pods)
    throw errors.badRequest('logs are not available: this control plane has no container runtime');
  const q = url.searchParams;
  const limit = limitBytesOf(q, r.name!);
  const pod = await opts.service.get(r.def, r.namespace, r.name!);
  const num = (k: string) => (q.get(k) ? Number(q.get(k)) : undefined);
  const ac = new AbortController();
  res.on('close', () => ac.abort());
  // The head goes out with the first line: a container that has no logs yet still gets a Status error.
  res.setHeader('Content-Type', 'text/plain');
  await opts.pods.logs(
    pod,
    {
      container: q.get('container') ?? undefined,
      follow: q.get('follow') === 'true',
      previous: q.get('previous') === 'true',
      tailLines: num('tailLines'),
      timestamps: q.get('timestamps') === 'true',
      sinceSeconds: num('sinceSeconds'),
      sinceTime: sinceTimeOf(q),
    },
    limitedWriter(res, limit, () => ac.abort()),
    ac.signal,
  );
  if (!res.headersSent) res.writeHead(200);
  res.end();
}

async function serveScale(
  svc: ResourceService,
  r: ResourceRoute,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext,
) {
  const { def, namespace, name } = r;
  const method = req.method ?? 'GET';
  const current = await readScale(svc, def, namespace, name!);
  if (method === 'GET') return send(res, 200, current);
  let scale: Parameters<typeof writeScale>[4];
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (method === 'PUT') scale = (await decodeBody(await readBody(req), contentType, false)) as typeof scale;
  else if (method === 'PATCH') {
    const patch = await decodeBody(await readBody(req), contentType, true);
    // A Scale is autoscaling/v1's for every kind; a custom kind's takes no strategic merge patch, as
    // its OpenAPI says.
    const schema = def.untyped ? undefined : resolveRef('io.k8s.api.autoscaling.v1.Scale');
    scale = applyPatch(contentType, current, patch, schema, resolveRef) as typeof scale;
  } else throw errors.methodNotAllowed();
  // Only an update names the version it read; a patch applies to whatever is current.
  if (method === 'PATCH' && scale?.metadata) delete scale.metadata.resourceVersion;
  return send(res, 200, await writeScale(svc, def, namespace, name!, scale, ctx));
}
