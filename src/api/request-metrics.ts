/**
 * The API server's request metrics, under the names, labels and buckets of Kubernetes'
 * apiserver (k8s.io/apiserver/pkg/endpoints/metrics), so a Prometheus or Grafana dashboard made
 * for a real cluster reads them unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram } from 'prom-client';
import { LONG_RUNNING_SUBRESOURCES } from './long-running.js';
import type { Route } from './route.js';

const LABELS = [
  'verb',
  'dry_run',
  'group',
  'version',
  'resource',
  'subresource',
  'scope',
  'component',
] as const;
type Labels = Record<(typeof LABELS)[number], string>;

/** apiserver_request_duration_seconds' buckets in Kubernetes 1.32. */
const REQUEST_BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];

const requests = new Counter({
  name: 'apiserver_request_total',
  help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
  labelNames: [...LABELS, 'code'],
});
const durations = new Histogram({
  name: 'apiserver_request_duration_seconds',
  help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
  labelNames: LABELS,
  buckets: REQUEST_BUCKETS,
});
const longRunning = new Gauge({
  name: 'apiserver_longrunning_requests',
  help: 'Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.',
  labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
});
const watchers = new Gauge({
  name: 'apiserver_registered_watchers',
  help: 'Number of currently registered watchers for a given resources',
  labelNames: ['group', 'version', 'kind'],
});

/** Paths Kubernetes reports by name in the subresource label of a non-resource request. */
const NAMED_PATHS = new Set([
  '/healthz',
  '/livez',
  '/readyz',
  '/version',
  '/metrics',
  '/openapi/v2',
  '/openapi/v3',
]);
/** Subresources served as a CONNECT: a stream or a proxied request, not a REST call. */
const CONNECT = new Set(['exec', 'attach', 'portforward', 'proxy']);
const truthy = (v: string | null) => v === 'true' || v === '1';

/** The labels Kubernetes' MonitorRequest gives a request: its reported verb, what it is on, and where. */
export function requestLabels(method: string, r: Route | undefined, url: URL, contentType = ''): Labels {
  const dry_run = url.searchParams.getAll('dryRun').join(',');
  if (r?.type !== 'resource') {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const named = NAMED_PATHS.has(path) || path.startsWith('/openapi/v3/') ? path : 'other';
    return {
      verb: method,
      dry_run,
      group: '',
      version: '',
      resource: '',
      subresource: r ? named : 'other',
      scope: '',
      component: '',
    };
  }
  const sub = r.subresource ?? '';
  let verb = method;
  if (CONNECT.has(sub)) verb = 'CONNECT';
  else if (method === 'GET')
    verb = r.watchPath || truthy(url.searchParams.get('watch')) ? 'WATCH' : r.name ? 'GET' : 'LIST';
  else if (method === 'DELETE' && !r.name) verb = 'DELETECOLLECTION';
  else if (method === 'PATCH' && contentType.startsWith('application/apply-patch')) verb = 'APPLY';
  return {
    verb,
    dry_run,
    group: r.group,
    version: r.version,
    resource: r.def.resource,
    subresource: sub,
    scope: r.name ? 'resource' : r.namespace !== undefined ? 'namespace' : 'cluster',
    component: 'apiserver',
  };
}

/**
 * Counts the request and times it once its response is done (or its client went away). A
 * watch or a stream (exec, a log, ...) is long-running while it lasts; a watch is a registered
 * watcher.
 */
export function observeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  r: Route | undefined,
  url: URL,
): void {
  const start = performance.now();
  const labels = requestLabels(req.method ?? 'GET', r, url, req.headers['content-type']);
  const long = labels.verb === 'WATCH' || LONG_RUNNING_SUBRESOURCES.has(labels.subresource);
  const kind = long ? (r?.type === 'resource' ? r : undefined) : undefined;
  const { dry_run: _, ...longLabels } = labels;
  const watched =
    kind && labels.verb === 'WATCH'
      ? { group: kind.group, version: kind.version, kind: kind.def.kind }
      : undefined;
  if (long) longRunning.inc(longLabels);
  if (watched) watchers.inc(watched);
  res.once('close', () => {
    if (long) longRunning.dec(longLabels);
    if (watched) watchers.dec(watched);
    requests.inc({ ...labels, code: String(res.statusCode) });
    durations.observe(labels, (performance.now() - start) / 1000);
  });
}
