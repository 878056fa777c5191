/**
 * The OpenAPI rules a CRD schema must follow besides structurality (apiextensions
 * ValidateCustomResourceDefinitionOpenAPISchema): supported keywords, where defaults may be,
 * and the list-type / map-type / x-kubernetes-validations extensions.
 */
import { isObj } from '../schema/json-values.js';
import type { StatusCause } from '../types.js';
import { causes as c, child, index, key } from './causes.js';
import type { JSONSchemaProps } from './types.js';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const META_FIELDS = ['metadata', 'kind', 'apiVersion'];
const RULE_REASONS = [
  'FieldValueDuplicate',
  'FieldValueForbidden',
  'FieldValueInvalid',
  'FieldValueRequired',
];

interface Context {
  allowDefaults: boolean;
  disallowReason?: string;
  insideResourceMeta: boolean;
}

export function validateSchemaRules(schema: JSONSchemaProps, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  walk(schema, path, { allowDefaults: true, insideResourceMeta: false }, true, errs);
  return errs;
}

function walk(s: JSONSchemaProps, path: string, ctx: Context, isRoot: boolean, errs: StatusCause[]): void {
  keywordRules(s, path, ctx, errs);
  if (s.uniqueItems === true) {
    errs.push(
      c.forbidden(
        child(path, 'uniqueItems'),
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  }
  const props = isObj(s.properties) ? s.properties : {};
  if (s.additionalProperties !== undefined) {
    if (Object.keys(props).length && (s.additionalProperties === false || isObj(s.additionalProperties))) {
      errs.push(
        c.forbidden(
          child(path, 'additionalProperties'),
          'additionalProperties and properties are mutual exclusive',
        ),
      );
    }
    const sub = ctx.insideResourceMeta
      ? {
          ...ctx,
          allowDefaults: false,
          disallowReason: 'inside additionalProperties applying to object metadata',
        }
      : ctx;
    if (isObj(s.additionalProperties))
      walk(s.additionalProperties, child(path, 'additionalProperties'), sub, false, errs);
  }
  for (const [name, prop] of Object.entries(props)) {
    if (!isObj(prop)) continue;
    let sub = ctx;
    if ((isRoot || s['x-kubernetes-embedded-resource']) && META_FIELDS.includes(name)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, allowDefaults: false, disallowReason: `in top-level ${name}` };
    }
    walk(prop, key(child(path, 'properties'), name), sub, false, errs);
  }
  if (isObj(s.not)) walk(s.not, child(path, 'not'), ctx, false, errs);
  for (const junctor of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = Array.isArray(s[junctor]) ? s[junctor] : [];
    for (const [i, n] of list.entries()) {
      if (isObj(n)) walk(n, index(child(path, junctor), i), ctx, false, errs);
    }
  }
  if (isObj(s.items) && !Array.isArray(s.items)) walk(s.items, child(path, 'items'), ctx, false, errs);
  extensionRules(s, path, errs);
  listKeyRules(s, path, errs);
  validationRules(s, path, errs);
}

/** specStandardValidatorV3: keywords a CRD schema may not use. */
function keywordRules(s: JSONSchemaProps, path: string, ctx: Context, errs: StatusCause[]): void {
  if (s.type !== undefined && s.type !== '' && !TYPES.includes(String(s.type))) {
    errs.push(c.notSupported(child(path, 'type'), s.type, TYPES));
  }
  if (s.default !== undefined && s.default !== null && !ctx.allowDefaults) {
    errs.push(
      c.forbidden(
        child(path, 'default'),
        `must not be set${ctx.disallowReason ? ` ${ctx.disallowReason}` : ''}`,
      ),
    );
  }
  const unsupported: [keyof JSONSchemaProps, string, boolean][] = [
    ['id', 'id is not supported', !!s.id],
    ['additionalItems', 'additionalItems is not supported', s.additionalItems !== undefined],
    [
      'patternProperties',
      'patternProperties is not supported',
      isObj(s.patternProperties) && Object.keys(s.patternProperties).length > 0,
    ],
    [
      'definitions',
      'definitions is not supported',
      isObj(s.definitions) && Object.keys(s.definitions).length > 0,
    ],
    ['dependencies', 'dependencies is not supported', s.dependencies !== undefined],
    ['$ref', '$ref is not supported', s.$ref !== undefined],
  ];
  for (const [field, detail, present] of unsupported)
    if (present) errs.push(c.forbidden(child(path, field), detail));
  if (s.type === 'null')
    errs.push(c.forbidden(child(path, 'type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items) && s.items.length) {
    errs.push(c.forbidden(child(path, 'items'), 'items must be a schema object and not an array'));
  }
  if (ctx.insideResourceMeta && s['x-kubernetes-embedded-resource']) {
    errs.push(
      c.forbidden(child(path, 'x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'),
    );
  }
}

function extensionRules(s: JSONSchemaProps, path: string, errs: StatusCause[]): void {
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errs.push(
      c.invalid(child(path, 'x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'),
    );
  }
  const typePath = child(path, 'type');
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && s.type !== 'object') {
    const detail = 'must be object if x-kubernetes-map-type is specified';
    errs.push(s.type ? c.invalid(typePath, s.type, detail) : c.required(typePath, detail));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errs.push(c.notSupported(child(path, 'x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  const listType = s['x-kubernetes-list-type'];
  const items = isObj(s.items) && !Array.isArray(s.items) ? s.items : undefined;
  if (listType !== undefined && s.type !== 'array') {
    const detail = 'must be array if x-kubernetes-list-type is specified';
    errs.push(s.type ? c.invalid(typePath, s.type, detail) : c.required(typePath, detail));
  } else if (listType === 'set' && items) {
    const detail = 'must be atomic as item of a list with x-kubernetes-list-type=set';
    const itemList = items['x-kubernetes-list-type'];
    if (items.type === 'array' && itemList !== undefined && itemList !== 'atomic') {
      errs.push(c.invalid(child(child(path, 'items'), 'x-kubernetes-list-type'), itemList, detail));
    }
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      errs.push(c.invalid(child(child(path, 'items'), 'x-kubernetes-map-type'), itemList ?? null, detail));
    }
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    errs.push(c.notSupported(child(path, 'x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
}

/** x-kubernetes-list-type=map needs keys that are scalar, unique, and never missing. */
function listKeyRules(s: JSONSchemaProps, path: string, errs: StatusCause[]): void {
  const listType = s['x-kubernetes-list-type'];
  const keys = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  const keysPath = child(path, 'x-kubernetes-list-map-keys');
  const listTypePath = child(path, 'x-kubernetes-list-type');
  if (keys.length && listType === undefined)
    errs.push(c.required(listTypePath, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  else if (keys.length && listType !== 'map')
    errs.push(c.invalid(listTypePath, listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  const itemsPath = child(path, 'items');
  const items = isObj(s.items) && !Array.isArray(s.items) ? s.items : undefined;
  if (listType === 'map') {
    if (!keys.length) errs.push(c.required(keysPath, 'must not be empty if x-kubernetes-list-type is map'));
    if (s.items === undefined)
      errs.push(c.required(itemsPath, 'must have a schema if x-kubernetes-list-type is map'));
    else if (!items)
      errs.push(
        c.invalid(itemsPath, s.items, 'must only have a single schema if x-kubernetes-list-type is map'),
      );
    else if (items.type !== 'object') {
      errs.push(
        c.invalid(
          child(itemsPath, 'type'),
          items.type ?? '',
          "must be object if parent array's x-kubernetes-list-type is map",
        ),
      );
    } else {
      const seen = new Set<string>();
      for (const k of keys) {
        const prop = items.properties?.[k];
        if (!isObj(prop))
          errs.push(c.invalid(keysPath, keys, 'entries must all be names of item properties'));
        else if (prop.type === 'array' || prop.type === 'object') {
          errs.push(
            c.invalid(
              child(key(child(itemsPath, 'properties'), k), 'type'),
              items.type,
              "must be a scalar type if parent array's x-kubernetes-list-type is map",
            ),
          );
        }
        if (seen.has(k)) errs.push(c.invalid(keysPath, keys, 'must not contain duplicate entries'));
        seen.add(k);
      }
    }
  }
  listItemRules(s, path, errs);
}

/** Items of a set or map list may not be null, and a map list's keys must always be there. */
function listItemRules(s: JSONSchemaProps, path: string, errs: StatusCause[]): void {
  const listType = s['x-kubernetes-list-type'];
  const keys = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  const itemsPath = child(path, 'items');
  const items = isObj(s.items) && !Array.isArray(s.items) ? s.items : undefined;
  if (!items || (listType !== 'set' && listType !== 'map')) return;
  if (items.nullable)
    errs.push(
      c.forbidden(
        child(itemsPath, 'nullable'),
        `cannot be nullable when x-kubernetes-list-type is ${listType}`,
      ),
    );
  if (listType !== 'map') return;
  const required = new Set(Array.isArray(items.required) ? items.required : []);
  for (const k of keys) {
    const prop = items.properties?.[k];
    if (!isObj(prop)) continue;
    const propPath = key(child(itemsPath, 'properties'), k);
    if (!required.has(k) && prop.default === undefined) {
      errs.push(
        c.required(
          child(propPath, 'default'),
          'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
        ),
      );
    }
    if (prop.nullable)
      errs.push(
        c.forbidden(
          child(propPath, 'nullable'),
          'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
        ),
      );
  }
}

/** x-kubernetes-validations are checked for form only: minik8s does not evaluate CEL. */
function validationRules(s: JSONSchemaProps, path: string, errs: StatusCause[]): void {
  const rules = Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'] : [];
  rules.forEach((r, i) => {
    if (!isObj(r)) return;
    const at = (field: string) => child(index(child(path, 'x-kubernetes-validations'), i), field);
    const rule = String(r.rule ?? '').trim();
    const message = String(r.message ?? '');
    const newline = /[\n\r]+/;
    if (!rule) errs.push(c.required(at('rule'), 'rule is not specified'));
    else if (message && !message.trim())
      errs.push(c.invalid(at('message'), message, 'message must be non-empty if specified'));
    else if (newline.test(message.trim()))
      errs.push(c.invalid(at('message'), message, 'message must not contain line breaks'));
    else if (newline.test(rule) && !message.trim())
      errs.push(c.required(at('message'), 'message must be specified if rule contains line breaks'));
    if (r.messageExpression && !String(r.messageExpression).trim()) {
      errs.push(c.required(at('messageExpression'), 'messageExpression must be non-empty if specified'));
    }
    if (r.reason !== undefined && !RULE_REASONS.includes(String(r.reason)))
      errs.push(c.notSupported(at('reason'), r.reason, RULE_REASONS));
    const fieldPath = String(r.fieldPath ?? '');
    if (fieldPath && !fieldPath.trim())
      errs.push(c.invalid(at('fieldPath'), fieldPath, 'fieldPath must be non-empty if specified'));
    if (newline.test(fieldPath))
      errs.push(c.invalid(at('fieldPath'), fieldPath, 'fieldPath must not contain line breaks'));
  });
}

/** Whether any node of the schema holds CEL rules, which minik8s accepts but does not enforce. */
export function hasValidationRules(s: unknown): boolean {
  if (!isObj(s)) return false;
  if (Array.isArray(s['x-kubernetes-validations']) && s['x-kubernetes-validations'].length) return true;
  const children = [
    ...Object.values(isObj(s.properties) ? s.properties : {}),
    s.items,
    s.additionalProperties,
    s.not,
    ...['allOf', 'anyOf', 'oneOf'].flatMap((j) => (Array.isArray(s[j]) ? s[j] : [])),
  ];
  return children.some(hasValidationRules);
}
