/** PersistentVolumeClaim specs, of claims and of StatefulSets' claim templates. */
import type { StatusCause } from '../types.js';
import { fieldErrors as fe } from './field-errors.js';
import { isObj } from './json-values.js';
import { parseQuantity } from './quantity.js';
import { validateLabelSelector } from './validate-selector.js';

export function validateClaimSpec(s: unknown, path: string): StatusCause[] {
  const c = isObj(s) ? s : {};
  const causes: StatusCause[] = [];
  if (!Array.isArray(c.accessModes) || !c.accessModes.length)
    causes.push(fe.required(`${path}.accessModes`, 'at least 1 access mode is required'));
  const storage =
    isObj(c.resources) && isObj(c.resources.requests) ? c.resources.requests.storage : undefined;
  if (storage === undefined) causes.push(fe.required(`${path}.resources[storage]`, ''));
  else if ((parseQuantity(storage) ?? 0) <= 0)
    causes.push(fe.invalid(`${path}.resources[storage]`, String(storage), 'must be greater than zero'));
  causes.push(...validateLabelSelector(c.selector, `${path}.selector`));
  return causes;
}
