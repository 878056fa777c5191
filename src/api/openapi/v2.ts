/**
 * The OpenAPI v2 (Swagger 2.0) document served at /openapi/v2, made from the same operations and
 * schemas as the v3 documents: kubectl falls back to it (as protobuf) when v3 does not know a
 * kind, to tell a mistyped kind from a missing field-validation feature.
 */
import { createHash } from 'node:crypto';
import { kinds } from '../kinds/index.js';
import { refName } from '../schema/dsl.js';
import { servedDefinitions } from '../schema/served-definitions.js';
import type { Schema } from '../schema/types.js';
import { discoveryPaths, groupVersionPaths, type Operation, type Param, type Paths } from './operations.js';

type Json = Record<string, unknown>;

const OBJECT_MEDIA = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

/** A v3 schema in v2's form: `#/definitions/` references, a described reference without allOf. */
export function toV2Schema(schema: Schema): Json {
  const target = refName(schema);
  const { allOf: _allOf, $ref: _ref, properties, items, additionalProperties, ...rest } = schema;
  const out: Json = { ...rest };
  if (target) out.$ref = ref(target).$ref;
  else if (schema.allOf) out.allOf = schema.allOf.map(toV2Schema);
  if (out['x-kubernetes-int-or-string'] && !out.type && !target) out.type = 'string';
  if (properties)
    out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toV2Schema(v)]));
  if (items) out.items = toV2Schema(items);
  if (additionalProperties !== undefined)
    out.additionalProperties =
      typeof additionalProperties === 'boolean' ? additionalProperties : toV2Schema(additionalProperties);
  return out;
}

function param(p: Param): Json {
  return {
    uniqueItems: true,
    type: p.type,
    description: p.description,
    name: p.name,
    in: p.in,
    ...(p.in === 'path' ? { required: true } : {}),
  };
}

function responseSchema(schema: string): Json {
  return schema === 'text' || schema === 'any' ? { type: 'string' } : ref(schema);
}

function operation(op: Operation): Json {
  const produces = op.responses.some((r) => r.schema === 'any')
    ? ['*/*']
    : op.responses.some((r) => r.schema === 'text')
      ? ['text/plain', ...OBJECT_MEDIA]
      : OBJECT_MEDIA;
  const params = op.params.map(param);
  if (op.body)
    params.unshift({
      name: 'body',
      in: 'body',
      ...(op.body.required ? { required: true } : {}),
      schema: ref(op.body.schema),
    });
  return {
    description: op.description,
    consumes: op.method === 'patch' && op.body ? op.body.mediaTypes : ['*/*'],
    produces,
    schemes: ['https'],
    tags: [op.tag],
    operationId: op.operationId,
    ...(params.length ? { parameters: params } : {}),
    responses: Object.fromEntries(
      op.responses.map((r) => [r.code, { description: r.description, schema: responseSchema(r.schema) }]),
    ),
    ...(op.action ? { 'x-kubernetes-action': op.action } : {}),
    ...(op.gvk ? { 'x-kubernetes-group-version-kind': op.gvk } : {}),
  };
}

function renderPaths(paths: Paths): Json {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      {
        ...Object.fromEntries(item.operations.map((op) => [op.method, operation(op)])),
        ...(item.params.length ? { parameters: item.params.map(param) } : {}),
      },
    ]),
  );
}

function buildDocument(): Json {
  const paths: Json = {};
  for (const gvPaths of [...discoveryPaths().values(), ...groupVersionPaths().values()])
    Object.assign(paths, renderPaths(gvPaths));
  const definitions = servedDefinitions();
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    definitions: Object.fromEntries(
      Object.keys(definitions)
        .sort()
        .map((name) => [name, toV2Schema(definitions[name])]),
    ),
  };
}

export interface OpenApiV2 {
  document: Json;
  json: Buffer;
  /** The ETag of both renderings: a hash of the document. */
  etag: string;
  /** The gnostic openapi_v2.Document message kubectl asks for, encoded on first request. */
  protobuf(): Promise<Buffer>;
}

/** The v2 document, built once per registry generation. */
export const openapiV2: () => OpenApiV2 = kinds.cached(() => {
  const document = buildDocument();
  const json = Buffer.from(JSON.stringify(document));
  let protobuf: Promise<Buffer> | undefined;
  return {
    document,
    json,
    etag: `"${createHash('sha512').update(json).digest('hex').toUpperCase()}"`,
    // Loaded on first use: protobufjs would slow every server start.
    protobuf: () => {
      protobuf ??= import('./v2-protobuf.js').then((m) => m.encodeOpenApiV2(document));
      return protobuf;
    },
  };
});
