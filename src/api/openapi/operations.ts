/**
 * The REST operations of every served kind, in a form both OpenAPI versions render: paths,
 * parameters, bodies and responses, each operation marked with Kubernetes' x-kubernetes-action
 * and x-kubernetes-group-version-kind, which kubectl reads.
 */
import {
  allows,
  type GroupVersionKind,
  type KindDef,
  kinds,
  kindVersion,
  type Subresource,
} from '../kinds/index.js';
import { META } from '../schema/dsl.js';

export interface Param {
  name: string;
  in: 'query' | 'path';
  description: string;
  type: 'string' | 'integer' | 'boolean';
}

export interface Response {
  code: string;
  description: string;
  /** A definition name; or a plain text, or any, body. */
  schema: string | 'text' | 'any';
}

export interface Operation {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  description: string;
  operationId: string;
  tag: string;
  /** Absent on the discovery operations, which act on no kind. */
  action?: string;
  gvk?: GroupVersionKind;
  params: Param[];
  /** The definition the request body holds, with the media types it may come in. */
  body?: { schema: string; mediaTypes: string[]; required: boolean };
  responses: Response[];
}

export interface PathItem {
  params: Param[];
  operations: Operation[];
}

export type Paths = Record<string, PathItem>;

const query = (name: string, description: string, type: Param['type'] = 'string'): Param => ({
  name,
  in: 'query',
  description,
  type,
});
const pathParam = (name: string, description: string): Param => ({
  name,
  in: 'path',
  description,
  type: 'string',
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
    'boolean',
  ),
  labelSelector: query(
    'labelSelector',
    'A selector to restrict the list of returned objects by their labels. Defaults to everything.',
  ),
  fieldSelector: query(
    'fieldSelector',
    'A selector to restrict the list of returned objects by their fields. Defaults to everything.',
  ),
  limit: query('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
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
    'boolean',
  ),
  allowWatchBookmarks: query(
    'allowWatchBookmarks',
    'allowWatchBookmarks requests watch events with type "BOOKMARK".',
    'boolean',
  ),
  sendInitialEvents: query(
    'sendInitialEvents',
    'sendInitialEvents=true may be set together with watch=true.',
    'boolean',
  ),
  timeoutSeconds: query('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
  gracePeriodSeconds: query(
    'gracePeriodSeconds',
    'The duration in seconds before the object should be deleted.',
    'integer',
  ),
  propagationPolicy: query(
    'propagationPolicy',
    "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'.",
  ),
  orphanDependents: query('orphanDependents', 'Deprecated: please use the PropagationPolicy.', 'boolean'),
  namespace: pathParam('namespace', 'object name and auth scope, such as for teams and projects'),
  path: pathParam('path', 'path to the resource'),
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
const LOG_PARAMS = [
  'container',
  'follow',
  'previous',
  'sinceSeconds',
  'sinceTime',
  'tailLines',
  'timestamps',
  'limitBytes',
];

const OBJECT_TYPES = ['application/json', 'application/yaml'];
const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];
// A custom resource takes no strategic merge patch, and kubectl apply reads this list to choose
// one: listed, it sends a strategic merge patch and gets 415.
const CUSTOM_PATCH_TYPES = PATCH_TYPES.filter((t) => t !== 'application/strategic-merge-patch+json');

/** What operations act on: the kind, or what a subresource takes (Scale, Binding, ...). */
interface Target {
  def: KindDef;
  version: string;
  gvk: GroupVersionKind;
  schema: string;
}

function operation(
  method: Operation['method'],
  action: string,
  verb: string,
  t: Target,
  rest: Pick<Operation, 'params' | 'responses'> & { body?: Operation['body'] },
): Operation {
  const tag = t.def.group ? `${t.def.group.split('.')[0]}_${t.version}` : `core_${t.version}`;
  const camel = tag.replace(/_(.)/, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase());
  return {
    method,
    action,
    description: `${verb} ${t.gvk.kind}`,
    operationId: `${action}${camel}${t.gvk.kind}`,
    tag,
    gvk: t.gvk,
    ...rest,
  };
}

const ok = (schema: Response['schema'], codes = ['200']): Response[] =>
  codes.map((code) => ({
    code,
    description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK',
    schema,
  }));

/** get, put and patch of an object (or of a status or scale subresource). */
function readWrite(t: Target): Operation[] {
  return [
    operation('get', 'get', 'read the specified', t, { params: [], responses: ok(t.schema) }),
    operation('put', 'put', 'replace the specified', t, {
      params: WRITE_PARAMS,
      body: { schema: t.schema, mediaTypes: OBJECT_TYPES, required: true },
      responses: ok(t.schema, ['200', '201']),
    }),
    operation('patch', 'patch', 'partially update the specified', t, {
      params: [...WRITE_PARAMS, P.force],
      body: {
        schema: `${META}Patch`,
        mediaTypes: t.def.untyped ? CUSTOM_PATCH_TYPES : PATCH_TYPES,
        required: true,
      },
      responses: ok(t.schema, ['200', '201']),
    }),
  ];
}

function listOp(t: Target): Operation {
  return operation('get', 'list', 'list or watch objects of kind', t, {
    params: LIST_PARAMS,
    responses: ok(`${t.schema}List`),
  });
}

function collectionOps(t: Target): Operation[] {
  return [
    listOp(t),
    operation('post', 'post', 'create a', t, {
      params: WRITE_PARAMS,
      body: { schema: t.schema, mediaTypes: OBJECT_TYPES, required: true },
      responses: ok(t.schema, ['200', '201', '202']),
    }),
    operation('delete', 'deletecollection', 'delete collection of', t, {
      params: [...LIST_PARAMS, ...DELETE_PARAMS],
      body: { schema: `${META}DeleteOptions`, mediaTypes: OBJECT_TYPES, required: false },
      responses: ok(`${META}Status`),
    }),
  ];
}

function deleteOp(t: Target): Operation {
  return operation('delete', 'delete', 'delete a', t, {
    params: DELETE_PARAMS,
    body: { schema: `${META}DeleteOptions`, mediaTypes: OBJECT_TYPES, required: false },
    responses: ok(t.schema, ['200', '202']),
  });
}

function subresourceOps(t: Target, sub: Subresource): Operation[] {
  const k = sub.kind;
  const body: Target = k?.definition
    ? { ...t, gvk: { group: k.group, version: k.version, kind: k.kind }, schema: k.definition }
    : t;
  if (sub.connect) {
    const connect = { ...t, gvk: { ...t.gvk, kind: sub.kind?.kind ?? t.gvk.kind } };
    const methods: Operation['method'][] =
      sub.name === 'proxy' ? ['get', 'put', 'post', 'patch', 'delete'] : ['get', 'post'];
    return methods.map((m) =>
      operation(m, 'connect', `connect ${m.toUpperCase()} requests to ${sub.name} of`, connect, {
        params: [],
        responses: ok('any'),
      }),
    );
  }
  if (sub.verbs.length === 1 && sub.verbs[0] === 'get')
    return [
      operation('get', 'get', `read ${sub.name} of the specified`, t, {
        params: LOG_PARAMS.map((n) => query(n, n)),
        responses: ok('text'),
      }),
    ];
  if (sub.verbs.length === 1 && sub.verbs[0] === 'update')
    return [
      operation('put', 'put', `replace ${sub.name} of the specified`, t, {
        params: WRITE_PARAMS,
        body: { schema: t.schema, mediaTypes: OBJECT_TYPES, required: true },
        responses: ok(t.schema, ['200', '201']),
      }),
    ];
  if (sub.verbs.includes('create')) {
    if (!sub.kind?.definition) return [];
    return [
      operation('post', 'post', 'create', body, {
        params: WRITE_PARAMS,
        body: { schema: body.schema, mediaTypes: OBJECT_TYPES, required: true },
        responses: ok(body.schema, ['200', '201', '202']),
      }),
    ];
  }
  return readWrite(body);
}

const ACTION_VERB: Record<string, string> = {
  get: 'get',
  list: 'list',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
};

/** The paths of one kind in one of its versions. */
function kindPaths(def: KindDef, version: string): Paths {
  const prefix = def.group ? `/apis/${def.group}/${version}` : `/api/${version}`;
  const schema = kindVersion(def, version)!.definition;
  const t: Target = { def, version, gvk: { group: def.group, version, kind: def.kind }, schema };
  const collection = def.namespaced
    ? `${prefix}/namespaces/{namespace}/${def.resource}`
    : `${prefix}/${def.resource}`;
  const common = [...(def.namespaced ? [P.namespace] : []), P.pretty];
  const named = [pathParam('name', `name of the ${def.kind}`), ...common];
  // An operation's x-kubernetes-action is the verb it takes (post: create, put: update, ...).
  const allowed = (ops: Operation[]) => ops.filter((op) => allows(def, ACTION_VERB[op.action ?? ''] ?? ''));
  const paths: Paths = {
    [collection]: { params: common, operations: allowed(collectionOps(t)) },
    [`${collection}/{name}`]: { params: named, operations: allowed([...readWrite(t), deleteOp(t)]) },
  };
  if (def.namespaced && allows(def, 'list'))
    paths[`${prefix}/${def.resource}`] = { params: [P.pretty], operations: [listOp(t)] };
  for (const sub of def.subresources ?? []) {
    const operations = subresourceOps(t, sub);
    if (!operations.length) continue;
    paths[`${collection}/{name}/${sub.name}`] = { params: named, operations };
    if (sub.name === 'proxy')
      paths[`${collection}/{name}/proxy/{path}`] = { params: [...named, P.path], operations };
  }
  return paths;
}

/** Every served group-version's paths, keyed as /openapi/v3 names them: 'api/v1', 'apis/apps/v1'. */
export function groupVersionPaths(): Map<string, Paths> {
  const byGv = new Map<string, Paths>();
  for (const def of kinds.all()) {
    for (const { name: version } of def.versions) {
      const key = def.group ? `apis/${def.group}/${version}` : `api/${version}`;
      byGv.set(key, { ...byGv.get(key), ...kindPaths(def, version) });
    }
  }
  return byGv;
}

/** The discovery paths, /api/ and /apis/, each with one operation. */
export function discoveryPaths(): Map<string, Paths> {
  const discoveryOp = (tag: string, operationId: string, schema: string): Operation => ({
    method: 'get',
    description: 'get available API versions',
    operationId,
    tag,
    params: [],
    responses: ok(schema),
  });
  return new Map<string, Paths>([
    [
      'api',
      {
        '/api/': {
          params: [],
          operations: [discoveryOp('core', 'getCoreAPIVersions', `${META}APIVersions`)],
        },
      },
    ],
    [
      'apis',
      {
        '/apis/': { params: [], operations: [discoveryOp('apis', 'getAPIVersions', `${META}APIGroupList`)] },
      },
    ],
  ]);
}
