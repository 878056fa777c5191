/**
 * Server-side Table output (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), so that
 * `kubectl get` prints the same columns as on a real cluster.
 */
import type { KindDef } from '../kinds/kind-def.js';
import { since } from '../time.js';
import type { KubeObject, ListMeta } from '../types.js';
import { ageColumn, nameColumn, type Printer, type Table, type TableRow } from './types.js';

export type { Cell, PartialObjectMetadata, Table, TableColumnDefinition, TableRow } from './types.js';

const defaultPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  cells: (obj, now) => [obj.metadata?.name ?? '', since(obj.metadata?.creationTimestamp, now)],
};

export interface TableOptions {
  now?: Date;
  /** What each row carries: nothing, the object's metadata (the default), or the whole object. */
  includeObject?: 'None' | 'Metadata' | 'Object';
  /** The list's metadata (resourceVersion, continue); for a single object, its resourceVersion. */
  listMeta?: ListMeta;
}

export function toTable(
  def: Pick<KindDef, 'printer'>,
  objects: KubeObject[],
  opts: TableOptions = {},
): Table {
  const printer = def.printer ?? defaultPrinter;
  const now = (opts.now ?? new Date()).getTime();
  const include = opts.includeObject ?? 'Metadata';
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj, now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    if (include === 'Object') row.object = obj;
    else if (include === 'Metadata') {
      row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
    }
    return row;
  });
  const metadata: ListMeta = {};
  for (const key of ['resourceVersion', 'continue', 'remainingItemCount'] as const) {
    if (opts.listMeta?.[key] !== undefined) Object.assign(metadata, { [key]: opts.listMeta[key] });
  }
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: printer.columns, rows };
}
