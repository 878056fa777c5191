/**
 * OpenAPI v3 documents served under /openapi/v3, generated from the schemas: one document per
 * group-version with its resources' paths and every definition those reach. kubectl reads them
 * for `apply` (field validation support, strategic merge patch metadata) and `explain`.
 */
import { createHash } from 'node:crypto';
import { groupVersion, type ResourceDef, resources } from '../resources.js';
import { definitionName, definitions } from './definitions.js';
import { AUTOSCALING_V1, CORE, META, POLICY, refName } from './dsl.js';
import type { Schema } from './types.js';

type Json = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema }, 'application/yaml': { schema } });

const query = (name: string, description: string, schema: Json = { type: 'string', uniqueItems: true }) => ({
  name,
  in: 'query',
  description,
  schema,
});
const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  description,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const P = {
  pretty: query('pretty', "If 'true', then the output is pretty printed."),
  dryRun: query(
    'dryRun',
    'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: query(
    'fieldManager',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  fieldValidation: query(
    'fieldValidation',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
  ),
  force: query(
    'force',
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.',
    { type: 'boolean', uniqueItems: true },
  ),
  labelSelector: query(
    'labelSelector',
    'A selector to restrict the list of returned objects by their labels. Defaults to everything.',
  ),
  fieldSelector: query(
    'fieldSelector',
    'A selector to restrict the list of returned objects by their fields. Defaults to everything.',
  ),
  limit: query('limit', 'limit is a maximum number of responses to return for a list call.', {
    type: 'integer',
    uniqueItems: true,
  }),
  continue: query(
    'continue',
    'The continue option should be set when retrieving more results from the server.',
  ),
  resourceVersion: query(
    'resourceVersion',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  resourceVersionMatch: query(
    'resourceVersionMatch',
    'resourceVersionMatch determines how resourceVersion is applied to list calls.',
  ),
  watch: query(
    'watch',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
    { type: 'boolean', uniqueItems: true },
  ),
  allowWatchBookmarks: query(
    'allowWatchBookmarks',
    'allowWatchBookmarks requests watch events with type "BOOKMARK".',
    { type: 'boolean', uniqueItems: true },
  ),
  sendInitialEvents: query(
    'sendInitialEvents',
    'sendInitialEvents=true may be set together with watch=true.',
    { type: 'boolean', uniqueItems: true },
  ),
  timeoutSeconds: query('timeoutSeconds', 'Timeout for the list/watch call.', {
    type: 'integer',
    uniqueItems: true,
  }),
  gracePeriodSeconds: query(
    'gracePeriodSeconds',
    'The duration in seconds before the object should be deleted.',
    { type: 'integer', uniqueItems: true },
  ),
  propagationPolicy: query(
    'propagationPolicy',
    "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'.",
  ),
  orphanDependents: query('orphanDependents', 'Deprecated: please use the PropagationPolicy.', {
    type: 'boolean',
    uniqueItems: true,
  }),
  namespace: pathParam('namespace', 'object name and auth scope, such as for teams and projects'),
};

const LIST_PARAMS = [
  P.allowWatchBookmarks,
  P.continue,
  P.fieldSelector,
  P.labelSelector,
  P.limit,
  P.resourceVersion,
  P.resourceVersionMatch,
  P.sendInitialEvents,
  P.timeoutSeconds,
  P.watch,
];
const WRITE_PARAMS = [P.dryRun, P.fieldManager, P.fieldValidation];
const DELETE_PARAMS = [P.dryRun, P.gracePeriodSeconds, P.propagationPolicy, P.orphanDependents];

const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

interface Target {
  def: ResourceDef;
  version: string;
  kind: string; // the kind operations act on (the resource's, or Scale, Binding, ...)
  group: string;
  schema: string; // definition name of what is sent and answered
}

function operation(action: string, verb: string, t: Target, extra: Json): Json {
  const tag = t.def.group ? `${t.def.group.split('.')[0]}_${t.version}` : `core_${t.version}`;
  return {
    tags: [tag],
    description: `${verb} ${t.kind}`,
    operationId: `${action}${tag.replace(/_(.)/, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase())}${t.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
    ...extra,
  };
}

const ok = (schema: string, codes = ['200']) => ({
  responses: Object.fromEntries(
    codes.map((c) => [
      c,
      { description: c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK', content: json(ref(schema)) },
    ]),
  ),
});

function objectOps(t: Target, withDelete: boolean): Json {
  const ops: Json = {
    get: operation('get', 'read the specified', t, ok(t.schema)),
    put: operation('put', 'replace the specified', t, {
      parameters: WRITE_PARAMS,
      requestBody: { content: json(ref(t.schema)), required: true },
      ...ok(t.schema, ['200', '201']),
    }),
    patch: operation('patch', 'partially update the specified', t, {
      parameters: [...WRITE_PARAMS, P.force],
      requestBody: {
        content: Object.fromEntries(PATCH_TYPES.map((c) => [c, { schema: ref(`${META}Patch`) }])),
        required: true,
      },
      ...ok(t.schema, ['200', '201']),
    }),
  };
  if (withDelete) {
    ops.delete = operation('delete', 'delete a', t, {
      parameters: DELETE_PARAMS,
      requestBody: { content: json(ref(`${META}DeleteOptions`)) },
      ...ok(t.schema, ['200', '202']),
    });
  }
  return ops;
}

function pathsFor(def: ResourceDef, version: string): Record<string, Json> {
  const prefix = def.group ? `/apis/${def.group}/${version}` : `/api/${version}`;
  const kindSchema = definitionName(def.group, version, def.kind);
  const t: Target = { def, version, kind: def.kind, group: def.group, schema: kindSchema };
  const listSchema = `${kindSchema}List`;
  const scope = def.namespaced
    ? `${prefix}/namespaces/{namespace}/${def.resource}`
    : `${prefix}/${def.resource}`;
  const common = [...(def.namespaced ? [P.namespace] : []), P.pretty];
  const named = [pathParam('name', `name of the ${def.kind}`), ...common];
  const paths: Record<string, Json> = {
    [scope]: {
      parameters: common,
      get: operation('list', 'list or watch objects of kind', t, {
        parameters: LIST_PARAMS,
        ...ok(listSchema),
      }),
      post: operation('post', 'create a', t, {
        parameters: WRITE_PARAMS,
        requestBody: { content: json(ref(kindSchema)), required: true },
        ...ok(kindSchema, ['200', '201', '202']),
      }),
      delete: operation('deletecollection', 'delete collection of', t, {
        parameters: [...LIST_PARAMS, ...DELETE_PARAMS],
        requestBody: { content: json(ref(`${META}DeleteOptions`)) },
        ...ok(`${META}Status`),
      }),
    },
    [`${scope}/{name}`]: { parameters: named, ...objectOps(t, true) },
  };
  if (def.namespaced) {
    paths[`${prefix}/${def.resource}`] = {
      parameters: [P.pretty],
      get: operation('list', 'list or watch objects of kind', t, {
        parameters: LIST_PARAMS,
        ...ok(listSchema),
      }),
    };
  }
  for (const sub of def.subresources ?? []) {
    const path = `${scope}/{name}/${sub}`;
    if (sub === 'status') paths[path] = { parameters: named, ...objectOps(t, false) };
    if (sub === 'scale') {
      const scale: Target = {
        ...t,
        kind: 'Scale',
        group: 'autoscaling',
        version: 'v1',
        schema: `${AUTOSCALING_V1}Scale`,
      };
      paths[path] = { parameters: named, ...objectOps(scale, false) };
    }
    if (sub === 'binding' || sub === 'eviction') {
      const body: Target =
        sub === 'binding'
          ? { ...t, kind: 'Binding', group: '', version: 'v1', schema: `${CORE}Binding` }
          : { ...t, kind: 'Eviction', group: 'policy', version: 'v1', schema: `${POLICY}Eviction` };
      paths[path] = {
        parameters: named,
        post: operation('post', 'create', body, {
          parameters: WRITE_PARAMS,
          requestBody: { content: json(ref(body.schema)), required: true },
          ...ok(body.schema, ['200', '201', '202']),
        }),
      };
    }
    if (sub === 'log') {
      paths[path] = {
        parameters: named,
        get: operation('get', 'read log of the specified', t, {
          parameters: [
            'container',
            'follow',
            'previous',
            'sinceSeconds',
            'tailLines',
            'timestamps',
            'limitBytes',
          ].map((n) => query(n, n)),
          responses: {
            '200': { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        }),
      };
    }
    if (sub === 'exec' || sub === 'portforward') {
      const connect = (verb: string) =>
        operation(
          'connect',
          `connect ${verb} requests to ${sub} of`,
          { ...t, kind: `Pod${sub === 'exec' ? 'Exec' : 'PortForward'}Options` },
          {
            responses: { '200': { description: 'OK', content: { '*/*': { schema: { type: 'string' } } } } },
          },
        );
      paths[path] = { parameters: named, get: connect('GET'), post: connect('POST') };
    }
  }
  return paths;
}

/** Every definition `roots` reach through $ref. */
function reachable(roots: string[]): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const visit = (s: unknown): void => {
    if (Array.isArray(s)) {
      for (const item of s) visit(item);
      return;
    }
    if (typeof s !== 'object' || s === null) return;
    const target = refName(s as Schema);
    if (target && !out[target] && definitions[target]) {
      out[target] = definitions[target];
      visit(definitions[target]);
    }
    for (const child of Object.values(s)) visit(child);
  };
  for (const r of roots) visit(ref(r));
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

function schemaRefs(paths: Record<string, Json>): string[] {
  const names = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const target = refName(v as Schema);
    if (target) names.add(target);
    for (const child of Object.values(v)) visit(child);
  };
  visit(paths);
  return [...names];
}

function document(paths: Record<string, Json>, extraRoots: string[] = []): Json {
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: reachable([...schemaRefs(paths), ...extraRoots]) },
  };
}

function buildDocuments(): Map<string, Json> {
  const docs = new Map<string, Json>();
  const byGv = new Map<string, Record<string, Json>>();
  for (const def of resources) {
    for (const version of [def.version, ...(def.alsoVersions ?? [])]) {
      const gv = groupVersion({ group: def.group, version });
      const key = def.group ? `apis/${gv}` : `api/${gv}`;
      byGv.set(key, { ...(byGv.get(key) ?? {}), ...pathsFor(def, version) });
    }
  }
  for (const [key, paths] of byGv) docs.set(key, document(paths, [`${META}WatchEvent`]));
  docs.set(
    'api',
    document({
      '/api/': {
        get: {
          tags: ['core'],
          description: 'get available API versions',
          operationId: 'getCoreAPIVersions',
          ...ok(`${META}APIVersions`),
        },
      },
    }),
  );
  docs.set(
    'apis',
    document({
      '/apis/': {
        get: {
          tags: ['apis'],
          description: 'get available API versions',
          operationId: 'getAPIVersions',
          ...ok(`${META}APIGroupList`),
        },
      },
    }),
  );
  return docs;
}

const documents = buildDocuments();
const hashes = new Map(
  [...documents].map(([k, doc]) => [
    k,
    createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase(),
  ]),
);

/** GET /openapi/v3: each group-version's document, by its content hash. */
export function openapiIndex(): { paths: Record<string, { serverRelativeURL: string }> } {
  return {
    paths: Object.fromEntries(
      [...hashes].map(([k, hash]) => [k, { serverRelativeURL: `/openapi/v3/${k}?hash=${hash}` }]),
    ),
  };
}

/** GET /openapi/v3/<groupVersionPath> ('api/v1', 'apis/apps/v1', ...); undefined when not served. */
export function openapiDocument(groupVersionPath: string): Json | undefined {
  return documents.get(groupVersionPath.replace(/^\/+|\/+$/g, ''));
}
