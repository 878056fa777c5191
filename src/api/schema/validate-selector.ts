/** LabelSelectors: their validation, and whether labels satisfy one. */
import type { StatusCause } from '../types.js';
import { fieldErrors as fe, qualifiedName } from './field-errors.js';
import { arr, isObj, type Obj } from './json-values.js';
import { validateLabels } from './validate-meta.js';

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function validateLabelSelector(sel: unknown, path: string): StatusCause[] {
  if (!isObj(sel)) return [];
  const causes = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  arr(sel.matchExpressions).forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = Array.isArray(e.values) ? e.values : [];
    if (!SELECTOR_OPERATORS.includes(e.operator))
      causes.push(fe.invalid(`${p}.operator`, e.operator ?? '', 'not a valid selector operator'));
    else if ((e.operator === 'In' || e.operator === 'NotIn') && !values.length) {
      causes.push(fe.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length) {
      causes.push(
        fe.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
      );
    }
    for (const msg of qualifiedName(String(e.key ?? '')))
      causes.push(fe.invalid(`${p}.key`, e.key ?? '', msg));
  });
  return causes;
}

/** Whether `labels` satisfy a LabelSelector. */
export function selectorMatches(sel: Obj, labels: Obj): boolean {
  for (const [k, v] of Object.entries(isObj(sel.matchLabels) ? sel.matchLabels : {}))
    if (labels[k] !== v) return false;
  return arr(sel.matchExpressions).every((e) => {
    const values: unknown[] = Array.isArray(e.values) ? e.values : [];
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[e.key]);
      case 'NotIn':
        return !has || !values.includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

export const emptySelector = (sel: Obj) =>
  !Object.keys(isObj(sel.matchLabels) ? sel.matchLabels : {}).length && !arr(sel.matchExpressions).length;
