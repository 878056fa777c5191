/** The meta.k8s.io/v1 Table shapes `kubectl get` asks for, and the per-kind printers that fill them. */
import type { ListMeta, ObjectMeta } from '../types.js';

export interface TableColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number; // 0: default columns; 1: shown with `-o wide`
}

export type Cell = string | number | boolean | null;

export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: Cell[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/**
 * How one kind prints: its columns and, for an object, one cell per column (wide columns
 * included: the server always sends them, kubectl hides priority 1 without `-o wide`).
 * Objects are read as plain JSON, so printers take `any`.
 */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: any, now: number): Cell[];
  conditions?(obj: any): TableRowCondition[] | undefined;
}

export function column(
  name: string,
  description: string,
  opts: { type?: TableColumnDefinition['type']; format?: string; priority?: number } = {},
): TableColumnDefinition {
  return {
    name,
    type: opts.type ?? 'string',
    format: opts.format ?? '',
    description,
    priority: opts.priority ?? 0,
  };
}

export const nameColumn = column(
  'Name',
  'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  { format: 'name' },
);

export const ageColumn = column(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);

export const wide = (name: string, description: string, type: TableColumnDefinition['type'] = 'string') =>
  column(name, description, { type, priority: 1 });
