/**
 * The schema layer the API server calls: one schema per kind serving decoding, defaulting,
 * validation, strategic merge patch metadata and the OpenAPI documents.
 */
import { schemaForKind } from './decode.js';
import { servedDefinitions } from './served-definitions.js';
import type { Schema } from './types.js';

export { decodeObject } from './decode.js';
export { applyDefaults } from './defaults.js';
export { validateCreate, validateUpdate } from './validate.js';

/** The schema of a kind (for strategic merge patch); undefined for kinds minik8s does not serve. */
export function schemaFor(group: string, version: string, kind: string): Schema | undefined {
  return schemaForKind(group ? `${group}/${version}` : version, kind);
}

/** Resolves '#/components/schemas/<name>' (or a bare name) to its definition; {} when unknown. */
export function resolveRef(ref: string): Schema {
  return servedDefinitions()[ref.replace('#/components/schemas/', '')] ?? {};
}
