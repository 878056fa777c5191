import { parseQuantity as quantityValue } from '../api/schema/quantity.js';

/** A Kubernetes quantity ("100m", "64Mi", "2e3") as a number; throws on one the API would not accept. */
export function parseQuantity(q: string | number): number {
  const v = quantityValue(q);
  if (v === undefined) throw new Error(`invalid quantity "${q}"`);
  return v;
}
