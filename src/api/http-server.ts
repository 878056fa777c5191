import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { stringify as toYaml } from 'yaml';
import { aggregated, apiGroup, apiGroupList, apiVersions, resourceList, VERSION_INFO } from './discovery.js';
import { ApiError, errors, success } from './errors.js';
import { checkFieldSelector } from './field-labels.js';
import { decodeBody, negotiate, type Rendering, readBody } from './negotiate.js';
import { type Route, route } from './route.js';
import { openapiDocument, openapiIndex } from './schema/index.js';
import type { DeleteOptions, FieldValidation, ResourceService, WriteContext } from './service.js';
import type { ServiceAccountTokens } from './service-account-tokens.js';
import { handleSubresource, type PodIO } from './subresources.js';
import { toTable } from './table/index.js';
import type { KubeList, KubeObject, Status } from './types.js';
import { toServedVersion } from './versions.js';
import { serveWatch } from './watch-stream.js';

export interface ApiServerOptions {
  service: ResourceService;
  token: string;
  tokens: ServiceAccountTokens;
  cert: string;
  key: string;
  hosts: string[];
  port: number;
  pods?: PodIO;
}

export interface ApiServer {
  port: number;
  close(): Promise<void>;
}

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const TABLE_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const PUBLIC = new Set(['version', 'health']);

/** The HTTPS front of the API: authentication, routing, content negotiation, Status errors. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const expected = Buffer.from(`Bearer ${opts.token}`);
  const authorized = (req: IncomingMessage) => {
    const header = req.headers.authorization ?? '';
    const got = Buffer.from(header);
    if (got.length === expected.length && timingSafeEqual(got, expected)) return true;
    // Service account tokens are accepted too; there is no RBAC, so they may do what the admin may.
    return header.startsWith('Bearer ') && opts.tokens.verify(header.slice(7)) !== undefined;
  };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const r = route(url.pathname);
      if (r && !PUBLIC.has(r.type) && !authorized(req)) throw errors.unauthorized();
      if (!r) throw errors.pathNotFound();
      await serve(opts, r, url, req, res);
    } catch (err) {
      sendError(res, err);
    }
  };
  const servers = opts.hosts.map((host) => ({
    host,
    server: https.createServer({ cert: opts.cert, key: opts.key }, handler),
  }));
  for (const { server } of servers) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const r = route(url.pathname);
      if (!authorized(req)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      if (r?.type !== 'resource' || !opts.pods) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      opts.pods.upgrade(opts.service, r, url, req, socket, head);
    });
    server.keepAliveTimeout = 65_000;
  }
  let port = opts.port;
  for (const s of servers) {
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(port, s.host, () => resolve());
    });
    port = (s.server.address() as AddressInfo).port;
  }
  return {
    port,
    close: () =>
      Promise.all(
        servers.map(
          ({ server }) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      ).then(() => undefined),
  };
}

function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
  rendering: Rendering = 'json',
) {
  const text = rendering === 'yaml' ? toYaml(body) : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': rendering === 'yaml' ? 'application/yaml' : contentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown) {
  const status: Status =
    err instanceof ApiError
      ? err.status
      : errors.internal(err instanceof Error ? err.message : String(err)).status;
  if (!(err instanceof ApiError)) console.error(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status.code, status);
}

function boolParam(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  return v === 'true' || v === '1' || v === '';
}

function intParam(url: URL, name: string): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw errors.badRequest(`invalid value for ${name}: ${v}`);
  return n;
}

function writeContext(url: URL, version: string): WriteContext {
  const fv = url.searchParams.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(fv)) {
    throw errors.badRequest(
      `fieldValidation parameter unsupported: ${fv}, valid values: Strict, Warn, Ignore`,
    );
  }
  const dryRun = url.searchParams.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All'))
    throw errors.badRequest(`unsupported dry run value: ${dryRun.join(',')}`);
  return { fieldValidation: fv as FieldValidation, dryRun: dryRun.length > 0, warnings: [], version };
}

function warningHeaders(res: ServerResponse, ctx: WriteContext) {
  if (ctx.warnings?.length)
    res.setHeader(
      'Warning',
      ctx.warnings.map((w) => `299 - ${JSON.stringify(w)}`),
    );
}

async function serve(
  opts: ApiServerOptions,
  r: Route,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? 'GET';
  const accept = req.headers.accept;
  const wantsAggregated = accept?.includes('as=APIGroupDiscoveryList') && accept.includes('v=v2');
  switch (r.type) {
    case 'root':
      return sendJson(res, 200, {
        paths: ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/openapi/v3', '/readyz', '/version'],
      });
    case 'version':
      return sendJson(res, 200, VERSION_INFO);
    case 'health':
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    case 'api':
      return wantsAggregated
        ? sendJson(res, 200, aggregated(true), AGGREGATED)
        : sendJson(res, 200, apiVersions());
    case 'apis':
      return wantsAggregated
        ? sendJson(res, 200, aggregated(false), AGGREGATED)
        : sendJson(res, 200, apiGroupList());
    case 'group': {
      const g = apiGroup(r.group);
      if (!g) throw errors.pathNotFound();
      return sendJson(res, 200, g);
    }
    case 'resource-list': {
      const list = resourceList(r.group, r.version);
      if (!list) throw errors.pathNotFound();
      return sendJson(res, 200, list);
    }
    case 'openapi-index':
      return sendJson(res, 200, openapiIndex());
    case 'openapi': {
      const doc = openapiDocument(r.gv);
      if (!doc) throw errors.pathNotFound();
      res.setHeader('Cache-Control', 'public, immutable');
      return sendJson(res, 200, doc);
    }
    case 'openapi-v2':
      throw errors.pathNotFound();
    case 'resource':
      return serveResource(opts, r, url, req, res, method);
  }
}

async function serveResource(
  opts: ApiServerOptions,
  r: Extract<Route, { type: 'resource' }>,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
): Promise<void> {
  const svc = opts.service;
  const { def, namespace, name, subresource } = r;
  // Subresources answer in their own types (pods/log is text); only objects are negotiated.
  if (subresource && subresource !== 'status') return handleSubresource(opts, r, url, req, res, method);
  const rendering = negotiate(req.headers.accept);
  const q = url.searchParams;
  const selectors = {
    namespace,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
  };
  checkFieldSelector(def, selectors.fieldSelector);
  const includeObject = (q.get('includeObject') as 'None' | 'Metadata' | 'Object' | null) ?? undefined;
  const served = (obj: KubeObject) => toServedVersion(def, obj, r.version);
  const servedList = (list: KubeList): KubeList =>
    r.version === def.version
      ? list
      : {
          ...list,
          apiVersion: def.group ? `${def.group}/${r.version}` : r.version,
          items: list.items.map(served),
        };
  const render = (obj: KubeObject): unknown =>
    rendering === 'table' ? toTable(def, [obj], { includeObject }) : served(obj);
  const reply = (code: number, obj: KubeObject | Status) =>
    sendJson(
      res,
      code,
      obj.kind === 'Status' ? obj : render(obj as KubeObject),
      rendering === 'table' && obj.kind !== 'Status' ? TABLE_TYPE : 'application/json',
      rendering === 'table' ? 'json' : rendering,
    );

  const sub = subresource as 'status' | undefined;

  if (!name) {
    const watching = r.watchPath || boolParam(q.get('watch')) === true;
    if (method === 'GET' && watching) {
      return serveWatch(
        svc,
        def,
        {
          ...selectors,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          timeoutSeconds: intParam(url, 'timeoutSeconds'),
          allowWatchBookmarks: boolParam(q.get('allowWatchBookmarks')),
          sendInitialEvents: boolParam(q.get('sendInitialEvents')),
        },
        res,
        render,
        rendering === 'table' ? TABLE_TYPE : 'application/json',
      );
    }
    if (method === 'GET') {
      const list = await svc.list(def, {
        ...selectors,
        limit: intParam(url, 'limit'),
        continue: q.get('continue') ?? undefined,
      });
      if (rendering === 'table') {
        return sendJson(
          res,
          200,
          toTable(def, list.items, { includeObject, listMeta: list.metadata }),
          TABLE_TYPE,
        );
      }
      return sendJson(res, 200, servedList(list), 'application/json', rendering);
    }
    if (method === 'POST') {
      const ctx = writeContext(url, r.version);
      const body = await decodeBody(await readBody(req), req.headers['content-type'] ?? '', false);
      const created = await svc.create(def, namespace, body, ctx);
      warningHeaders(res, ctx);
      return reply(201, created);
    }
    if (method === 'DELETE') {
      const options = await deleteOptions(req, url);
      const deleted = await svc.deleteCollection(
        def,
        namespace,
        { labelSelector: selectors.labelSelector, fieldSelector: selectors.fieldSelector },
        options,
      );
      return sendJson(
        res,
        200,
        servedList(deleted),
        'application/json',
        rendering === 'yaml' ? 'yaml' : 'json',
      );
    }
    throw errors.methodNotAllowed();
  }

  if (method === 'GET') {
    if (r.watchPath || boolParam(q.get('watch')) === true) {
      return serveWatch(
        svc,
        def,
        {
          ...selectors,
          fieldSelector: `metadata.name=${name}`,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          timeoutSeconds: intParam(url, 'timeoutSeconds'),
        },
        res,
        render,
        rendering === 'table' ? TABLE_TYPE : 'application/json',
      );
    }
    return reply(200, await svc.get(def, namespace, name));
  }
  if (method === 'PUT') {
    const ctx = writeContext(url, r.version);
    const body = await decodeBody(await readBody(req), req.headers['content-type'] ?? '', false);
    const updated = await svc.update(def, namespace, name, body, ctx, sub);
    warningHeaders(res, ctx);
    return reply(200, updated);
  }
  if (method === 'PATCH') {
    const ctx = writeContext(url, r.version);
    const contentType = req.headers['content-type'] ?? '';
    const patch = await decodeBody(await readBody(req), contentType, true);
    const patched = await svc.patch(def, namespace, name, contentType.split(';')[0].trim(), patch, ctx, sub);
    warningHeaders(res, ctx);
    return reply(200, patched);
  }
  if (method === 'DELETE' && !sub) {
    const options = await deleteOptions(req, url);
    const result = await svc.delete(def, namespace, name, options);
    if (!result.deleted) return reply(200, result.object);
    return reply(
      200,
      def.kind === 'Pod'
        ? result.object
        : success({ name, group: def.group, kind: def.resource, uid: result.object.metadata.uid }),
    );
  }
  throw errors.methodNotAllowed();
}

async function deleteOptions(req: IncomingMessage, url: URL): Promise<DeleteOptions> {
  const buf = await readBody(req);
  let opts: DeleteOptions = {};
  if (buf.length) {
    const body = await decodeBody(buf, req.headers['content-type'] ?? 'application/json', false);
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw errors.badRequest('the body of a delete request must be a DeleteOptions object');
    opts = body as DeleteOptions;
    checkDeleteOptionTypes(opts);
  }
  const grace = intParam(url, 'gracePeriodSeconds');
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const policy = url.searchParams.get('propagationPolicy');
  if (policy) opts.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (opts.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy)) {
    throw errors.invalid('meta.k8s.io', 'DeleteOptions', '', [
      {
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`,
        field: 'propagationPolicy',
      },
    ]);
  }
  const dryRun = url.searchParams.getAll('dryRun');
  if (dryRun.length) opts.dryRun = dryRun;
  return opts;
}

/** A DeleteOptions body whose fields have the wrong JSON types is a decoding error, as in Go. */
function checkDeleteOptionTypes(o: DeleteOptions): void {
  const wrong = (field: string, type: string) =>
    errors.badRequest(`json: cannot unmarshal into Go struct field DeleteOptions.${field} of type ${type}`);
  if (o.gracePeriodSeconds != null && !Number.isInteger(o.gracePeriodSeconds))
    throw wrong('gracePeriodSeconds', 'int64');
  if (o.propagationPolicy != null && typeof o.propagationPolicy !== 'string')
    throw wrong('propagationPolicy', 'string');
  if (o.orphanDependents != null && typeof o.orphanDependents !== 'boolean')
    throw wrong('orphanDependents', 'bool');
  if (o.dryRun != null && !(Array.isArray(o.dryRun) && o.dryRun.every((d) => typeof d === 'string')))
    throw wrong('dryRun', '[]string');
  const pre = o.preconditions;
  if (pre == null) return;
  if (typeof pre !== 'object' || Array.isArray(pre)) throw wrong('preconditions', 'v1.Preconditions');
  for (const f of ['uid', 'resourceVersion'] as const)
    if (pre[f] != null && typeof pre[f] !== 'string') throw wrong(`preconditions.${f}`, 'string');
}
