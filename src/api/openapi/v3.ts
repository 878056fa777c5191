/**
 * OpenAPI v3 documents served under /openapi/v3: one per group-version with its kinds' paths and
 * every definition those reach, listed in an index by content hash. kubectl reads them for
 * `apply` (field validation support, strategic merge patch metadata) and `explain`.
 */
import { createHash } from 'node:crypto';
import { kinds } from '../kinds/index.js';
import { META, refName } from '../schema/dsl.js';
import { servedDefinitions } from '../schema/served-definitions.js';
import type { Schema } from '../schema/types.js';
import { discoveryPaths, groupVersionPaths, type Operation, type Param, type Paths } from './operations.js';

type Json = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

function param(p: Param): Json {
  return {
    name: p.name,
    in: p.in,
    description: p.description,
    ...(p.in === 'path' ? { required: true } : {}),
    schema: { type: p.type, uniqueItems: true },
  };
}

function content(schema: string): Json {
  if (schema === 'text') return { 'text/plain': { schema: { type: 'string' } } };
  if (schema === 'any') return { '*/*': { schema: { type: 'string' } } };
  return { 'application/json': { schema: ref(schema) }, 'application/yaml': { schema: ref(schema) } };
}

function operation(op: Operation): Json {
  return {
    tags: [op.tag],
    description: op.description,
    operationId: op.operationId,
    ...(op.action ? { 'x-kubernetes-action': op.action } : {}),
    ...(op.gvk ? { 'x-kubernetes-group-version-kind': op.gvk } : {}),
    ...(op.params.length ? { parameters: op.params.map(param) } : {}),
    ...(op.body
      ? {
          requestBody: {
            content: Object.fromEntries(op.body.mediaTypes.map((t) => [t, { schema: ref(op.body!.schema) }])),
            ...(op.body.required ? { required: true } : {}),
          },
        }
      : {}),
    responses: Object.fromEntries(
      op.responses.map((r) => [r.code, { description: r.description, content: content(r.schema) }]),
    ),
  };
}

function renderPaths(paths: Paths): Json {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      {
        ...(item.params.length ? { parameters: item.params.map(param) } : {}),
        ...Object.fromEntries(item.operations.map((op) => [op.method, operation(op)])),
      },
    ]),
  );
}

/** Calls `visit` with the name of every definition `value` refers to. */
export function eachRef(value: unknown, visit: (name: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) eachRef(item, visit);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const target = refName(value as Schema);
  if (target) visit(target);
  for (const child of Object.values(value)) eachRef(child, visit);
}

/** Every definition `roots` reach through $ref, sorted by name. */
export function reachable(roots: string[], definitions: Record<string, Schema>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const add = (name: string): void => {
    if (out[name] || !definitions[name]) return;
    out[name] = definitions[name];
    eachRef(definitions[name], add);
  };
  for (const root of roots) add(root);
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

function document(paths: Paths, extraRoots: string[]): Json {
  const rendered = renderPaths(paths);
  const roots: string[] = [...extraRoots];
  eachRef(rendered, (name) => roots.push(name));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths: rendered,
    components: { schemas: reachable(roots, servedDefinitions()) },
  };
}

interface Built {
  documents: Map<string, Json>;
  hashes: Map<string, string>;
}

const built: () => Built = kinds.cached(() => {
  const documents = new Map<string, Json>();
  for (const [key, paths] of groupVersionPaths()) documents.set(key, document(paths, [`${META}WatchEvent`]));
  for (const [key, paths] of discoveryPaths()) documents.set(key, document(paths, []));
  const hashes = new Map(
    [...documents].map(([k, doc]) => [
      k,
      createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase(),
    ]),
  );
  return { documents, hashes };
});

/** GET /openapi/v3: each group-version's document, by its content hash. */
export function openapiIndex(): { paths: Record<string, { serverRelativeURL: string }> } {
  return {
    paths: Object.fromEntries(
      [...built().hashes].map(([k, hash]) => [k, { serverRelativeURL: `/openapi/v3/${k}?hash=${hash}` }]),
    ),
  };
}

const key = (groupVersionPath: string) => groupVersionPath.replace(/^\/+|\/+$/g, '');

/** GET /openapi/v3/<groupVersionPath> ('api/v1', 'apis/apps/v1', ...); undefined when not served. */
export function openapiDocument(groupVersionPath: string): Json | undefined {
  return built().documents.get(key(groupVersionPath));
}

/** The hash of a group-version's document, which its URL in the index carries. */
export function openapiHash(groupVersionPath: string): string | undefined {
  return built().hashes.get(key(groupVersionPath));
}
