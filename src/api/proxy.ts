/**
 * pods/proxy and services/proxy: HTTP requests passed on to a pod, on the cluster's own bridge
 * network only. A service's request goes to one of its ready pods, on the port its target port
 * names, as Kubernetes picks an endpoint.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { labelSelectorToString } from '../store/selector.js';
import { errors } from './errors.js';
import { endToEndHeaders } from './hop-by-hop.js';
import { PODS } from './kinds/index.js';
import type { Node, Pod, Service, ServicePort } from './kinds/types.generated.js';
import type { ResourceRoute } from './route.js';
import type { ResourceService } from './service.js';

const TIMEOUT_MS = 30_000;

interface Target {
  scheme: string;
  name: string;
  port: string;
}

/** "name", "name:port" or "scheme:name:port", as utilnet.SplitSchemeNamePort reads a proxy id. */
function splitSchemeNamePort(id: string, what: string): Target {
  const parts = id.split(':');
  const [scheme, name, port] =
    parts.length === 1
      ? ['', parts[0], '']
      : parts.length === 2
        ? ['', ...parts]
        : parts.length === 3
          ? parts
          : [];
  if (!name || !['', 'http', 'https'].includes(scheme ?? 'x'))
    throw errors.badRequest(`invalid ${what} request "${id}"`);
  return { scheme: scheme || 'http', name, port: port ?? '' };
}

function ipv4(ip: string): number | undefined {
  const p = ip.split('.');
  if (p.length !== 4 || !p.every((x) => /^\d{1,3}$/.test(x) && Number(x) < 256)) return undefined;
  return p.reduce((n, x) => n * 256 + Number(x), 0);
}

/** Whether `ip` lies in the IPv4 network `cidr` ("10.244.0.0/16"). */
function inNetwork(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const [a, b] = [ipv4(ip), ipv4(base)];
  const size = 2 ** (32 - Number(bits));
  return a !== undefined && b !== undefined && Math.floor(a / size) === Math.floor(b / size);
}

/** The address, if it is on the cluster's network: no request leaves the machine. */
function clusterAddress(ip: string, network: string | undefined): string {
  if (!network) throw errors.serviceUnavailable('this control plane does not know its pod network');
  if (!inNetwork(ip, network)) throw errors.badRequest('address not allowed');
  return ip;
}

/** A pod's address, if the pod is on the cluster's network. */
export function podAddress(pod: Pod, network: string | undefined): string {
  return clusterAddress(pod.status?.podIP ?? '', network);
}

const ready = (pod: Pod) =>
  !pod.metadata.deletionTimestamp &&
  !!pod.status?.podIP &&
  !!pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** The container port a service's target port names on a pod, if the pod has it. */
function targetPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  return undefined;
}

/** Go's wording of a failed dial, as Kubernetes' messages carry it. */
export function dialError(ip: string, port: number | string, err: NodeJS.ErrnoException): string {
  const reason: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'no route to host',
    ENETUNREACH: 'network is unreachable',
  };
  return `dial tcp ${ip}:${port}: connect: ${reason[err.code ?? ''] ?? err.message}`;
}

function forward(
  target: URL,
  req: IncomingMessage,
  res: ServerResponse,
  authorization?: string,
): Promise<void> {
  const headers: http.OutgoingHttpHeaders = { ...endToEndHeaders(req.headers), host: target.host };
  // The client's credentials stay with the API server, as its authentication filter drops them;
  // a kubelet gets the API server's own instead (its kubelet client identity).
  delete headers.authorization;
  if (authorization) headers.authorization = authorization;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const out = client.request(
      target,
      { method: req.method, headers, timeout: TIMEOUT_MS, rejectUnauthorized: false },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, endToEndHeaders(upstream.headers));
        upstream.pipe(res);
        upstream.on('end', resolve);
        upstream.on('error', () => {
          res.destroy();
          resolve();
        });
      },
    );
    const fail = (err: NodeJS.ErrnoException) => {
      if (res.headersSent) res.destroy();
      else {
        const why = err.syscall === 'connect' ? dialError(target.hostname, target.port, err) : err.message;
        const status = errors.serviceUnavailable(`error trying to reach service: ${why}`).status;
        const text = JSON.stringify(status);
        res.writeHead(503, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
      }
      resolve();
    };
    out.on('timeout', () => out.destroy(new Error(`timeout after ${TIMEOUT_MS / 1000}s`)));
    out.on('error', fail);
    req.pipe(out);
  });
}

/** Where a proxied request goes. */
export interface Endpoint {
  scheme: string;
  ip: string;
  port: number | string;
}

/** pods/proxy: /api/v1/namespaces/NS/pods/[scheme:]NAME[:port]/proxy[/path] */
export async function podEndpoint(
  svc: ResourceService,
  r: ResourceRoute,
  network?: string,
): Promise<Endpoint> {
  const t = splitSchemeNamePort(r.name!, 'pod');
  const pod = (await svc.get(PODS, r.namespace, t.name)) as Pod;
  // Without a port, the first port a container declares, as Kubernetes picks it.
  const first = pod.spec?.containers.find((c) => c.ports?.length)?.ports?.[0].containerPort;
  return { scheme: t.scheme, ip: podAddress(pod, network), port: t.port || String(first ?? '') };
}

/**
 * nodes/proxy: /api/v1/nodes/[scheme:]NAME[:port]/proxy[/path], to the node agent's port at the
 * node's internal address (on the cluster network), by default the port the Node's status
 * gives. minik8s's agent answers plain HTTP there.
 */
export async function nodeEndpoint(
  svc: ResourceService,
  r: ResourceRoute,
  network?: string,
): Promise<Endpoint> {
  const t = splitSchemeNamePort(r.name!, 'node');
  const node = (await svc.get(r.def, undefined, t.name)) as Node;
  const internal = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const ip = clusterAddress(internal, network);
  return {
    scheme: t.scheme,
    ip,
    port: t.port || (node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? ''),
  };
}

/** services/proxy: /api/v1/namespaces/NS/services/[scheme:]NAME[:port]/proxy[/path], to a ready pod. */
export async function serviceEndpoint(
  svc: ResourceService,
  r: ResourceRoute,
  network?: string,
): Promise<Endpoint> {
  const t = splitSchemeNamePort(r.name!, 'service');
  const service = (await svc.get(r.def, r.namespace, t.name)) as Service;
  const ports = service.spec?.ports ?? [];
  const port = /^\d+$/.test(t.port)
    ? ports.find((p) => p.port === Number(t.port))
    : ports.find((p) => (p.name ?? '') === t.port);
  if (!port && /^\d+$/.test(t.port))
    throw errors.serviceUnavailable(`no service port ${t.port} found for service "${t.name}"`);
  const selector = service.spec?.selector;
  const candidates =
    port && selector && Object.keys(selector).length
      ? ((
          await svc.list(PODS, {
            namespace: r.namespace,
            labelSelector: labelSelectorToString({ matchLabels: selector }),
          })
        ).items as Pod[])
      : [];
  const usable = candidates.filter(ready).flatMap((pod) => {
    const p = targetPort(pod, port!);
    return p === undefined ? [] : [{ pod, port: p }];
  });
  if (!usable.length) throw errors.serviceUnavailable(`no endpoints available for service "${r.name}"`);
  const chosen = usable[Math.floor(Math.random() * usable.length)];
  return { scheme: t.scheme, ip: podAddress(chosen.pod, network), port: chosen.port };
}

/** Passes the request on to the endpoint, at the path after `proxy` and with the same query. */
export async function proxy(
  endpoint: Endpoint,
  r: ResourceRoute,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  authorization?: string,
) {
  const host = endpoint.port === '' ? endpoint.ip : `${endpoint.ip}:${endpoint.port}`;
  await forward(
    new URL(`${endpoint.scheme}://${host}${r.proxyPath ?? '/'}${url.search}`),
    req,
    res,
    authorization,
  );
}
