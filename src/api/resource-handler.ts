/** The REST verbs on a kind's collections and objects: query parameters in, negotiated answers out. */
import type { IncomingMessage } from 'node:http';
import { allowAll } from './auth/authorizer.js';
import { review } from './auth/reviews.js';
import { errors, success } from './errors.js';
import { checkFieldSelector } from './field-selector.js';
import type { ApiServerOptions } from './http-server.js';
import { allows, toServedVersion } from './kinds/index.js';
import { fieldRequest } from './managed-fields/hook.js';
import { decodeBody, negotiate, readBody, readObject } from './negotiate.js';
import { type Reply, sendJson } from './responses.js';
import type { ResourceRoute } from './route.js';
import type { DeleteOptions, FieldValidation, RequestContext } from './service.js';
import { handleSubresource } from './subresources.js';
import { toTable } from './table/index.js';
import type { KubeList, KubeObject, Status } from './types.js';
import { serveWatch } from './watch-stream.js';

const TABLE_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

function boolParam(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  return v === 'true' || v === '1' || v === '';
}

const INT64 = /^[-+]?\d{1,19}$/;

/**
 * An integer parameter as Go's ParseInt reads an int64: anything else, or beyond int64, is a 400.
 * Values past what a double holds exactly are clamped: no count or duration reaches them.
 */
function intParam(url: URL, name: string): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  const big = INT64.test(v) ? BigInt(v) : undefined;
  if (big === undefined || big > 9223372036854775807n || big < -9223372036854775808n)
    throw errors.badRequest(
      `invalid value for ${name}: strconv.ParseInt: parsing ${JSON.stringify(v)}: ${big === undefined ? 'invalid syntax' : 'value out of range'}`,
    );
  return Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, Number(big)));
}

/** path.IsValidPathSegmentName, which the API server checks on every name and namespace in a path. */
function checkPathSegment(what: 'Name' | 'Namespace', value: string | undefined): void {
  if (value === undefined) return;
  const why =
    value === '.' || value === '..'
      ? `may not be '${value}'`
      : ['/', '%']
          .filter((c) => value.includes(c))
          .map((c) => `may not contain '${c}'`)
          .join(';');
  if (why) throw errors.badRequest(`${what} parameter invalid: ${JSON.stringify(value)}: ${why}`);
}

function writeContext(url: URL, version: string, ctx: RequestContext): RequestContext {
  const fv = url.searchParams.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(fv)) {
    throw errors.badRequest(
      `fieldValidation parameter unsupported: ${fv}, valid values: Strict, Warn, Ignore`,
    );
  }
  const dryRun = url.searchParams.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All'))
    throw errors.badRequest(`unsupported dry run value: ${dryRun.join(',')}`);
  return { ...ctx, fieldValidation: fv as FieldValidation, dryRun: dryRun.length > 0, warnings: [], version };
}

function warningHeaders(reply: Reply, ctx: RequestContext) {
  if (ctx.warnings?.length)
    reply.res.setHeader(
      'Warning',
      ctx.warnings.map((w) => `299 - ${JSON.stringify(w)}`),
    );
}

/** Renders objects in the served version, as a Table, JSON or YAML, as the request negotiated. */
function renderer(r: ResourceRoute, req: IncomingMessage, url: URL, reply: Reply) {
  const { def } = r;
  const rendering = negotiate(req.headers.accept);
  const includeObject =
    (url.searchParams.get('includeObject') as 'None' | 'Metadata' | 'Object' | null) ?? undefined;
  const served = (obj: KubeObject) => toServedVersion(def, obj, r.version);
  const render = (obj: KubeObject): unknown =>
    rendering === 'table' ? toTable(def, [obj], { includeObject }) : served(obj);
  return {
    rendering,
    includeObject,
    render,
    servedList: (list: KubeList): KubeList =>
      r.version === def.version && !def.storedAs
        ? list
        : {
            ...list,
            apiVersion: def.group ? `${def.group}/${r.version}` : r.version,
            items: list.items.map(served),
          },
    reply: (code: number, obj: KubeObject | Status) =>
      sendJson(
        reply,
        code,
        obj.kind === 'Status' ? obj : render(obj as KubeObject),
        rendering === 'table' && obj.kind !== 'Status' ? TABLE_TYPE : 'application/json',
        rendering === 'table' ? 'json' : rendering,
      ),
  };
}

/** One request on a kind's collection or object, with how its answers render. */
interface Call {
  opts: ApiServerOptions;
  r: ResourceRoute;
  url: URL;
  req: IncomingMessage;
  reply: Reply;
  out: ReturnType<typeof renderer>;
  ctx: RequestContext;
}

type Selectors = { namespace?: string; labelSelector?: string; fieldSelector?: string };

function watchParams(
  url: URL,
  selectors: { namespace?: string; labelSelector?: string; fieldSelector?: string },
) {
  const q = url.searchParams;
  return {
    ...selectors,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    timeoutSeconds: intParam(url, 'timeoutSeconds'),
    allowWatchBookmarks: boolParam(q.get('allowWatchBookmarks')),
    sendInitialEvents: boolParam(q.get('sendInitialEvents')),
  };
}

export async function serveResource(
  opts: ApiServerOptions,
  r: ResourceRoute,
  url: URL,
  req: IncomingMessage,
  reply: Reply,
  ctx: RequestContext,
): Promise<void> {
  checkPathSegment('Namespace', r.namespace);
  checkPathSegment('Name', r.name);
  // A watch path is served for GET alone, as the API server registers it.
  if (r.watchPath && req.method !== 'GET') throw errors.methodNotAllowed();
  ctx = { ...ctx, ...fieldRequest(url, req) };
  if (r.def.verbs?.length === 1 && r.def.verbs[0] === 'create' && !r.name)
    return serveReview(opts, r, req, reply, ctx);
  // Subresources answer in their own types (pods/log is text); only objects are negotiated.
  if (r.subresource && r.subresource !== 'status')
    return handleSubresource(opts, r, url, req, reply.res, {
      ...ctx,
      dryRun: url.searchParams.getAll('dryRun').includes('All'),
    });
  const q = url.searchParams;
  const selectors = {
    namespace: r.namespace,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
  };
  selectors.fieldSelector = checkFieldSelector(r.def, selectors.fieldSelector);
  const out = renderer(r, req, url, reply);
  const watching = r.watchPath || boolParam(q.get('watch')) === true;
  const method = req.method ?? 'GET';
  if (method === 'GET' && watching) {
    // Refused before the stream's head goes out, so the client sees a 405 rather than an ERROR event.
    if (!allows(r.def, 'watch')) throw errors.methodNotAllowed();
    const fieldSelector = r.name ? `metadata.name=${r.name}` : selectors.fieldSelector;
    return serveWatch(
      opts.service,
      r.def,
      watchParams(url, { ...selectors, fieldSelector }),
      reply.res,
      out.render,
      out.rendering === 'table' ? TABLE_TYPE : 'application/json',
    );
  }
  const call: Call = { opts, r, url, req, reply, out, ctx };
  return r.name ? serveObject(call) : serveCollection(call, selectors);
}

/** A review kind's create: a question answered, not an object stored. */
async function serveReview(
  opts: ApiServerOptions,
  r: ResourceRoute,
  req: IncomingMessage,
  reply: Reply,
  ctx: RequestContext,
): Promise<void> {
  if (req.method !== 'POST' || !ctx.user) throw errors.methodNotAllowed();
  const answer = await review(
    opts,
    opts.authorizer ?? allowAll,
    r.def,
    (await readObject(req)) as object,
    ctx.user,
  );
  if (!answer) throw errors.pathNotFound();
  return sendJson(reply, 201, answer);
}

async function serveCollection(
  { opts, r, url, req, reply, out, ctx }: Call,
  selectors: Selectors,
): Promise<void> {
  const svc = opts.service;
  const { def, namespace } = r;
  switch (req.method) {
    case 'GET': {
      const list = await svc.list(def, {
        ...selectors,
        limit: intParam(url, 'limit'),
        continue: url.searchParams.get('continue') ?? undefined,
      });
      if (out.rendering === 'table') {
        const table = toTable(def, list.items, { includeObject: out.includeObject, listMeta: list.metadata });
        return sendJson(reply, 200, table, TABLE_TYPE);
      }
      return sendJson(reply, 200, out.servedList(list), 'application/json', out.rendering);
    }
    case 'POST': {
      const wctx = writeContext(url, r.version, ctx);
      const created = await svc.create(def, namespace, await readObject(req, def.kind), wctx);
      warningHeaders(reply, wctx);
      return out.reply(201, created);
    }
    case 'DELETE': {
      const options = await deleteOptions(req, url);
      const deleted = await svc.deleteCollection(
        def,
        namespace,
        { labelSelector: selectors.labelSelector, fieldSelector: selectors.fieldSelector },
        options,
        ctx,
      );
      const rendering = out.rendering === 'yaml' ? 'yaml' : 'json';
      return sendJson(reply, 200, out.servedList(deleted), 'application/json', rendering);
    }
    default:
      throw errors.methodNotAllowed();
  }
}

async function serveObject({ opts, r, url, req, reply, out, ctx }: Call): Promise<void> {
  const svc = opts.service;
  const { def, namespace } = r;
  const name = r.name!;
  const sub = r.subresource as 'status' | undefined;
  switch (req.method) {
    case 'GET':
      return out.reply(200, await svc.get(def, namespace, name));
    case 'PUT': {
      const wctx = writeContext(url, r.version, ctx);
      const updated = await svc.update(def, namespace, name, await readObject(req, def.kind), wctx, sub);
      warningHeaders(reply, wctx);
      return out.reply(200, updated);
    }
    case 'PATCH': {
      const wctx = writeContext(url, r.version, ctx);
      const contentType = req.headers['content-type'] ?? '';
      const patch = await decodeBody(await readBody(req), contentType, true);
      const patched = await svc.patch(
        def,
        namespace,
        name,
        contentType.split(';')[0].trim(),
        patch,
        wctx,
        sub,
      );
      warningHeaders(reply, wctx);
      return out.reply(200, patched);
    }
    case 'DELETE': {
      if (sub) break;
      const result = await svc.delete(def, namespace, name, await deleteOptions(req, url), ctx);
      if (!result.deleted || def.strategy?.returnDeletedObject) return out.reply(200, result.object);
      return out.reply(
        200,
        success({ name, group: def.group, kind: def.resource, uid: result.object.metadata.uid }),
      );
    }
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
