import { configMapKey, fieldErrors as fe } from '../../schema/field-errors.js';
import { isObj, type Obj } from '../../schema/json-values.js';
import { sameJson } from '../../schema/same-json.js';
import { configMapPrinter } from '../../table/core.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

/** The keys of data, binaryData and stringData (ConfigMaps and Secrets). */
export function validateDataKeys(o: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  for (const field of ['data', 'binaryData', 'stringData']) {
    if (!isObj(o[field])) continue;
    for (const key of Object.keys(o[field])) {
      for (const msg of configMapKey(key)) causes.push(fe.invalid(`${field}[${key}]`, key, msg));
      if (field === 'binaryData' && seen.has(key))
        causes.push(fe.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
      seen.add(key);
    }
  }
  return causes;
}

/** An object marked immutable keeps its data (ConfigMaps and Secrets). */
export function validateImmutableData(next: Obj, old: Obj): StatusCause[] {
  if (old.immutable !== true) return [];
  const causes: StatusCause[] = [];
  if (next.immutable !== true)
    causes.push(fe.forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const field of ['data', 'binaryData']) {
    if (!sameJson(next[field], old[field]))
      causes.push(fe.forbidden(field, 'field is immutable when `immutable` is set'));
  }
  return causes;
}

/** What Kubernetes' MaxSecretSize allows a ConfigMap's data and binaryData together. */
const MAX_DATA_BYTES = 1024 * 1024;

function validateConfigMap(o: Obj): StatusCause[] {
  const causes = validateDataKeys(o);
  let size = 0;
  for (const v of Object.values(isObj(o.data) ? o.data : {})) size += Buffer.byteLength(String(v));
  for (const v of Object.values(isObj(o.binaryData) ? o.binaryData : {}))
    size += Math.floor((String(v).length * 3) / 4);
  if (size > MAX_DATA_BYTES) causes.push(fe.tooLong('[]', MAX_DATA_BYTES));
  return causes;
}

export const CONFIGMAPS: KindDef = {
  ...resources.CONFIGMAPS,
  versions: [builtinVersion('', 'v1', 'ConfigMap', { protobuf: 'k8s.io.api.core.v1.ConfigMap' })],
  printer: configMapPrinter,
  validate: validateConfigMap,
  validateUpdate: validateImmutableData,
};
