import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { labelSelectorToString } from '../store/selector.js';
import { errors } from './errors.js';
import type { ApiServerOptions } from './http-server.js';
import { decodeBody, readBody } from './negotiate.js';
import { applyPatch } from './patch/index.js';
import type { Route } from './route.js';
import type { ResourceService } from './service.js';
import { timestamp } from './time.js';
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
    r: Extract<Route, { type: 'resource' }>,
    url: URL,
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): void;
}

type ResourceRoute = Extract<Route, { type: 'resource' }>;

function send(res: ServerResponse, code: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Subresources other than status: binding, eviction, scale, log, and a Namespace's finalize. */
export async function handleSubresource(
  opts: ApiServerOptions,
  r: ResourceRoute,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
): Promise<void> {
  const svc = opts.service;
  const { def, namespace, name, subresource } = r;
  const known =
    subresource === 'finalize' ? def.kind === 'Namespace' : def.subresources?.includes(subresource as never);
  if (!known || !name) throw errors.pathNotFound();
  switch (subresource) {
    case 'binding': {
      if (method !== 'POST') throw errors.methodNotAllowed();
      const binding = (await decodeBody(
        await readBody(req),
        req.headers['content-type'] ?? '',
        false,
      )) as KubeObject & { target?: { kind?: string; name?: string } };
      await bind(svc, r, binding);
      return send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    }
    case 'token': {
      if (method !== 'POST') throw errors.methodNotAllowed();
      const body = await decodeBody(await readBody(req), req.headers['content-type'] ?? '', false);
      return send(res, 201, opts.tokens.request(await svc.get(def, namespace, name), body));
    }
    case 'eviction': {
      if (method !== 'POST') throw errors.methodNotAllowed();
      await readBody(req);
      await svc.delete(def, namespace, name, {});
      return send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    }
    case 'scale':
      return serveScale(svc, r, req, res, method);
    case 'finalize': {
      if (method !== 'PUT') throw errors.methodNotAllowed();
      const body = (await decodeBody(
        await readBody(req),
        req.headers['content-type'] ?? '',
        false,
      )) as KubeObject;
      const current = await svc.get(def, undefined, name);
      const finalizers = (body.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
      return send(res, 200, await finalizeNamespace(svc, current, finalizers));
    }
    case 'log': {
      if (method !== 'GET') throw errors.methodNotAllowed();
      if (!opts.pods)
        throw errors.badRequest('logs are not available: this control plane has no container runtime');
      const pod = await svc.get(def, namespace, name);
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
      return;
    }
    default:
      throw errors.badRequest(`${subresource} needs a connection upgrade (WebSocket)`);
  }
}

/** Binds a pod to a node, as the scheduler does through pods/binding. */
export async function bind(
  svc: ResourceService,
  r: Pick<ResourceRoute, 'def' | 'namespace' | 'name'>,
  binding: { target?: { kind?: string; name?: string } },
): Promise<KubeObject> {
  const node = binding.target?.name;
  if (!node)
    throw errors.invalid('', 'Binding', r.name ?? '', [
      { reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' },
    ]);
  const pod = await svc.get(r.def, r.namespace, r.name!);
  const spec = pod.spec as { nodeName?: string };
  if (spec.nodeName) {
    throw errors.conflict(
      { kind: 'pods', name: r.name },
      `pod ${r.name} is already assigned to node "${spec.nodeName}"`,
    );
  }
  if (pod.metadata.deletionTimestamp)
    throw errors.conflict(
      { kind: 'pods', name: r.name },
      `pod ${r.name} is being deleted, cannot be assigned to a host`,
    );
  const next = structuredClone(pod);
  (next.spec as { nodeName?: string }).nodeName = node;
  const status = (next.status ??= {}) as {
    conditions?: { type: string; status: string; lastTransitionTime?: string | null; lastProbeTime?: null }[];
  };
  status.conditions = [
    ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
    {
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: timestamp(),
    },
  ];
  return svc.store.update({ group: '', resource: 'pods' }, next, {
    expectedRevision: Number(pod.metadata.resourceVersion),
  });
}

/** Drops a Namespace's spec.finalizers; an emptied, terminating namespace is then gone. */
export function finalizeNamespace(
  svc: ResourceService,
  ns: KubeObject,
  finalizers: string[],
): Promise<KubeObject> {
  const next = structuredClone(ns);
  (next.spec as { finalizers?: string[] }) = { ...(next.spec as object), finalizers };
  const ref = { group: '', resource: 'namespaces' };
  const rev = { expectedRevision: Number(ns.metadata.resourceVersion) };
  if (next.metadata.deletionTimestamp && finalizers.length === 0 && !next.metadata.finalizers?.length) {
    return svc.store.delete<KubeObject>(ref, '', ns.metadata.name!, rev);
  }
  return svc.store.update(ref, next, rev);
}

function toScale(obj: KubeObject) {
  const spec = obj.spec as { replicas?: number; selector?: unknown };
  const status = (obj.status ?? {}) as { replicas?: number };
  const selector = spec.selector as
    | Parameters<typeof labelSelectorToString>[0]
    | Record<string, string>
    | undefined;
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
    spec: { replicas: spec.replicas ?? 0 },
    status: {
      replicas: status.replicas ?? 0,
      selector: selector
        ? 'matchLabels' in selector || 'matchExpressions' in selector
          ? labelSelectorToString(selector as Parameters<typeof labelSelectorToString>[0])
          : labelSelectorToString({ matchLabels: selector as Record<string, string> })
        : '',
    },
  };
}

async function serveScale(
  svc: ResourceService,
  r: ResourceRoute,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
) {
  const { def, namespace, name } = r;
  const current = await svc.get(def, namespace, name!);
  if (method === 'GET') return send(res, 200, toScale(current));
  let scale: { spec?: { replicas?: unknown }; metadata?: { resourceVersion?: string } };
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (method === 'PUT') scale = (await decodeBody(await readBody(req), contentType, false)) as typeof scale;
  else if (method === 'PATCH') {
    const patch = await decodeBody(await readBody(req), contentType, true);
    scale = applyPatch(
      contentType,
      toScale(current) as unknown as KubeObject,
      patch,
      undefined,
      () => ({}),
    ) as typeof scale;
  } else throw errors.methodNotAllowed();
  const replicas = scale.spec?.replicas;
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
    { spec: { replicas } },
    { fieldValidation: 'Ignore' },
  );
  return send(res, 200, toScale(updated));
}
