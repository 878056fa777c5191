/**
 * Semantic validation of objects on create and update, with the causes (reason, message, field)
 * Kubernetes puts in a 422 Invalid answer: metadata, closed value sets, then the kind's own rules.
 */
import { kinds } from '../kinds/index.js';
import type { KubeObject, StatusCause } from '../types.js';
import { resolveSchema, schemaForKind } from './decode.js';
import { dns1123Subdomain, fieldErrors as fe } from './field-errors.js';
import { isObj } from './json-values.js';
import type { Schema } from './types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './validate-meta.js';

/** Values outside a field's closed set (the schema's `enum`), everywhere but in status. */
function enumCauses(value: unknown, field: Schema, path: string): StatusCause[] {
  if (value === undefined || value === null) return [];
  const { schema } = resolveSchema(field);
  if (schema.enum && typeof value === 'string') {
    return value === '' || schema.enum.includes(value)
      ? []
      : [fe.notSupported(path, value, schema.enum as string[])];
  }
  if (schema.type === 'array' && schema.items && Array.isArray(value)) {
    return value.flatMap((item, i) => enumCauses(item, schema.items!, `${path}[${i}]`));
  }
  if (schema.properties && isObj(value)) {
    return Object.entries(value).flatMap(([key, child]) => {
      const prop = schema.properties![key];
      if (!prop || (!path && key === 'status')) return [];
      return enumCauses(child, prop, path ? `${path}.${key}` : key);
    });
  }
  return [];
}

/** Causes for a new object (after defaulting). */
export function validateCreate(obj: KubeObject): StatusCause[] {
  const def = kinds.byKind(String(obj.apiVersion), String(obj.kind));
  const causes = validateObjectMeta(
    obj.metadata,
    def?.namespaced ?? true,
    def?.nameCheck ?? dns1123Subdomain,
    'metadata',
    !def?.genericObjectMeta,
  );
  const schema = schemaForKind(String(obj.apiVersion), String(obj.kind));
  if (schema && !def?.validatesSchema) causes.push(...enumCauses(obj, schema, ''));
  causes.push(...(def?.validate?.(obj) ?? []));
  return causes;
}

/** Causes for an update of `old` to `next` (both defaulted): the object's own validity, then what may not change. */
export function validateUpdate(next: KubeObject, old: KubeObject): StatusCause[] {
  const def = kinds.byKind(String(next.apiVersion), String(next.kind));
  return [
    ...validateCreate(next),
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...(def?.validateUpdate?.(next, old) ?? []),
  ];
}
