/**
 * ObjectMeta in custom objects (apiextensions schema/objectmeta): whatever a CRD schema says,
 * `metadata` at the root and in x-kubernetes-embedded-resource fields is ObjectMeta, pruned
 * of unknown fields and checked like the metadata of built-in kinds.
 */

import { resolveSchema } from '../schema/decode.js';
import { resolveRef } from '../schema/index.js';
import { isObj } from '../schema/json-values.js';
import type { Schema } from '../schema/types.js';
import { validateObjectMeta } from '../schema/validate-meta.js';
import type { StatusCause } from '../types.js';
import { causes as c, child, index, key } from './causes.js';
import type { JSONSchemaProps } from './types.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const GO_TYPES: Record<string, string> = {
  string: 'string',
  integer: 'int64',
  boolean: 'bool',
  number: 'float64',
};

interface Coerced {
  unknown: string[];
  error?: StatusCause;
}

/** Prunes every ObjectMeta in `obj` (the root's and embedded resources') to its known fields. */
export function coerceObjectMeta(obj: unknown, schema: JSONSchemaProps | undefined): Coerced {
  const out: Coerced = { unknown: [] };
  visit(obj, { ...(schema ?? {}), 'x-kubernetes-embedded-resource': true }, '', out);
  return out;
}

function visit(x: unknown, s: JSONSchemaProps | undefined, path: string, out: Coerced): void {
  if (!s || out.error) return;
  if (Array.isArray(x)) {
    const items = isObj(s.items) && !Array.isArray(s.items) ? s.items : undefined;
    for (const [i, v] of x.entries()) visit(v, items, index(path, i), out);
    return;
  }
  if (!isObj(x)) return;
  if (s['x-kubernetes-embedded-resource']) coerceResource(x, path, out);
  for (const [k, v] of Object.entries(x)) {
    const prop = s.properties?.[k];
    if (isObj(prop)) visit(v, prop, child(path, k), out);
    else if (isObj(s.additionalProperties)) visit(v, s.additionalProperties, key(path, k), out);
  }
}

function coerceResource(x: Record<string, unknown>, path: string, out: Coerced): void {
  for (const field of ['apiVersion', 'kind']) {
    if (field in x && typeof x[field] !== 'string') {
      out.error = c.invalid(child(path, field), x[field], 'must be a string');
      return;
    }
  }
  if (!('metadata' in x)) return;
  const metaPath = child(path, 'metadata');
  if (!isObj(x.metadata)) {
    out.error = c.invalid(
      metaPath,
      x.metadata,
      `json: cannot unmarshal ${jsonKind(x.metadata)} into Go value of type v1.ObjectMeta`,
    );
    return;
  }
  const problem = pruneKnown(x.metadata, resolveRef(OBJECT_META), metaPath, out.unknown, '');
  if (problem) out.error = c.invalid(metaPath, x.metadata, problem);
}

const jsonKind = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v;

/** Drops fields a built-in schema does not know; answers Go's unmarshal error for a mistyped one. */
function pruneKnown(
  x: unknown,
  field: Schema,
  path: string,
  unknown: string[],
  goField: string,
): string | undefined {
  const s = resolveSchema(field).schema;
  if (x === null || x === undefined) return undefined;
  const type = s.type === 'object' || s.properties || s.additionalProperties ? 'object' : s.type;
  const mismatch = (goType: string) =>
    `json: cannot unmarshal ${jsonKind(x)} into Go struct field ObjectMeta.${goField} of type ${goType}`;
  if (type === 'array') {
    if (!Array.isArray(x)) return mismatch('[]');
    for (const [i, v] of x.entries()) {
      const problem = s.items && pruneKnown(v, s.items, index(path, i), unknown, goField);
      if (problem) return problem;
    }
    return undefined;
  }
  if (type === 'object') {
    if (!isObj(x)) return mismatch('map');
    // managedFields' fieldsV1 is free-form JSON, kept whole.
    if (s['x-kubernetes-preserve-unknown-fields']) return undefined;
    for (const [k, v] of Object.entries(x)) {
      const prop = s.properties?.[k] ?? (isObj(s.additionalProperties) ? s.additionalProperties : undefined);
      if (!prop) {
        unknown.push(child(path, k));
        delete x[k];
        continue;
      }
      const problem = pruneKnown(
        v,
        prop,
        child(path, k),
        unknown,
        s.properties?.[k] ? child(goField, k) : goField,
      );
      if (problem) return problem;
    }
    return undefined;
  }
  const got = typeof x === 'number' ? (Number.isInteger(x) ? 'integer' : 'number') : typeof x;
  if (type && got !== type && !(type === 'number' && got === 'integer'))
    return mismatch(GO_TYPES[type] ?? type);
  return undefined;
}

/** Checks the metadata, apiVersion and kind of the resources embedded in `obj` (not its root). */
export function validateEmbeddedResources(
  obj: unknown,
  s: JSONSchemaProps | undefined,
  path = '',
): StatusCause[] {
  if (!s) return [];
  const errs: StatusCause[] = [];
  if (Array.isArray(obj)) {
    const items = isObj(s.items) && !Array.isArray(s.items) ? s.items : undefined;
    for (const [i, v] of obj.entries()) errs.push(...validateEmbeddedResources(v, items, index(path, i)));
    return errs;
  }
  if (!isObj(obj)) return errs;
  if (path && s['x-kubernetes-embedded-resource']) errs.push(...embeddedResource(obj, path));
  for (const [k, v] of Object.entries(obj)) {
    const prop = s.properties?.[k];
    if (isObj(prop)) errs.push(...validateEmbeddedResources(v, prop, child(path, k)));
    else if (isObj(s.additionalProperties))
      errs.push(...validateEmbeddedResources(v, s.additionalProperties, key(path, k)));
  }
  return errs;
}

function embeddedResource(x: Record<string, unknown>, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  for (const field of ['apiVersion', 'kind']) {
    if (!x[field]) errs.push(c.required(child(path, field)));
  }
  if (typeof x.apiVersion === 'string' && x.apiVersion.split('/').length > 2) {
    errs.push(
      c.invalid(child(path, 'apiVersion'), x.apiVersion, `unexpected GroupVersion string: ${x.apiVersion}`),
    );
  }
  if (isObj(x.metadata)) {
    const meta: Record<string, unknown> = { ...x.metadata, name: x.metadata.name || 'fakename' };
    errs.push(...validateObjectMeta(meta, !!meta.namespace, pathSegmentName, child(path, 'metadata'), false));
  }
  return errs;
}

/** path.ValidatePathSegmentName: embedded objects need only a name usable in a URL path. */
function pathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((ch) => name.includes(ch)).map((ch) => `may not contain '${ch}'`);
}
