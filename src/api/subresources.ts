import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { labelSelectorToString } from '../store/selector.js';
import { errors } from './errors.js';
import { type Eviction, evict } from './eviction.js';
import type { ApiServerOptions } from './http-server.js';
import type { ScalePaths } from './kinds/index.js';
import { SERVICE_PROXY } from './kinds/subresources.js';
import type { Binding } from './kinds/types.generated.js';
import { decodeBody, readBody, readObject } from './negotiate.js';
import { applyPatch } from './patch/index.js';
import { podEndpoint, proxy, serviceEndpoint } from './proxy.js';
import type { ResourceRoute } from './route.js';
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
}

/** What the API server needs of the container runtime to serve pods/log, exec and portforward. */
export interface PodIO {
  logs(pod: KubeObject, opts: LogOptions, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void>;
  upgrade(
    svc: ResourceService,
    r: ResourceRoute,
    url: URL,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
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
      await evict(svc, namespace ?? '', name, eviction, ctx);
      return send(res, 201, created);
    }
    case 'token':
      only(method, 'POST');
      return send(res, 201, opts.tokens.request(await svc.get(def, namespace, name), await readObject(req)));
    case 'finalize':
      only(method, 'PUT');
      return send(res, 200, await svc.finalize(name, await readObject(req), ctx));
    case 'scale':
      return serveScale(svc, r, req, res, sub.scale!, ctx);
    case 'log':
      only(method, 'GET');
      return serveLog(opts, r, url, res);
    case 'proxy':
      return proxy(
        await (sub === SERVICE_PROXY ? serviceEndpoint : podEndpoint)(svc, r, opts.podNetwork),
        r,
        url,
        req,
        res,
      );
    default:
      throw errors.badRequest(`${subresource} needs a connection upgrade (WebSocket)`);
  }
}

async function serveLog(opts: ApiServerOptions, r: ResourceRoute, url: URL, res: ServerResponse) {
  if (!opts.pods)
    throw errors.badRequest('logs are not available: this control plane has no container runtime');
  const pod = await opts.service.get(r.def, r.namespace, r.name!);
  const q = url.searchParams;
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
    },
    res,
    ac.signal,
  );
  if (!res.headersSent) res.writeHead(200);
  res.end();
}

/** The value at a path such as `.spec.replicas`. */
function at(obj: unknown, path: string): unknown {
  let v = obj;
  for (const key of path.split('.').filter(Boolean)) v = (v as Record<string, unknown> | undefined)?.[key];
  return v;
}

/** A merge patch that sets the value at a path such as `.spec.replicas`. */
function setAt(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .filter(Boolean)
    .reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/** A selector string, from a string, a LabelSelector or a plain map of labels. */
function selectorText(selector: unknown): string {
  if (typeof selector === 'string') return selector;
  if (!selector || typeof selector !== 'object') return '';
  const sel = selector as Record<string, unknown>;
  return 'matchLabels' in sel || 'matchExpressions' in sel
    ? labelSelectorToString(sel as Parameters<typeof labelSelectorToString>[0])
    : labelSelectorToString({ matchLabels: sel as Record<string, string> });
}

function toScale(obj: KubeObject, paths: ScalePaths) {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: (at(obj, paths.specReplicasPath) as number | undefined) ?? 0 },
    status: {
      replicas: (at(obj, paths.statusReplicasPath) as number | undefined) ?? 0,
      selector: paths.labelSelectorPath ? selectorText(at(obj, paths.labelSelectorPath)) : '',
    },
  };
}

async function serveScale(
  svc: ResourceService,
  r: ResourceRoute,
  req: IncomingMessage,
  res: ServerResponse,
  paths: ScalePaths,
  ctx: RequestContext,
) {
  const { def, namespace, name } = r;
  const method = req.method ?? 'GET';
  const current = await svc.get(def, namespace, name!);
  if (method === 'GET') return send(res, 200, toScale(current, paths));
  let scale: { spec?: { replicas?: unknown }; metadata?: { resourceVersion?: string } };
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (method === 'PUT') scale = (await decodeBody(await readBody(req), contentType, false)) as typeof scale;
  else if (method === 'PATCH') {
    const patch = await decodeBody(await readBody(req), contentType, true);
    scale = applyPatch(
      contentType,
      toScale(current, paths) as unknown as KubeObject,
      patch,
      undefined,
      () => ({}),
    ) as typeof scale;
  } else throw errors.methodNotAllowed();
  const replicas = scale?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid('autoscaling', 'Scale', name!, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const rv = scale.metadata?.resourceVersion;
  if (method === 'PUT' && rv && rv !== current.metadata.resourceVersion) {
    throw errors.conflict(
      { group: def.group, kind: def.resource, name },
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }
  const updated = await svc.patch(
    def,
    namespace,
    name!,
    'application/merge-patch+json',
    setAt(paths.specReplicasPath, replicas),
    { ...ctx, fieldValidation: 'Ignore' },
  );
  return send(res, 200, toScale(updated, paths));
}
