/**
 * Defaulting from a CRD schema's `default` values (apiextensions defaulting.Default): a missing
 * field, or a null one that may not be null, takes a copy of its default. Kubernetes defaults
 * on create, on update and when it reads an object from storage, so a default added to a
 * schema later shows on objects stored before.
 */
import { isObj } from '../schema/json-values.js';
import type { JSONSchemaProps } from './types.js';

const takesDefault = (v: unknown, s: JSONSchemaProps | undefined) => v === null && !!s && !s.nullable;

export function applySchemaDefaults(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = isObj(s.items) && !Array.isArray(s.items) ? s.items : undefined;
    x.forEach((v, i) => {
      if (items && takesDefault(v, items) && items.default !== undefined)
        x[i] = structuredClone(items.default);
      applySchemaDefaults(x[i], items);
    });
    return;
  }
  if (!isObj(x)) return;
  const props = isObj(s.properties) ? s.properties : {};
  for (const [k, prop] of Object.entries(props)) {
    if (!isObj(prop) || prop.default === undefined || prop.default === null) continue;
    if (!(k in x) || takesDefault(x[k], prop)) x[k] = structuredClone(prop.default);
  }
  const extra = isObj(s.additionalProperties) ? s.additionalProperties : undefined;
  for (const k of Object.keys(x)) {
    if (isObj(props[k])) applySchemaDefaults(x[k], props[k]);
    else if (extra) {
      if (takesDefault(x[k], extra) && extra.default !== undefined) x[k] = structuredClone(extra.default);
      applySchemaDefaults(x[k], extra);
    }
  }
}
