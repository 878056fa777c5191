import { parseFieldRequirements } from '../store/selector.js';
import { StoreError } from '../store/types.js';
import { errors } from './errors.js';
import type { KindDef } from './kinds/index.js';

/**
 * Rejects a request's field selector naming a field the kind cannot be selected by (its field
 * labels, metadata.name and metadata.namespace), with the 400 Kubernetes answers, instead of
 * listing nothing.
 */
export function checkFieldSelector(def: KindDef, selector: string | undefined): void {
  if (!selector) return;
  let reqs: ReturnType<typeof parseFieldRequirements>;
  try {
    reqs = parseFieldRequirements(selector);
  } catch (err) {
    if (err instanceof StoreError) throw errors.badRequest(err.message);
    throw err;
  }
  for (const { path } of reqs) {
    if (path !== 'metadata.name' && path !== 'metadata.namespace' && !def.fieldLabels?.includes(path))
      throw errors.badRequest(`field label not supported: ${path}`);
  }
}
