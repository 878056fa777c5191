/** metadata.managedFields entries: who they name, their order, and their field sets. */

import { compareText } from '../compare-text.js';
import { FieldSet, type FieldsV1 } from './field-set.js';

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: FieldsV1;
  subresource?: string;
}

/** One manager's fields, under the identity Kubernetes keys them by. */
export interface Managed {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Appliers are one manager whatever version they apply in; updaters are one per version. */
export function identity(m: Pick<Managed, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify([
    m.manager,
    m.operation,
    m.subresource ?? '',
    m.operation === 'Apply' ? '' : m.apiVersion,
  ]);
}

export function decodeEntries(entries: readonly ManagedFieldsEntry[] | undefined): Map<string, Managed> {
  const out = new Map<string, Managed>();
  for (const e of entries ?? []) {
    const m: Managed = {
      manager: e.manager ?? '',
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: e.apiVersion ?? '',
      ...(e.subresource ? { subresource: e.subresource } : {}),
      ...(e.time ? { time: e.time } : {}),
      set: FieldSet.fromFieldsV1(e.fieldsV1),
    };
    const id = identity(m);
    const prev = out.get(id);
    out.set(id, prev ? { ...m, set: prev.set.union(m.set) } : m);
  }
  return out;
}

/** The entries as Kubernetes stores them: Apply before Update, then oldest first, then by name. */
export function encodeEntries(managed: Iterable<Managed>): ManagedFieldsEntry[] {
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  return [...managed]
    .filter((m) => !m.set.empty)
    .sort(
      (p, q) =>
        compareText(p.operation, q.operation) ||
        seconds(p.time) - seconds(q.time) ||
        compareText(p.manager, q.manager) ||
        compareText(p.apiVersion, q.apiVersion) ||
        compareText(p.subresource ?? '', q.subresource ?? ''),
    )
    .map((m) => ({
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time ? { time: m.time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: m.set.toFieldsV1(),
      ...(m.subresource ? { subresource: m.subresource } : {}),
    }));
}

/** How a conflicting manager is named in a conflict (Kubernetes' printManager). */
export function describeManager(m: Managed): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${s} using ${m.apiVersion}` : s;
}
