/**
 * The schema layer the API server calls: one schema per kind serving decoding, defaulting,
 * validation, strategic merge patch metadata and the OpenAPI v3 documents.
 */
import { resolveSchema, schemaForKind } from './decode.js';
import { definitionName, definitions } from './definitions.js';
import type { Schema } from './types.js';

export { decodeObject } from './decode.js';
export { applyDefaults } from './defaults.js';
export { definitions } from './definitions.js';
export { openapiDocument, openapiIndex } from './openapi.js';
export { validateCreate, validateUpdate } from './validate.js';

/** The definition name of a kind, e.g. ('apps', 'v1', 'Deployment') → 'io.k8s.api.apps.v1.Deployment'. */
export function kindSchemaName(group: string, version: string, kind: string): string {
  return definitionName(group, version, kind);
}

/** The schema of a kind (for strategic merge patch); undefined for kinds minik8s does not serve. */
export function schemaFor(group: string, version: string, kind: string): Schema | undefined {
  return schemaForKind(group ? `${group}/${version}` : version, kind);
}

/** Resolves '#/components/schemas/<name>' (or a bare name) to its definition; {} when unknown. */
export function resolveRef(ref: string): Schema {
  return definitions[ref.replace('#/components/schemas/', '')] ?? {};
}

/** Follows $ref and single-element allOf down to a concrete schema. */
export function resolve(schema: Schema): Schema {
  return resolveSchema(schema).schema;
}
