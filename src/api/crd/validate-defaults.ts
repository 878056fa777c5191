/**
 * Default values in a CRD schema must themselves be valid and pruned
 * (apiextensions defaulting.ValidateDefaults), so defaulting never makes an invalid object.
 */
import { isObj } from '../schema/json-values.js';
import { sameJson } from '../schema/same-json.js';
import type { StatusCause } from '../types.js';
import { causes as c, child, key } from './causes.js';
import { prune } from './prune.js';
import type { JSONSchemaProps } from './types.js';
import { validateAgainstSchema } from './validate-object.js';

const META_FIELDS = new Set(['metadata', 'apiVersion', 'kind']);

export function validateDefaults(schema: JSONSchemaProps, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  walk({ ...schema, 'x-kubernetes-embedded-resource': true }, path, false, errs);
  return errs;
}

function walk(s: JSONSchemaProps, path: string, insideMeta: boolean, errs: StatusCause[]): void {
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const inMeta = insideMeta && !embedded;
  if (s.default !== undefined && s.default !== null) {
    const at = child(path, 'default');
    if (!inMeta) {
      const pruned = structuredClone(s.default);
      prune(pruned, s, embedded);
      if (!sameJson(pruned, s.default)) errs.push(c.invalid(at, s.default, 'must not have unknown fields'));
    }
    errs.push(...validateAgainstSchema(s.default, s, at));
  }
  if (isObj(s.items) && !Array.isArray(s.items)) walk(s.items, child(path, 'items'), inMeta, errs);
  for (const [k, prop] of Object.entries(isObj(s.properties) ? s.properties : {})) {
    if (!isObj(prop)) continue;
    const meta = embedded ? META_FIELDS.has(k) : inMeta;
    walk(prop, key(child(path, 'properties'), k), meta, errs);
  }
}
