/** Decoded JSON as validation and defaulting walk it: objects are read loosely, by field name. */
export type Obj = Record<string, any>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object elements of a list field; anything else counts as empty. */
export const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** An object's spec, or an empty one when it has none. */
export const specOf = (o: Obj): Obj => (isObj(o.spec) ? o.spec : {});
