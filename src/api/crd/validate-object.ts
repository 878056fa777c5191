/**
 * Validation of a custom object against its version's schema, as kube-openapi's
 * SchemaValidator does it for the API server, with the same messages
 * (`spec.cronSpec in body should match '^...$'`) turned into field errors the way
 * apiextensions' kubeOpenAPIResultToFieldErrors does.
 */
import { isObj } from '../schema/json-values.js';
import { sameJson } from '../schema/same-json.js';
import type { StatusCause } from '../types.js';
import { causes as c, goFloat } from './causes.js';
import { formatCheck } from './formats.js';
import { compilePattern } from './structural.js';
import type { JSONSchemaProps } from './types.js';

/** One kube-openapi result: `name` is its dotted path from the validated value ('' at its root). */
type Failure =
  | { kind: 'required'; name: string }
  | { kind: 'enum'; name: string; value: unknown; values: unknown[] }
  | { kind: 'tooLong'; name: string; max: number }
  | { kind: 'tooMany'; name: string; actual: number; max: number }
  | { kind: 'invalid'; name: string; value: unknown; message: string }
  | { kind: 'composite'; message: string };

const inBody = (name: string, rest: string) => `${name} in body ${rest}`;

/** The JSON type kube-openapi sees in decoded data: JSON integers are Go int64s. */
function dataType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

function schemaTypes(s: JSONSchemaProps): string[] {
  if (s['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return s.type ? [s.type] : [];
}

class Validator {
  failures: Failure[] = [];

  validate(value: unknown, s: JSONSchemaProps, name: string): void {
    if (value === null || value === undefined) {
      this.checkType(null, s, name);
      this.checkEnum(null, s, name);
      return;
    }
    this.checkType(value, s, name);
    this.checkJunctors(value, s, name);
    if (typeof value === 'string') this.checkString(value, s, name);
    if (typeof value === 'number') this.checkNumber(value, s, name);
    if (Array.isArray(value)) this.checkArray(value, s, name);
    this.checkEnum(value, s, name);
    if (isObj(value)) this.checkObject(value, s, name);
  }

  private fail(f: Failure): void {
    this.failures.push(f);
  }

  private typeFailure(name: string, expected: string, got: string): void {
    this.fail({
      kind: 'invalid',
      name,
      value: got,
      message: inBody(name, `must be of type ${expected}: ${JSON.stringify(got)}`),
    });
  }

  private checkType(value: unknown, s: JSONSchemaProps, name: string): void {
    const types = schemaTypes(s);
    const format = formatCheck(s.format) ? s.format : undefined;
    if (!types.length && !format) return;
    if (value === null) {
      if (types.length && !s.nullable) this.typeFailure(name, types.join(','), 'null');
      return;
    }
    const got = dataType(value);
    const numeric = types.includes('number') || types.includes('integer');
    if (
      format &&
      got !== 'string' &&
      got !== 'array' &&
      !types.includes(got) &&
      !(got === 'integer' && types.includes('number'))
    ) {
      this.typeFailure(name, format, got === 'integer' ? 'int64' : got === 'number' ? 'float64' : '');
      return;
    }
    if (!numeric && format && (got === 'string' || got === 'array')) return;
    if (!types.includes(got) && !(got === 'integer' && types.includes('number')))
      this.typeFailure(name, types.join(','), got);
  }

  private checkString(value: string, s: JSONSchemaProps, name: string): void {
    const length = [...value].length;
    if (typeof s.maxLength === 'number' && length > s.maxLength)
      this.fail({ kind: 'tooLong', name, max: s.maxLength });
    if (typeof s.minLength === 'number' && length < s.minLength) {
      this.fail({
        kind: 'invalid',
        name,
        value,
        message: inBody(name, `should be at least ${s.minLength} chars long`),
      });
    }
    if (typeof s.pattern === 'string' && s.pattern && !compilePattern(s.pattern).test(value)) {
      this.fail({ kind: 'invalid', name, value, message: inBody(name, `should match '${s.pattern}'`) });
    }
    const check = formatCheck(s.format);
    if (check && !check(value)) {
      this.fail({
        kind: 'invalid',
        name,
        value,
        message: inBody(name, `must be of type ${s.format}: ${JSON.stringify(value)}`),
      });
    }
  }

  private checkNumber(value: number, s: JSONSchemaProps, name: string): void {
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
      const mult = s.multipleOf < 1 ? (1 / s.multipleOf) * value : value / s.multipleOf;
      if (!Number.isInteger(mult)) {
        this.fail({
          kind: 'invalid',
          name,
          value,
          message: inBody(name, `should be a multiple of ${goFloat(s.multipleOf)}`),
        });
      }
    }
    if (typeof s.maximum === 'number' && (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum)) {
      const bound = s.exclusiveMaximum ? 'less than' : 'less than or equal to';
      this.fail({
        kind: 'invalid',
        name,
        value,
        message: inBody(name, `should be ${bound} ${goFloat(s.maximum)}`),
      });
    }
    if (typeof s.minimum === 'number' && (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum)) {
      const bound = s.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
      this.fail({
        kind: 'invalid',
        name,
        value,
        message: inBody(name, `should be ${bound} ${goFloat(s.minimum)}`),
      });
    }
  }

  private checkArray(value: unknown[], s: JSONSchemaProps, name: string): void {
    if (isObj(s.items) && !Array.isArray(s.items)) {
      const items = s.items;
      for (const [i, item] of value.entries()) this.validate(item, items, `${name}[${i}]`);
    }
    if (typeof s.minItems === 'number' && value.length < s.minItems) {
      this.fail({
        kind: 'invalid',
        name,
        value: value.length,
        message: inBody(name, `should have at least ${s.minItems} items`),
      });
    }
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) {
      this.fail({ kind: 'tooMany', name, actual: value.length, max: s.maxItems });
    }
    if (s.uniqueItems && value.some((v, i) => value.findIndex((w) => sameJson(v, w)) !== i)) {
      this.fail({ kind: 'invalid', name, value: '', message: inBody(name, "shouldn't contain duplicates") });
    }
  }

  private checkEnum(value: unknown, s: JSONSchemaProps, name: string): void {
    if (!Array.isArray(s.enum) || !s.enum.length) return;
    if (value !== null && s.enum.some((e) => e !== null && sameJson(value, e))) return;
    this.fail({ kind: 'enum', name, value, values: s.enum });
  }

  private checkObject(value: Record<string, unknown>, s: JSONSchemaProps, name: string): void {
    const size = Object.keys(value).length;
    if (typeof s.minProperties === 'number' && size < s.minProperties) {
      this.fail({
        kind: 'invalid',
        name,
        value: size,
        message: inBody(name, `should have at least ${s.minProperties} properties`),
      });
      return;
    }
    if (typeof s.maxProperties === 'number' && size > s.maxProperties) {
      this.fail({ kind: 'tooMany', name, actual: size, max: s.maxProperties });
      return;
    }
    const props = isObj(s.properties) ? s.properties : {};
    const at = (k: string) => (name ? `${name}.${k}` : k);
    for (const [k, v] of Object.entries(value)) {
      if (k in props) continue;
      if (s.additionalProperties === false) {
        this.fail({
          kind: 'invalid',
          name,
          value: k,
          message: `${name}.${k} in body is a forbidden property`,
        });
      } else if (isObj(s.additionalProperties)) this.validate(v, s.additionalProperties, `${name}.${k}`);
    }
    for (const [k, prop] of Object.entries(props)) {
      if (k in value && isObj(prop)) this.validate(value[k], prop, at(k));
    }
    for (const k of Array.isArray(s.required) ? s.required : []) {
      if (!(k in value)) this.fail({ kind: 'required', name: `${name}.${k}` });
    }
  }

  /** allOf, anyOf, oneOf and not, with go-openapi's composite messages. */
  private checkJunctors(value: unknown, s: JSONSchemaProps, name: string): void {
    const run = (sub: JSONSchemaProps) => {
      const v = new Validator();
      v.validate(value, sub, name);
      return v.failures;
    };
    const list = (l: unknown) => (Array.isArray(l) ? l.filter(isObj) : []);
    const anyOf = list(s.anyOf).map(run);
    if (anyOf.length && !anyOf.some((f) => !f.length)) {
      this.fail({
        kind: 'composite',
        message: `${JSON.stringify(name)} must validate at least one schema (anyOf)`,
      });
      this.failures.push(...fewest(anyOf));
    }
    const oneOf = list(s.oneOf).map(run);
    const valid = oneOf.filter((f) => !f.length).length;
    if (oneOf.length && valid !== 1) {
      const detail = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
      this.fail({
        kind: 'composite',
        message: `${JSON.stringify(name)} must validate one and only one schema (oneOf). ${detail}`,
      });
      if (valid === 0) this.failures.push(...fewest(oneOf));
    }
    const allOf = list(s.allOf).map(run);
    const passed = allOf.filter((f) => !f.length).length;
    for (const f of allOf) this.failures.push(...f);
    if (allOf.length && passed !== allOf.length) {
      this.fail({
        kind: 'composite',
        message: `${JSON.stringify(name)} must validate all the schemas (allOf)${passed === 0 ? '. None validated' : ''}`,
      });
    }
    if (isObj(s.not) && !run(s.not).length) {
      this.fail({ kind: 'composite', message: `${JSON.stringify(name)} must not validate the schema (not)` });
    }
  }
}

/** go-openapi reports the alternative that came closest; the one with fewest failures stands in. */
function fewest(results: Failure[][]): Failure[] {
  return results.reduce((best, r) => (r.length < best.length ? r : best));
}

/**
 * Validates `value` against `schema`; `path` is the field path the causes start from
 * ('' for a whole object, `...default` for a default value).
 */
export function validateAgainstSchema(value: unknown, schema: JSONSchemaProps, path = ''): StatusCause[] {
  const v = new Validator();
  v.validate(value, schema, '');
  return v.failures.map((f) => toCause(f, path));
}

function toCause(f: Failure, path: string): StatusCause {
  if (f.kind === 'composite') return c.invalid(path || '<nil>', '', f.message);
  const name = f.name.replace(/^\./, '');
  const field = name ? (path ? `${path}.${name}` : name) : path;
  switch (f.kind) {
    case 'required':
      return c.required(field);
    case 'enum':
      return c.notSupported(field, f.value, f.values);
    case 'tooLong':
      return c.tooLong(field, f.max);
    case 'tooMany':
      return c.tooMany(field, f.actual, f.max);
    default:
      return c.invalid(field, f.value, f.message);
  }
}
