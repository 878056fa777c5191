import {
  type FieldRequirement,
  fieldRequirementsMatcher,
  type LabelRequirement,
  labelRequirementsMatcher,
  parseObjectSelector,
} from './selector.js';
import type { SelectorOptions, StoredObject } from './types.js';

/**
 * Selectors compiled for the objects table: SQL conditions (so SQLite skips rows without
 * handing 2 KB of JSON text to JavaScript), a rest checked on parsed rows (`>`/`<` on labels),
 * and a matcher over whole objects for watch events.
 */
export interface Filter {
  where: string[];
  params: unknown[];
  /** Rows SQL could not decide, checked after parsing; undefined when SQL decides alone. */
  rest?: (obj: StoredObject) => boolean;
  matches: (obj: StoredObject) => boolean;
  selective: boolean;
}

/** A JSON path to one member, quoted so keys such as `example.com/role` stay one step. */
function jsonPath(steps: string[]): string {
  return `$${steps.map((s) => `."${s}"`).join('')}`;
}

function labelCondition(r: LabelRequirement, params: unknown[]): string | undefined {
  const path = jsonPath([r.key]);
  const value = 'json_extract(labels, ?)';
  switch (r.op) {
    case '=':
    case '==':
      params.push(path, r.values[0]);
      return `${value} IS ?`;
    case '!=':
      params.push(path, r.values[0]);
      return `${value} IS NOT ?`;
    case 'in':
    case 'notin': {
      const marks = r.values.map(() => '?').join(', ');
      params.push(path, ...r.values);
      return r.op === 'in' ? `${value} IN (${marks})` : `coalesce(${value} NOT IN (${marks}), 1)`;
    }
    case 'exists':
      params.push(path);
      return 'json_type(labels, ?) IS NOT NULL';
    case '!':
      params.push(path);
      return 'json_type(labels, ?) IS NULL';
    default:
      return undefined;
  }
}

// A field compares as a string: scalars in their JSON spelling, missing or null as '', and
// objects or arrays as nothing (NULL), as selector.ts's fieldValue does.
const FIELD_VALUE = `(CASE json_type(value, ?)
  WHEN 'object' THEN NULL WHEN 'array' THEN NULL WHEN 'null' THEN ''
  WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
  ELSE coalesce(CAST(json_extract(value, ?) AS TEXT), '') END)`;

function fieldCondition(r: FieldRequirement, params: unknown[]): string {
  const op = r.op === '=' ? 'IS' : 'IS NOT';
  if (r.path === 'metadata.name' || r.path === 'metadata.namespace') {
    params.push(r.value);
    return `${r.path.slice('metadata.'.length)} ${op} ?`;
  }
  const path = jsonPath(r.path.split('.'));
  params.push(path, path, r.value);
  return `${FIELD_VALUE} ${op} ?`;
}

/**
 * SQLite refuses a WHERE deeper than 1,000 terms ("Expression tree is too large"); requirements
 * past this many are checked on the parsed rows instead.
 */
const MAX_SQL_CONDITIONS = 64;

export function compileFilter(opts: SelectorOptions): Filter {
  const selector = parseObjectSelector(opts);
  const where: string[] = [];
  const params: unknown[] = [];
  const unsupported: LabelRequirement[] = [];
  for (const r of selector.labels) {
    const cond = where.length < MAX_SQL_CONDITIONS ? labelCondition(r, params) : undefined;
    if (cond) where.push(cond);
    else unsupported.push(r);
  }
  const restFields = selector.fields.slice(Math.max(0, MAX_SQL_CONDITIONS - where.length));
  for (const r of selector.fields.slice(0, selector.fields.length - restFields.length))
    where.push(fieldCondition(r, params));
  const restLabels = unsupported.length > 0 ? labelRequirementsMatcher(unsupported) : undefined;
  const restFieldMatch = restFields.length > 0 ? fieldRequirementsMatcher(restFields) : undefined;
  const rest =
    restLabels || restFieldMatch
      ? (obj: StoredObject) =>
          (!restLabels || restLabels(obj.metadata.labels)) && (!restFieldMatch || restFieldMatch(obj))
      : undefined;
  return {
    where,
    params,
    rest,
    matches: selector.matches,
    selective: selector.selective,
  };
}
