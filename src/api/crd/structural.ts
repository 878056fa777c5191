/**
 * Kubernetes' structural-schema rules (apiextensions-apiserver schema.ValidateStructural): every
 * node says its type, value validations (allOf/anyOf/oneOf/not) only restrict what the
 * structure already declares, metadata is restricted to name and generateName.
 */
import { isObj } from '../schema/json-values.js';
import type { StatusCause } from '../types.js';
import { causes as c, child, index, key, sortCauses } from './causes.js';
import type { JSONSchemaProps } from './types.js';

type Level = 'root' | 'item' | 'field';

const EMPTY_TYPE: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

const itemsOf = (s: JSONSchemaProps): JSONSchemaProps | undefined =>
  isObj(s.items) && !Array.isArray(s.items) ? s.items : undefined;
const propsOf = (s: JSONSchemaProps): Record<string, JSONSchemaProps> =>
  isObj(s.properties) ? s.properties : {};
const listOf = (v: unknown): JSONSchemaProps[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** `anyOf: [{type: integer}, {type: string}]`, the spelling of int-or-string that stays structural. */
function isIntOrStringAnyOf(anyOf: unknown): boolean {
  const list = listOf(anyOf);
  const only = (s: JSONSchemaProps, type: string) => Object.keys(s).length === 1 && s.type === type;
  return list.length === 2 && only(list[0], 'integer') && only(list[1], 'string');
}

export function validateStructural(schema: JSONSchemaProps, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  invariants(schema, 'root', path, errs);
  completeness(schema, schema, path, path, errs);
  return sortCauses(errs);
}

function invariants(s: JSONSchemaProps, lvl: Level, path: string, errs: StatusCause[]): void {
  const items = itemsOf(s);
  if (s.type === 'array' && !items) errs.push(c.required(child(path, 'items'), 'must be specified'));
  if (items) invariants(items, 'item', child(path, 'items'), errs);
  for (const [k, v] of Object.entries(propsOf(s))) {
    if (isObj(v)) invariants(v, 'field', key(child(path, 'properties'), k), errs);
  }
  if (s.additionalProperties !== undefined) {
    if (lvl === 'root')
      errs.push(c.forbidden(child(path, 'additionalProperties'), 'must not be used at the root'));
    if (isObj(s.additionalProperties))
      invariants(s.additionalProperties, 'field', child(path, 'additionalProperties'), errs);
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (intOrString && preserve) {
    errs.push(
      c.invalid(
        child(path, 'x-kubernetes-preserve-unknown-fields'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  if (intOrString && embedded) {
    errs.push(
      c.invalid(
        child(path, 'x-kubernetes-embedded-resource'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  valueValidation(s, isIntOrStringAnyOf(s.anyOf), isIntOrStringAnyOf(listOf(s.allOf)[0]?.anyOf), path, errs);
  typeInvariants(s, lvl, path, errs);
  if (embedded && !preserve && Object.keys(propsOf(s)).length === 0) {
    errs.push(
      c.required(
        child(path, 'properties'),
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  }
}

function typeInvariants(s: JSONSchemaProps, lvl: Level, path: string, errs: StatusCause[]): void {
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const typePath = child(path, 'type');
  if (embedded && s.type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(s.type ? c.invalid(typePath, s.type, detail) : c.required(typePath, detail));
  } else if (!s.type && !s['x-kubernetes-int-or-string'] && !s['x-kubernetes-preserve-unknown-fields']) {
    errs.push(c.required(typePath, EMPTY_TYPE[lvl]));
  }
  if (embedded && s.additionalProperties !== undefined) {
    errs.push(
      c.forbidden(
        child(path, 'additionalProperties'),
        'must not be used if x-kubernetes-embedded-resource is set',
      ),
    );
  }
  if (lvl === 'root' && s.type && s.type !== 'object')
    errs.push(c.invalid(typePath, s.type, 'must be object at the root'));
  const checkMeta = lvl === 'root' || embedded;
  const props = propsOf(s);
  for (const name of ['kind', 'apiVersion']) {
    const p = props[name];
    if (checkMeta && isObj(p) && p.type !== 'string') {
      errs.push(
        c.invalid(child(key(child(path, 'properties'), name), 'type'), p.type ?? '', 'must be string'),
      );
    }
  }
  if (isObj(props.metadata))
    metadataInvariants(props.metadata, checkMeta, lvl, key(child(path, 'properties'), 'metadata'), errs);
}

/** At the root, metadata may only restrict name and generateName: the rest is ObjectMeta's. */
function metadataInvariants(
  s: JSONSchemaProps,
  checkMeta: boolean,
  lvl: Level,
  path: string,
  errs: StatusCause[],
): void {
  if (checkMeta && s.type !== 'object')
    errs.push(c.invalid(child(path, 'type'), s.type ?? '', 'must be object'));
  if (lvl !== 'root') return;
  const zero = (v: unknown) =>
    v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && !v.length);
  const extra = Object.entries(s).filter(
    ([k, v]) => !['type', 'default', 'properties'].includes(k) && !zero(v),
  );
  const names = Object.keys(propsOf(s));
  const onlyNames = names.every((n) => n === 'name' || n === 'generateName');
  if (extra.length || !onlyNames) {
    errs.push(
      c.forbidden(
        path,
        'must not specify anything other than name and generateName, but metadata is implicitly specified',
      ),
    );
  }
}

function valueValidation(
  v: JSONSchemaProps,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  path: string,
  errs: StatusCause[],
): void {
  if (!skipAnyOf)
    for (const [i, s] of listOf(v.anyOf).entries()) nested(s, false, index(child(path, 'anyOf'), i), errs);
  for (const [i, s] of listOf(v.allOf).entries()) {
    nested(s, skipFirstAllOfAnyOf && i === 0, index(child(path, 'allOf'), i), errs);
  }
  for (const [i, s] of listOf(v.oneOf).entries()) nested(s, false, index(child(path, 'oneOf'), i), errs);
  if (isObj(v.not)) nested(v.not, false, child(path, 'not'), errs);
  if (typeof v.pattern === 'string' && v.pattern) {
    const problem = patternError(v.pattern);
    if (problem)
      errs.push(
        c.invalid(
          child(path, 'pattern'),
          v.pattern,
          `must be a valid regular expression, but isn't: ${problem}`,
        ),
      );
  }
}

/** What may not appear inside allOf/anyOf/oneOf/not, with Kubernetes' wording for each. */
const FORBIDDEN_NESTED: [keyof JSONSchemaProps, string, (v: unknown) => boolean][] = [
  ['type', 'must be empty to be structural', (v) => !!v],
  ['additionalProperties', 'must be undefined to be structural', (v) => v !== undefined],
  ['default', 'must be undefined to be structural', (v) => v !== undefined && v !== null],
  ['title', 'must be empty to be structural', (v) => !!v],
  ['description', 'must be empty to be structural', (v) => !!v],
  ['nullable', 'must be false to be structural', (v) => v === true],
  ['externalDocs', 'must be undefined to be structural', (v) => v !== undefined],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural', (v) => v === true],
  ['x-kubernetes-embedded-resource', 'must be false to be structural', (v) => v === true],
  ['x-kubernetes-int-or-string', 'must be false to be structural', (v) => v === true],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural', (v) => Array.isArray(v) && v.length > 0],
  ['x-kubernetes-list-type', 'must be undefined to be structural', (v) => v !== undefined],
  ['x-kubernetes-map-type', 'must be undefined to be structural', (v) => v !== undefined],
  ['x-kubernetes-validations', 'must be empty to be structural', (v) => Array.isArray(v) && v.length > 0],
];

function nested(v: JSONSchemaProps, skipAnyOf: boolean, path: string, errs: StatusCause[]): void {
  valueValidation(v, skipAnyOf, false, path, errs);
  const items = itemsOf(v);
  if (items) nested(items, false, child(path, 'items'), errs);
  for (const [k, p] of Object.entries(propsOf(v)))
    if (isObj(p)) nested(p, false, key(child(path, 'properties'), k), errs);
  for (const [field, detail, present] of FORBIDDEN_NESTED) {
    if (present(v[field])) errs.push(c.forbidden(child(path, field), detail));
  }
  if ('metadata' in propsOf(v)) {
    errs.push(
      c.forbidden(key(child(path, 'properties'), 'metadata'), 'must not be specified in a nested context'),
    );
  }
}

/** Fields and items named inside value validations must be declared by the structure too. */
function completeness(
  v: JSONSchemaProps,
  s: JSONSchemaProps | undefined,
  sPath: string,
  vPath: string,
  errs: StatusCause[],
): void {
  if (isObj(v.not)) nestedCompleteness(v.not, s, sPath, child(vPath, 'not'), errs);
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const [i, n] of listOf(v[junctor]).entries()) {
      nestedCompleteness(n, s, sPath, index(child(vPath, junctor), i), errs);
    }
  }
}

function nestedCompleteness(
  v: JSONSchemaProps,
  s: JSONSchemaProps | undefined,
  sPath: string,
  vPath: string,
  errs: StatusCause[],
): void {
  if (!s) {
    errs.push(c.required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  completeness(v, s, sPath, vPath, errs);
  const items = itemsOf(v);
  if (items) nestedCompleteness(items, itemsOf(s), child(sPath, 'items'), child(vPath, 'items'), errs);
  const declared = propsOf(s);
  for (const [k, p] of Object.entries(propsOf(v))) {
    if (!isObj(p)) continue;
    const sField = key(child(sPath, 'properties'), k);
    const vField = key(child(vPath, 'properties'), k);
    if (!isObj(declared[k])) errs.push(c.required(sField, `because it is defined in ${vField}`));
    else nestedCompleteness(p, declared[k], sField, vField, errs);
  }
}

/** Go's RE2 and JavaScript agree on the patterns CRDs use; `(?i)` is RE2's inline flag. */
export function compilePattern(pattern: string): RegExp {
  const insensitive = pattern.startsWith('(?i)');
  const source = insensitive ? pattern.slice(4) : pattern;
  const flags = insensitive ? 'i' : '';
  try {
    return new RegExp(source, `${flags}u`);
  } catch {
    return new RegExp(source, flags);
  }
}

function patternError(pattern: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (err) {
    return `error parsing regexp: ${(err as Error).message}`;
  }
}
