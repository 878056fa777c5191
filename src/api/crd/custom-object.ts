/**
 * What the API server does to a custom object of one served version: on the way in, prune
 * unknown fields and disallowed nulls, coerce ObjectMeta, apply defaults; then validate it
 * against the version's schema, its scale subresource paths, embedded resources and list types.
 */
import { isObj } from '../schema/json-values.js';
import type { KubeObject, StatusCause } from '../types.js';
import { causes as c } from './causes.js';
import { applySchemaDefaults } from './defaults.js';
import { validateListSetsAndMaps } from './list-types.js';
import { coerceObjectMeta, validateEmbeddedResources } from './object-meta.js';
import { prune, pruneNulls } from './prune.js';
import type { CustomResourceSubresourceScale, JSONSchemaProps } from './types.js';
import { validateAgainstSchema } from './validate-object.js';

/** One served version of a custom kind, as its objects are read, written and checked. */
export interface CustomVersion {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  schema: JSONSchemaProps;
  scale?: CustomResourceSubresourceScale;
}

export interface Decoded {
  /** Paths of pruned fields (`spec.foo`, `metadata.bar`), for warnings or a Strict error. */
  unknownFields: string[];
  /** A metadata field of the wrong type: the object cannot be read. */
  error?: StatusCause;
}

/** Prunes, coerces and defaults `obj` in place, as the decoder does for requests and storage reads. */
export function decodeCustomObject(obj: KubeObject, v: CustomVersion): Decoded {
  const unknownFields = prune(obj, v.schema, true);
  pruneNulls(obj, v.schema);
  const meta = coerceObjectMeta(obj, v.schema);
  applySchemaDefaults(obj, v.schema);
  return { unknownFields: [...unknownFields, ...meta.unknown].sort(), error: meta.error };
}

/** The causes of an invalid custom object, beyond its root metadata (checked as every kind's is). */
export function validateCustomObject(obj: KubeObject, v: CustomVersion): StatusCause[] {
  const apiVersion = `${v.group}/${v.version}`;
  const typeMeta: StatusCause[] = [];
  if (obj.kind !== v.kind) typeMeta.push(c.invalid('kind', obj.kind ?? '', `must be ${v.kind}`));
  if (obj.apiVersion !== apiVersion)
    typeMeta.push(c.invalid('apiVersion', obj.apiVersion ?? '', `must be ${apiVersion}`));
  if (typeMeta.length) return typeMeta;
  return [
    ...validateAgainstSchema(obj, v.schema),
    ...(v.scale ? validateScale(obj, v.scale) : []),
    ...validateEmbeddedResources(obj, v.schema),
    ...validateListSetsAndMaps(obj, v.schema),
  ];
}

/** The scale subresource's paths must hold what a Scale can carry. */
function validateScale(obj: KubeObject, scale: CustomResourceSubresourceScale): StatusCause[] {
  const errs: StatusCause[] = [];
  for (const path of [scale.specReplicasPath, scale.statusReplicasPath]) {
    if (!path) continue;
    const value = readPath(obj, path);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      errs.push(
        c.invalid(
          path,
          0,
          `${path} accessor error: ${goText(value)} is of the type ${goTypeName(value)}, expected int64`,
        ),
      );
    } else if (value < 0) errs.push(c.invalid(path, value, 'should be a non-negative integer'));
    else if (value > 2147483647)
      errs.push(c.invalid(path, value, 'should be less than or equal to 2147483647'));
  }
  const selectorPath = scale.labelSelectorPath;
  const selector = selectorPath ? readPath(obj, selectorPath) : undefined;
  if (selectorPath && selector !== undefined && typeof selector !== 'string') {
    errs.push(
      c.invalid(
        selectorPath,
        '',
        `${selectorPath} accessor error: ${goText(selector)} is of the type ${goTypeName(selector)}, expected string`,
      ),
    );
  }
  return errs;
}

/** The value at a simple path like `.spec.replicas`, or undefined when any step is missing. */
export function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const step of path.replace(/^\./, '').split('.')) {
    if (!isObj(cur) || !(step in cur)) return undefined;
    cur = cur[step];
  }
  return cur;
}

const goTypeName = (v: unknown) =>
  typeof v === 'string'
    ? 'string'
    : typeof v === 'boolean'
      ? 'bool'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'int64'
          : 'float64'
        : Array.isArray(v)
          ? '[]interface {}'
          : 'map[string]interface {}';
const goText = (v: unknown) =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
