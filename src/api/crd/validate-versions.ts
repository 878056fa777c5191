/**
 * Validation of what a CRD says per version: schema, subresources, printer columns. Kubernetes
 * validates its internal form, where values shared by every version sit at the top
 * (`spec.validation`, `spec.subresources`, `spec.additionalPrinterColumns`), so the paths of
 * its causes follow that: a one-version CRD's schema errors read `spec.validation.openAPIV3Schema...`.
 */
import { dns1035Label } from '../schema/field-errors.js';
import { isObj } from '../schema/json-values.js';
import { sameJson } from '../schema/same-json.js';
import type { StatusCause } from '../types.js';
import { causes as c, child, index } from './causes.js';
import { validateSchemaRules } from './schema-rules.js';
import { validateStructural } from './structural.js';
import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinitionVersion,
  CustomResourceSubresources,
  JSONSchemaProps,
} from './types.js';
import { validateDefaults } from './validate-defaults.js';

const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const ROOT_FIELDS = [
  'description',
  'type',
  'format',
  'title',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'required',
  'items',
  'properties',
  'externalDocs',
  'example',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
];
const ROOT_FIELD_NAMES =
  '[Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations]';

const identical = <T>(values: T[]) => values.length > 0 && values.every((v) => sameJson(v, values[0]));

export function validateVersions(versions: CustomResourceDefinitionVersion[]): StatusCause[] {
  const errs: StatusCause[] = [];
  const schemas = versions.map((v) => (isObj(v.schema) ? v.schema.openAPIV3Schema : undefined));
  const subresources = versions.map((v) => v.subresources);
  const columns = versions.map((v) =>
    Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns : [],
  );
  const sharedSchema = identical(schemas);
  const sharedSubresources = identical(subresources);
  const sharedColumns = identical(columns);
  const anyStatus = subresources.some((s) => isObj(s) && s.status !== undefined);
  versions.forEach((v, i) => {
    const at = index('spec.versions', i);
    for (const msg of dns1035Label(String(v.name ?? '')))
      errs.push(c.invalid(child(at, 'name'), v.name ?? '', msg));
    errs.push(...deprecationWarning(v, at));
    if (!sharedSchema)
      errs.push(
        ...validateSchema(
          schemas[i],
          isObj(subresources[i]) && subresources[i]?.status !== undefined,
          child(at, 'schema'),
        ),
      );
    if (!sharedSubresources) errs.push(...validateSubresources(subresources[i], child(at, 'subresources')));
    if (!sharedColumns) {
      for (const [j, col] of columns[i].entries()) {
        errs.push(...validateColumn(col, index(child(at, 'additionalPrinterColumns'), j)));
      }
    }
  });
  if (sharedSchema) errs.push(...validateSchema(schemas[0], anyStatus, 'spec.validation'));
  if (sharedSubresources) errs.push(...validateSubresources(subresources[0], 'spec.subresources'));
  if (sharedColumns) {
    for (const [j, col] of columns[0].entries()) {
      errs.push(...validateColumn(col, index('spec.additionalPrinterColumns', j)));
    }
  }
  return errs;
}

function deprecationWarning(v: CustomResourceDefinitionVersion, at: string): StatusCause[] {
  const w = v.deprecationWarning;
  if (w === undefined) return [];
  const path = child(at, 'deprecationWarning');
  if (!v.deprecated) return [c.invalid(path, w, 'can only be set for deprecated versions')];
  const errs: StatusCause[] = [];
  if (w.length > 256) errs.push(c.invalid(path, w, 'must be <= 256 characters long'));
  if (w.length === 0) errs.push(c.invalid(path, w, 'must not be an empty string'));
  const control = [...w].findIndex((ch) => /\p{Cc}/u.test(ch));
  if (control >= 0)
    errs.push(
      c.invalid(
        path,
        w,
        `must only contain printable UTF-8 characters; control character found at index ${control}`,
      ),
    );
  return errs;
}

function validateSchema(
  schema: JSONSchemaProps | undefined,
  statusEnabled: boolean,
  path: string,
): StatusCause[] {
  if (!isObj(schema)) return [];
  const at = child(path, 'openAPIV3Schema');
  const errs: StatusCause[] = [];
  if (statusEnabled) {
    if (schema.type !== undefined && schema.type !== 'object') {
      errs.push(
        c.invalid(
          child(at, 'type'),
          schema.type,
          'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
        ),
      );
    } else if (
      Object.entries(schema).some(([k, v]) => v !== undefined && v !== false && !ROOT_FIELDS.includes(k))
    ) {
      errs.push(
        c.invalid(
          at,
          schema,
          `only ${ROOT_FIELD_NAMES} fields are allowed at the root of the schema if the status subresource is enabled`,
        ),
      );
    }
  }
  if (schema.nullable) errs.push(c.forbidden(child(at, 'nullable'), 'nullable cannot be true at the root'));
  const structural = validateStructural(schema, at);
  errs.push(...structural);
  if (!structural.length) errs.push(...validateDefaults(schema, at));
  errs.push(...validateSchemaRules(schema, at));
  return errs;
}

function validateSubresources(sub: CustomResourceSubresources | undefined, path: string): StatusCause[] {
  const scale = isObj(sub) ? sub.scale : undefined;
  if (!isObj(scale)) return [];
  const errs: StatusCause[] = [];
  const paths: [string, unknown, string[], string][] = [
    ['specReplicasPath', scale.specReplicasPath, ['.spec.'], 'should be a json path under .spec'],
    ['statusReplicasPath', scale.statusReplicasPath, ['.status.'], 'should be a json path under .status'],
  ];
  for (const [name, value, prefixes, detail] of paths) {
    const at = child(path, `scale.${name}`);
    if (!value) errs.push(c.required(at));
    else errs.push(...jsonPathUnder(String(value), prefixes, detail, at));
  }
  if (scale.labelSelectorPath) {
    errs.push(
      ...jsonPathUnder(
        scale.labelSelectorPath,
        ['.spec.', '.status.'],
        'should be a json path under either .spec or .status',
        child(path, 'scale.labelSelectorPath'),
      ),
    );
  }
  return errs;
}

function jsonPathUnder(value: string, prefixes: string[], detail: string, at: string): StatusCause[] {
  const simple = simpleJsonPath(value, at);
  if (simple.length) return simple;
  return prefixes.some((p) => value.startsWith(p)) ? [] : [c.invalid(at, value, detail)];
}

function simpleJsonPath(s: string, at: string): StatusCause[] {
  if (!s) return [c.invalid(at, s, 'must not be empty')];
  if (!s.startsWith('.')) return [c.invalid(at, s, 'must be a simple json path starting with .')];
  return [];
}

function validateColumn(col: CustomResourceColumnDefinition, path: string): StatusCause[] {
  if (!isObj(col)) return [];
  const errs: StatusCause[] = [];
  if (!col.name) errs.push(c.required(child(path, 'name')));
  const types = `must be one of ${COLUMN_TYPES.join(',')}`;
  if (!col.type) errs.push(c.required(child(path, 'type'), types));
  else if (!COLUMN_TYPES.includes(col.type)) errs.push(c.invalid(child(path, 'type'), col.type, types));
  if (col.format && !COLUMN_FORMATS.includes(col.format)) {
    errs.push(c.invalid(child(path, 'format'), col.format, `must be one of ${COLUMN_FORMATS.join(',')}`));
  }
  if (!col.jsonPath) errs.push(c.required(child(path, 'JSONPath')));
  else errs.push(...simpleJsonPath(col.jsonPath, child(path, 'JSONPath')));
  return errs;
}
