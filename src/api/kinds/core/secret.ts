import { setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import { isObj, type Obj } from '../../schema/json-values.js';
import { secretPrinter } from '../../table/core.js';
import type { KubeObject, StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { validateDataKeys, validateImmutableData } from './config-map.js';

const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function validateSecret(o: Obj): StatusCause[] {
  const causes = validateDataKeys(o);
  const keys = new Set([
    ...Object.keys(isObj(o.data) ? o.data : {}),
    ...Object.keys(isObj(o.stringData) ? o.stringData : {}),
  ]);
  for (const key of REQUIRED_KEYS[o.type] ?? []) if (!keys.has(key)) causes.push(fe.required(`data[${key}]`));
  const size = Object.values(isObj(o.data) ? o.data : {}).reduce(
    (n: number, v) => n + Math.floor((String(v).length * 3) / 4),
    0,
  );
  if (size > 1024 * 1024) causes.push(fe.tooLong('data', 1024 * 1024));
  return causes;
}

/**
 * A Secret's stringData is write-only: as the API server converts a request, each of its entries
 * replaces the data entry of the same key, base64-encoded, and stringData is dropped.
 */
function mergeStringData(secret: KubeObject): void {
  const s = secret as KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };
  if (s.stringData === undefined) return;
  const entries = Object.entries(s.stringData ?? {});
  if (entries.length) {
    s.data ??= {};
    for (const [key, value] of entries) s.data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  delete s.stringData;
}

export const SECRETS: KindDef = {
  ...resources.SECRETS,
  versions: [builtinVersion('', 'v1', 'Secret', { protobuf: 'k8s.io.api.core.v1.Secret' })],
  fieldLabels: ['type'],
  printer: secretPrinter,
  defaults: (s) => setDefault(s, 'type', 'Opaque'),
  validate: validateSecret,
  validateUpdate: (next, old) => [
    ...validateImmutableData(next, old),
    ...(old.type !== undefined && next.type !== old.type ? [fe.immutable('type', next.type ?? '')] : []),
  ],
  strategy: { canonicalize: mergeStringData },
};
