import { parseFieldRequirements } from '../store/selector.js';
import { StoreError } from '../store/types.js';
import { errors } from './errors.js';
import type { KindDef } from './kinds/index.js';

/**
 * A request's field selector as the store evaluates it: a field the kind cannot be selected by
 * (its field labels, metadata.name and metadata.namespace) gets the 400 Kubernetes answers,
 * instead of listing nothing, and a kind served under other field names than it is stored by
 * (events.k8s.io's `regarding.name` for core's `involvedObject.name`) has them converted, as
 * Kubernetes' field label conversion functions do.
 */
export function checkFieldSelector(def: KindDef, selector: string | undefined): string | undefined {
  if (!selector) return selector;
  let reqs: ReturnType<typeof parseFieldRequirements>;
  try {
    reqs = parseFieldRequirements(selector);
  } catch (err) {
    if (err instanceof StoreError) throw errors.badRequest(err.message);
    throw err;
  }
  const conversions = def.fieldLabelConversions;
  for (const { path } of reqs) {
    const known = conversions
      ? Object.hasOwn(conversions, path)
      : path === 'metadata.name' || path === 'metadata.namespace' || def.fieldLabels?.includes(path);
    if (!known) throw errors.badRequest(`field label not supported: ${path}`);
  }
  if (!conversions) return selector;
  return reqs.map((r) => `${conversions[r.path]}${r.op}${escapeValue(r.value)}`).join(',');
}

function escapeValue(v: string): string {
  return v.replace(/[\\,=]/g, (c) => `\\${c}`);
}
