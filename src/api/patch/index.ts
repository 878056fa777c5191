/**
 * PATCH bodies by content type, as the API server applies them. Pure: the original object is
 * never mutated, and failures are ApiErrors with the codes Kubernetes answers with.
 */
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { ApiError, errors } from '../errors.js';
import type { Schema } from '../schema/types.js';
import type { KubeObject } from '../types.js';
import { mergePatch } from './merge.js';
import { strategicMerge } from './strategic.js';

export { strategicMerge } from './strategic.js';

import { patchTypes } from './types.js';

export { patchTypes };

/**
 * Refuses a PATCH the server cannot apply before it reads anything, so the answer does not
 * depend on whether the object exists. Server-side apply is not a patch of this library: the
 * API service applies it by field ownership (src/api/apply/).
 */
export function checkPatchType(contentType: string): void {
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  if (mediaType !== patchTypes.json && mediaType !== patchTypes.merge && mediaType !== patchTypes.strategic)
    throw errors.unsupportedMediaType(contentType);
}

/**
 * Applies `patch` to `original`. `schema` is the kind's schema; undefined means the kind has
 * none with patch metadata (a custom resource's), so strategic merge patch is refused.
 */
export function applyPatch(
  contentType: string,
  original: KubeObject,
  patch: unknown,
  schema: Schema | undefined,
  resolve: (ref: string) => Schema,
): KubeObject {
  checkPatchType(contentType);
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  let result: unknown;
  switch (mediaType) {
    case patchTypes.json:
      result = applyJsonPatch(original, patch);
      break;
    case patchTypes.merge:
      requireObject(patch);
      result = mergePatch(original, patch);
      break;
    case patchTypes.strategic:
      // Custom resources have no patch strategies; the API server lists what it takes instead.
      if (!schema) throw unsupported();
      requireObject(patch);
      result = strategicMerge(original, patch, schema, resolve);
      break;
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw invalid('the patch must leave a JSON object');
  }
  return result as KubeObject;
}

function applyJsonPatch(original: KubeObject, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw errors.badRequest(
      `json: cannot unmarshal ${jsonType(patch)} into Go value of type jsonpatch.Patch`,
    );
  }
  const malformed = fastJsonPatch.validate(patch as Operation[]);
  if (malformed) throw errors.badRequest(malformed.message);
  // fast-json-patch throws a TypeError on these; Go's library finds no such member to patch.
  for (const op of patch as (Operation & { from?: string })[])
    for (const path of [op.path, op.from])
      if (path !== undefined && /\/(__proto__|constructor\/prototype)(\/|$)/.test(path))
        throw invalid(`${op.op} operation does not apply: doc is missing path: "${path}": missing value`);
  const document = structuredClone(original);
  try {
    return fastJsonPatch.applyPatch(document, patch as Operation[], true, true, true).newDocument;
  } catch (err) {
    if (err instanceof fastJsonPatch.JsonPatchError) throw invalid(describeJsonPatchError(err));
    throw err;
  }
}

/** Messages worded as the API server's JSON patch library words them. */
function describeJsonPatchError(err: InstanceType<typeof fastJsonPatch.JsonPatchError>): string {
  const op = err.operation as Partial<Operation> | undefined;
  const path = op?.path ?? '';
  switch (err.name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${op?.op} operation does not apply: doc is missing from path: ${(op as { from?: string }).from}: missing value`;
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_PATH_CANNOT_ADD':
      return `${op?.op} operation does not apply: doc is missing path: "${path}": missing value`;
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      return `${op?.op} operation does not apply: index out of bounds at path: "${path}"`;
    default:
      return err.message;
  }
}

function requireObject(patch: unknown): void {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw errors.badRequest(
      `json: cannot unmarshal ${jsonType(patch)} into Go value of type map[string]interface {}`,
    );
  }
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

/**
 * A 422 as the API server builds it for a patch that cannot apply: a generic message, with the
 * reason in the cause.
 */
function invalid(message: string): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `the server rejected our request due to an error in our request: ${message}`,
    reason: 'Invalid',
    details: { causes: [{ reason: 'UnexpectedServerResponse', message }] },
    code: 422,
  });
}

function unsupported(): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `the body of the request was in an unknown format - accepted media types include: ${patchTypes.json}, ${patchTypes.merge}, ${patchTypes.apply}`,
    reason: 'UnsupportedMediaType',
    code: 415,
  });
}
