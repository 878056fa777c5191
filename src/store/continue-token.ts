import { StoreError } from './types.js';

/** Where a paged list stopped: the revision of its first page and the last key it returned. */
export interface ContinuePoint {
  revision: number;
  namespace: string;
  name: string;
}

export function encodeContinue(p: ContinuePoint): string {
  return Buffer.from(JSON.stringify({ v: 1, rv: p.revision, ns: p.namespace, n: p.name })).toString(
    'base64url',
  );
}

export function badContinue(): StoreError {
  return new StoreError(
    'BadContinue',
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

export function decodeContinue(token: string): ContinuePoint {
  const bad = badContinue();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  const p = parsed as { v?: unknown; rv?: unknown; ns?: unknown; n?: unknown } | null;
  if (
    p === null ||
    typeof p !== 'object' ||
    p.v !== 1 ||
    !Number.isSafeInteger(p.rv) ||
    (p.rv as number) < 0 ||
    typeof p.ns !== 'string' ||
    typeof p.n !== 'string'
  ) {
    throw bad;
  }
  return { revision: p.rv as number, namespace: p.ns, name: p.n };
}
