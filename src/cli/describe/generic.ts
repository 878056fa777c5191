import type { ApiResource, Event } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { withTypeMeta } from '../output.js';
import {
  type DescribeWriter,
  describeEvents,
  LEVEL_0,
  printAnnotationsMultiline,
  printLabelsMultiline,
  searchEvents,
  tabbed,
} from './shared.js';

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** fatih/camelcase.Split: runs of lower, upper, digit and other characters, an upper run's last letter moved onto the lower run after it. */
function camelSplit(field: string): string[] {
  const classOf = (c: string) => (/\p{Ll}/u.test(c) ? 1 : /\p{Lu}/u.test(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of field) {
    const cls = classOf(c);
    if (cls === last) runs[runs.length - 1].push(c);
    else runs.push([c]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++)
    if (/\p{Lu}/u.test(runs[i][0]) && /\p{Ll}/u.test(runs[i + 1][0]))
      runs[i + 1].unshift(runs[i].pop() as string);
  return runs.filter((r) => r.length).map((r) => r.join(''));
}

/** smartLabelFor: `containerPort` → `Container Port`, `apiVersion` → `API Version`; a key with other than letters and `-` as it is. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelSplit(field)
    .filter((part) => part !== '_')
    .map((part) =>
      ACRONYMS.has(part.toUpperCase()) ? part.toUpperCase() : part.replace(/^\p{L}/u, (c) => c.toUpperCase()),
    )
    .join(' ');
}

/** Go's %v of a JSON scalar: floats in its shortest form, exponents from 1e-5 down as `1e-05`. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v !== 'number' || Number.isInteger(v) || v === 0 || Math.abs(v) >= 1e-4) return String(v);
  return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** printUnstructuredContent: fields in sorted order, maps and lists a level deeper, the skipped paths left out. */
function printContent(
  w: DescribeWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
  skip: Set<string>,
): void {
  for (const field of Object.keys(content).sort()) {
    const path = `${prefix}.${field}`;
    if (skip.has(path)) continue;
    const value = content[field];
    if (isMap(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value, path, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const item of value)
        if (isMap(item)) printContent(w, level + 1, item, path, skip);
        else w.write(level + 1, `${goValue(item)}\n`);
    } else w.write(level, `${smartLabel(field)}:\t${goValue(value)}\n`);
  }
}

const SKIPPED = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

/** kubectl's generic describer: name, namespace, labels, annotations, then every other field, then events. */
export function describeObject(obj: KubeObject, events: Event[], now = Date.now()): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, '', SKIPPED);
    describeEvents(events, w, now);
  });
}

/** kubectl's generic describer, for kinds without one of their own: the object and its events. */
export async function describeGeneric(
  client: Client,
  def: ApiResource,
  namespace: string,
  name: string,
): Promise<string> {
  const ns = def.namespaced ? namespace : undefined;
  const obj = withTypeMeta(def, await client.get(def, ns, name));
  const { uid } = obj.metadata;
  return describeObject(obj, await searchEvents(client, { name, namespace: ns, kind: obj.kind, uid }));
}
