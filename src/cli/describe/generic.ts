import type { ApiResource, Event } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { lastAppliedAnnotation } from '../apply-patch.js';
import { withTypeMeta } from '../output.js';
import { describeEvents, searchEvents, tabbed } from './shared.js';

/** Maps whose keys are data (label keys, config keys), printed as they are rather than title-cased. */
const freeFormMaps = new Set([
  'labels',
  'annotations',
  'matchLabels',
  'nodeSelector',
  'data',
  'stringData',
  'binaryData',
  'selector',
]);

/** `containerPort` → `Container Port`, as kubectl's generic describer titles fields. */
function title(key: string): string {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(key)) return key;
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/^./, (c) => c.toUpperCase())
    .replace(/\b(Uid|Api|Url|Dns|Tls|Cidr|Ip)\b/g, (w) => w.toUpperCase());
}

function isPlain(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}

function isFreeForm(key: string, value: Record<string, unknown>): boolean {
  return freeFormMaps.has(key) && Object.values(value).every(isPlain);
}

/** An object or list as an indented tree: scalars aligned after their keys, lists as `- ` items. */
export function tree(value: unknown, indent: number, keepKeys = false): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}<none>`];
    return value.flatMap((item) => {
      const lines = isPlain(item) ? [`${pad}  ${scalar(item)}`] : tree(item, indent + 2);
      lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`;
      return lines;
    });
  }
  if (isPlain(value)) return [`${pad}${scalar(value)}`];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [`${pad}<none>`];
  const label = (k: string) => `${keepKeys ? k : title(k)}:`;
  const width = Math.max(...entries.filter(([, v]) => isPlain(v)).map(([k]) => label(k).length), 0);
  return entries.flatMap(([k, v]) => {
    if (isPlain(v)) return [`${pad}${label(k).padEnd(width)}  ${scalar(v)}`.trimEnd()];
    const empty = Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0;
    if (empty) return [`${pad}${label(k)}  <none>`];
    return [
      `${pad}${label(k)}`,
      ...tree(v, indent + 2, !Array.isArray(v) && isFreeForm(k, v as Record<string, unknown>)),
    ];
  });
}

function multiline(key: string, values: string[]): string[] {
  const head = `${key}:`.padEnd(14);
  if (values.length === 0) return [`${head}<none>`];
  return values.map((v, i) => `${i === 0 ? head : ' '.repeat(14)}${v}`);
}

/** A readable description of any object: metadata first, then its fields as a tree, then events. */
export function describeObject(obj: KubeObject, events: Event[], now = Date.now()): string {
  const { name, namespace, labels, annotations, managedFields: _m, ...meta } = obj.metadata;
  const shownAnnotations = Object.entries(annotations ?? {}).filter(([k]) => k !== lastAppliedAnnotation);
  const lines = [
    ...multiline('Name', [name ?? '']),
    ...(namespace ? multiline('Namespace', [namespace]) : []),
    ...multiline(
      'Labels',
      Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`),
    ),
    ...multiline(
      'Annotations',
      shownAnnotations.map(([k, v]) => `${k}: ${v}`),
    ),
    ...multiline('API Version', [obj.apiVersion]),
    ...multiline('Kind', [obj.kind]),
  ];
  const rest: Record<string, unknown> = { metadata: meta };
  for (const [k, v] of Object.entries(obj)) if (!['apiVersion', 'kind', 'metadata'].includes(k)) rest[k] = v;
  if (obj.kind === 'Secret') {
    for (const key of ['data', 'stringData']) {
      const d = rest[key] as Record<string, string> | undefined;
      if (d)
        rest[key] = Object.fromEntries(
          Object.entries(d).map(([k, v]) => [
            k,
            `${key === 'data' ? Buffer.from(v, 'base64').length : v.length} bytes`,
          ]),
        );
    }
  }
  lines.push(...tree(rest, 0));
  lines.push(
    ...tabbed((w) => describeEvents(events, w, now))
      .trimEnd()
      .split('\n'),
  );
  return lines.join('\n');
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
