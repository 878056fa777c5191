/** The tools of Kubernetes' defaulting functions, over decoded JSON. */
import { isObj, type Obj } from './json-values.js';

/** Go's defaulting tests for the zero value: absent, null and "" alike. */
export const unset = (v: unknown) => v === undefined || v === null || v === '';

export function setDefault(o: Obj, key: string, value: unknown): void {
  if (unset(o[key])) o[key] = value;
}

/** The object under `key`, made an empty one when it is not an object. */
export function child(o: Obj, key: string): Obj {
  if (!isObj(o[key])) o[key] = {};
  return o[key];
}

/** Calls `fn` on each object element of a list field. */
export function each(list: unknown, fn: (item: Obj) => void): void {
  if (Array.isArray(list)) for (const item of list) if (isObj(item)) fn(item);
}
