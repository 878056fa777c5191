/**
 * Table printing of custom objects from a version's additionalPrinterColumns (apiextensions
 * tableconvertor): a Name column, then one column per printer column, each cell the first
 * value its JSONPath selects, typed by the column's type. Without printer columns a custom
 * kind prints NAME and AGE; with a column Kubernetes cannot parse it prints NAME and CREATED AT.
 */

import { compareText } from '../compare-text.js';
import { type Cell, column, nameColumn, type Printer, type TableColumnDefinition } from '../table/types.js';
import { humanDuration } from '../time.js';
import { goFloat } from './causes.js';
import { evaluate, parseJsonPath } from './jsonpath.js';
import type { CustomResourceColumnDefinition } from './types.js';

const CREATION_TIMESTAMP =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const AGE: CustomResourceColumnDefinition = {
  name: 'Age',
  type: 'date',
  description: CREATION_TIMESTAMP,
  jsonPath: '.metadata.creationTimestamp',
};

/** The server's default table (rest.NewDefaultTableConvertor): name and creation time. */
export const createdAtPrinter: Printer = {
  columns: [nameColumn, column('Created At', CREATION_TIMESTAMP, { type: 'date' })],
  cells: (obj) => [obj.metadata?.name ?? '', obj.metadata?.creationTimestamp ?? null],
};

type ColumnType = TableColumnDefinition['type'];

/** metav1.Time reads RFC 3339 only; JavaScript's Date.parse takes far more. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function customPrinter(columns: CustomResourceColumnDefinition[] | undefined): Printer {
  const defs = columns?.length ? columns : [AGE];
  let paths: ReturnType<typeof parseJsonPath>[];
  try {
    paths = defs.map((col) => parseJsonPath(String(col.jsonPath ?? '')));
  } catch {
    return createdAtPrinter;
  }
  return {
    columns: [
      nameColumn,
      ...defs.map((col) =>
        column(String(col.name ?? ''), col.description ?? '', {
          type: (col.type ?? 'string') as ColumnType,
          format: col.format ?? '',
          priority: col.priority ?? 0,
        }),
      ),
    ],
    cells: (obj, now) => [
      obj.metadata?.name ?? '',
      ...defs.map((col, i) => {
        const results = evaluate(paths[i], obj);
        return results.length ? cell(col.type ?? 'string', results[0], now) : null;
      }),
    ],
  };
}

function cell(type: string, value: unknown, now: number): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return text(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      const at = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
      return Number.isNaN(at) ? '<invalid>' : humanDuration(now - at);
    }
    default:
      return null;
  }
}

/** How JSONPath prints one result: strings as they are, maps and lists as Go's JSON, numbers as Go does. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(sortedKeys(value));
}

/** Go's encoding/json writes map keys in sorted order. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => compareText(a, b));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}
