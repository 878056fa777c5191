import { formatLabels } from '../api/table/format.js';
import { since } from '../api/time.js';
import type { KubeObject, ObjectMeta } from '../api/types.js';

/** The Accept header that asks for server-side printing, with plain JSON as the fallback. */
export const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
}

export interface TableRow {
  cells: unknown[];
  object?: { metadata?: ObjectMeta; [k: string]: unknown };
}

/** meta.k8s.io/v1 Table, what the server answers to tableAccept. */
export interface Table {
  kind: 'Table';
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

export interface TableOptions {
  wide?: boolean;
  /** Adds a NAMESPACE column first (get -A). */
  withNamespace?: boolean;
  showLabels?: boolean;
  /** -L: a column per label key, headed by the key's last `/` part in capitals. */
  labelColumns?: string[];
  /** Prefix of the names, `deployment.apps/`, when several kinds are printed together. */
  namePrefix?: string;
}

/**
 * A Table from an answer that may be one: a server without Table support answers a List or an
 * object, which becomes a NAME/AGE table like kubectl's default printer.
 */
export function asTable(body: unknown): Table {
  const b = body as { kind?: string; items?: KubeObject[] } & KubeObject;
  if (b?.kind === 'Table') return b as unknown as Table;
  const items = Array.isArray(b?.items) ? b.items : [b];
  return {
    kind: 'Table',
    metadata: { resourceVersion: (b?.metadata as { resourceVersion?: string })?.resourceVersion },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Age', type: 'string' },
    ],
    rows: items.map((o) => ({ cells: [o.metadata?.name, since(o.metadata?.creationTimestamp)], object: o })),
  };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The header and the rows of a Table as strings, with kubectl's column choices. */
export function tableLines(table: Table, opts: TableOptions = {}): { header: string[]; rows: string[][] } {
  const shown = table.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => opts.wide || !c.priority);
  const nameAt = Math.max(
    0,
    table.columnDefinitions.findIndex((c) => c.format === 'name' || c.name.toLowerCase() === 'name'),
  );
  const header = shown.map(({ c }) => c.name.toUpperCase());
  if (opts.withNamespace) header.unshift('NAMESPACE');
  const labelColumns = opts.labelColumns ?? [];
  header.push(...labelColumns.map((k) => k.slice(k.lastIndexOf('/') + 1).toUpperCase()));
  if (opts.showLabels) header.push('LABELS');
  const rows = table.rows.map((r) => {
    const cells = shown.map(({ i }) => {
      const text = cellText(r.cells[i]);
      return i === nameAt && opts.namePrefix ? `${opts.namePrefix}${text}` : text;
    });
    if (opts.withNamespace) cells.unshift(r.object?.metadata?.namespace ?? '');
    cells.push(...labelColumns.map((k) => r.object?.metadata?.labels?.[k] ?? ''));
    if (opts.showLabels) cells.push(formatLabels(r.object?.metadata?.labels));
    return cells;
  });
  return { header, rows };
}
