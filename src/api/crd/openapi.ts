/**
 * The OpenAPI definitions a custom kind publishes (apiextensions' openapi builder), so
 * `kubectl explain` and `kubectl apply` see a CRD's schema as they see a built-in kind's:
 * the version's schema plus apiVersion, kind and metadata, named like
 * `com.example.stable.v1.CronTab`, with a List beside it.
 */
import { isObj } from '../schema/json-values.js';
import type { JSONSchemaProps } from './types.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const API_VERSION =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const METADATA =
  "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const LIST_METADATA =
  'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

export interface CustomKindNames {
  group: string;
  version: string;
  kind: string;
  listKind: string;
}

/** `stable.example.com`, `v1`, `CronTab` → `com.example.stable.v1.CronTab`. */
export function definitionNameOf(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

type Json = Record<string, unknown>;

/** The kind's and its list's definitions, for OpenAPI v3 (`v2` for the Swagger 2.0 document). */
export function customDefinitions(
  n: CustomKindNames,
  schema: JSONSchemaProps | undefined,
  openapi: 'v2' | 'v3',
): Record<string, Json> {
  const refTo = (name: string) =>
    openapi === 'v3' ? `#/components/schemas/${name}` : `#/definitions/${name}`;
  const name = definitionNameOf(n.group, n.version, n.kind);
  const gvk = (kind: string) => [{ group: n.group, version: n.version, kind }];
  const base = openapi === 'v3' ? structuredClone(schema ?? {}) : toV2(schema ?? {});
  const properties = isObj(base.properties) ? base.properties : {};
  const meta =
    openapi === 'v3'
      ? { allOf: [{ $ref: refTo(`${META}ObjectMeta`) }] }
      : { $ref: refTo(`${META}ObjectMeta`) };
  const kindSchema: Json = {
    ...base,
    type: 'object',
    properties: {
      ...properties,
      apiVersion: { description: API_VERSION, type: 'string' },
      kind: { description: KIND, type: 'string' },
      metadata: { description: METADATA, ...meta },
    },
    'x-kubernetes-group-version-kind': gvk(n.kind),
  };
  const list: Json = {
    description: `${n.listKind} is a list of ${n.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { description: API_VERSION, type: 'string' },
      items: {
        description: `List of ${n.kind.toLowerCase()}s. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: 'array',
        items: { $ref: refTo(name) },
      },
      kind: { description: KIND, type: 'string' },
      metadata: { description: LIST_METADATA, $ref: refTo(`${META}ListMeta`) },
    },
    'x-kubernetes-group-version-kind': gvk(n.listKind),
  };
  return { [name]: kindSchema, [`${name.slice(0, -n.kind.length)}${n.listKind}`]: list };
}

/**
 * Swagger 2.0 has no nullable, oneOf, anyOf or not, and no type list: Kubernetes drops them,
 * and an int-or-string loses its type.
 */
function toV2(s: JSONSchemaProps): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (['nullable', 'oneOf', 'anyOf', 'not', 'x-kubernetes-validations'].includes(k)) continue;
    if (k === 'properties' && isObj(v)) {
      out.properties = Object.fromEntries(
        Object.entries(v).map(([p, sub]) => [p, toV2(sub as JSONSchemaProps)]),
      );
    } else if ((k === 'items' || k === 'additionalProperties') && isObj(v))
      out[k] = toV2(v as JSONSchemaProps);
    else if (k === 'allOf' && Array.isArray(v)) out.allOf = v.map((sub) => toV2(sub));
    else out[k] = structuredClone(v);
  }
  if (s['x-kubernetes-int-or-string']) delete out.type;
  return out;
}
