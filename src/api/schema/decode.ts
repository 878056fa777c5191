/**
 * Decoding of a request body against its kind's schema, as the API server's JSON decoder
 * does it: unknown fields are reported (and pruned), mistyped values are decode errors.
 */

import { kinds, kindVersion, splitApiVersion } from '../kinds/index.js';
import type { KubeObject } from '../types.js';
import { INT_OR_STRING, QUANTITY, refName } from './dsl.js';
import { QUANTITY_PATTERN } from './quantity.js';
import { servedDefinitions } from './served-definitions.js';
import type { Schema } from './types.js';

export interface DecodeResult {
  object: KubeObject;
  /** Paths of unknown fields, as Kubernetes reports them: `spec.template.spec.containers[0].foo`. */
  unknownFields: string[];
  /** Decode errors (at most one, like Go's decoder), already phrased as the API answers them. */
  errors: string[];
  /**
   * The first map, struct or list given a value of another shape, as apimachinery's unstructured
   * converter words it ("cannot restore map from string"): what a strategic merge patch answers.
   */
  restoreError?: string;
}

interface Resolved {
  schema: Schema;
  name?: string;
}

export function resolveSchema(schema: Schema): Resolved {
  let name: string | undefined;
  let current = schema;
  for (let target = refName(current); target; target = refName(current)) {
    name = target;
    current = servedDefinitions()[target] ?? {};
  }
  return { schema: current, name };
}

/** The schema of a kind in a version; undefined for kinds and versions not served. */
export function schemaForKind(apiVersion: string, kind: string): Schema | undefined {
  const def = kinds.byKind(apiVersion, kind);
  return def && kindVersion(def, splitApiVersion(apiVersion)[1])?.schema;
}

/** The Go type name Kubernetes' decoder names in its errors. */
function goType(schema: Schema, name?: string): string {
  if (name === QUANTITY) return 'resource.Quantity';
  if (name === INT_OR_STRING) return 'intstr.IntOrString';
  if (name) {
    const parts = name.split('.');
    return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
  }
  if (schema.type === 'integer') return schema.format === 'int64' ? 'int64' : 'int32';
  if (schema.type === 'number') return 'float64';
  if (schema.type === 'boolean') return 'bool';
  if (schema.type === 'string') return schema.format === 'byte' ? '[]uint8' : 'string';
  if (schema.type === 'array' && schema.items) {
    const item = resolveSchema(schema.items);
    return `[]${goType(item.schema, item.name)}`;
  }
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    const item = resolveSchema(schema.additionalProperties);
    return `map[string]${goType(item.schema, item.name)}`;
  }
  return 'map[string]interface {}';
}

/** The Go reflect kind a JSON value decodes to in an unstructured object. */
function reflectKind(value: unknown): string {
  if (Array.isArray(value)) return 'slice';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'map' : 'string';
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'number' : `number ${value}`;
  return typeof value === 'object' ? 'object' : 'string';
}

interface Where {
  path: string; // shown path, with list indices
  goPath: string; // Go's field path: no indices
  owner?: string; // Go struct holding the field
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT_RANGE = {
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

class Decoder {
  unknown: string[] = [];
  errors: string[] = [];
  restoreError?: string;

  private typeError(value: unknown, schema: Schema, name: string | undefined, at: Where): void {
    if (schema.type === 'array') this.restoreError ??= `cannot restore slice from ${reflectKind(value)}`;
    else if (schema.type === 'object')
      this.restoreError ??= schema.properties
        ? `cannot restore struct from: ${reflectKind(value)}`
        : `cannot restore map from ${reflectKind(value)}`;
    const target = at.owner ? `Go struct field ${at.owner}.${at.goPath}` : 'Go value';
    this.errors.push(
      `json: cannot unmarshal ${jsonKind(value)} into ${target} of type ${goType(schema, name)}`,
    );
  }

  /** Checks `value` in place; returns it, or its canonical form (a Quantity given as a number becomes a string). */
  walk(value: unknown, field: Schema, at: Where): unknown {
    if (value === null || value === undefined) return value;
    const { schema, name } = resolveSchema(field);
    if (name === QUANTITY) {
      if (typeof value === 'number') return String(value);
      if (typeof value !== 'string' || !QUANTITY_PATTERN.test(value.trim())) {
        this.errors.push(
          "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        );
      }
      return value;
    }
    this.check(value, schema, name, at);
    return value;
  }

  private check(value: unknown, schema: Schema, name: string | undefined, at: Where): void {
    if (schema['x-kubernetes-int-or-string']) {
      if (typeof value === 'string') return;
      if (typeof value !== 'number' || !Number.isInteger(value))
        this.typeError(value, { type: 'integer', format: 'int32' }, undefined, at);
      return;
    }
    switch (schema.type) {
      case 'object':
        this.walkObject(value, schema, name, at);
        return;
      case 'array': {
        if (!Array.isArray(value)) {
          this.typeError(value, schema, name, at);
          return;
        }
        if (!schema.items) return;
        value.forEach((item, i) => {
          value[i] = this.walk(item, schema.items!, { ...at, path: `${at.path}[${i}]` });
        });
        return;
      }
      case 'string':
        if (typeof value !== 'string') {
          this.typeError(value, schema, name, at);
          return;
        }
        if (schema.format === 'date-time' && !RFC3339.test(value)) {
          // metav1.Time decodes with time.Parse(time.RFC3339, ...); the API answers its error.
          this.errors.push(
            `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`,
          );
        }
        if (schema.format === 'byte' && !BASE64.test(value)) {
          const bad = value.search(/[^A-Za-z0-9+/=]/);
          this.errors.push(`illegal base64 data at input byte ${bad >= 0 ? bad : value.length}`);
        }
        return;
      case 'integer': {
        const [min, max] = INT_RANGE[schema.format === 'int64' ? 'int64' : 'int32'];
        if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
          const shown =
            typeof value === 'number' && Number.isInteger(value) ? `number ${value}` : jsonKind(value);
          const target = at.owner ? `Go struct field ${at.owner}.${at.goPath}` : 'Go value';
          this.errors.push(`json: cannot unmarshal ${shown} into ${target} of type ${goType(schema, name)}`);
        }
        return;
      }
      case 'number':
        if (typeof value !== 'number') this.typeError(value, schema, name, at);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.typeError(value, schema, name, at);
        return;
      default:
        return;
    }
  }

  private walkObject(value: unknown, schema: Schema, name: string | undefined, at: Where): void {
    if (!isPlainObject(value)) {
      this.typeError(value, schema, name, at);
      return;
    }
    const owner = name ? name.slice(name.lastIndexOf('.') + 1) : at.owner;
    if (schema.properties) {
      for (const [key, child] of Object.entries(value)) {
        const prop = schema.properties[key];
        const path = join(at.path, key);
        if (prop) {
          if (child === null) delete value[key];
          else value[key] = this.walk(child, prop, { path, goPath: join(at.goPath, key), owner });
        } else if (!schema['x-kubernetes-preserve-unknown-fields']) {
          this.unknown.push(path);
          delete value[key];
        }
      }
      return;
    }
    if (typeof schema.additionalProperties === 'object') {
      const item = schema.additionalProperties;
      for (const [key, child] of Object.entries(value)) {
        if (child === null && item.type === 'string') value[key] = '';
        else
          value[key] = this.walk(child, item, {
            path: join(at.path, key),
            goPath: at.goPath,
            owner: at.owner,
          });
      }
    }
  }
}

/**
 * Decodes `obj` (a parsed JSON/YAML body) against the schema of its apiVersion and kind.
 * The returned object is a copy without unknown fields and null-valued fields. Unknown fields
 * are reported alike in both modes: in strict mode the API rejects them, otherwise it warns.
 */
export function decodeObject(obj: unknown, _opts: { strict?: boolean } = {}): DecodeResult {
  const object = structuredClone(obj) as KubeObject;
  if (!isPlainObject(object)) {
    return { object, unknownFields: [], errors: ["Object 'Kind' is missing in the request body"] };
  }
  const { apiVersion, kind } = object;
  if (typeof kind !== 'string' || !kind)
    return { object, unknownFields: [], errors: ["Object 'Kind' is missing in the request body"] };
  const schema = typeof apiVersion === 'string' ? schemaForKind(apiVersion, kind) : undefined;
  if (!schema) {
    return {
      object,
      unknownFields: [],
      errors: [`no kind "${kind}" is registered for version "${apiVersion}"`],
    };
  }
  const decoder = new Decoder();
  decoder.walk(object, schema, { path: '', goPath: '' });
  const version = String(apiVersion).split('/').pop();
  const errors = decoder.errors
    .slice(0, 1)
    .map((e) => `${kind} in version "${version}" cannot be handled as a ${kind}: ${e}`);
  return { object, unknownFields: decoder.unknown, errors, restoreError: decoder.restoreError };
}
