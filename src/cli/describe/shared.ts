import {
  type ApiResource,
  EVENTS,
  type Event,
  type LabelSelector,
  type ObjectReference,
  PODS,
  type Pod,
  type Taint,
  type Toleration,
} from '../../api/kinds/index.js';
import { exactQuantity, formatQuantity } from '../../api/schema/quantity.js';
import { since } from '../../api/time.js';
import type { KubeObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import { labelSelectorToString } from '../../store/selector.js';
import { goSort } from './go-sort.js';

/*
 * What kubectl's describers share (k8s.io/kubectl/pkg/describe): a writer that indents by level
 * and aligns tab-separated cells as Go's text/tabwriter does, and the sections every describer
 * prints alike: labels, annotations, tolerations, taints, times and the Events table.
 */

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

const PADDING = 2;
const runeLength = (s: string) => [...s].length;

/**
 * Go's tabwriter (minwidth 0, padding 2, padded with spaces) over text already written: a column
 * block is the run of consecutive lines that have a cell in that column, each cell padded to the
 * block's widest plus two; the text after a line's last tab belongs to no column.
 */
export function alignTabs(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++)
      out.push(
        lines[i]
          .map((cell, j) => (j < widths.length ? cell + ' '.repeat(widths[j] - runeLength(cell)) : cell))
          .join(''),
      );
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let width = 0;
      for (; i < line1 && column < lines[i].length - 1; i++)
        width = Math.max(width, runeLength(lines[i][column]) + PADDING);
      widths.push(width);
      format(line0, i);
      widths.pop();
      line0 = i;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out.join('\n');
}

/** printers.WriteEscaped: terminal escapes shown, not obeyed. */
const escapeTerminal = (s: string) => s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');

/**
 * kubectl's PrefixWriter over its tabwriter: `write` indents by two spaces a level, `flush` aligns
 * what came before apart from what follows (the Events table), and an unaligned writer keeps the
 * tabs, as `rollout history` prints a pod template.
 */
export class DescribeWriter {
  private done = '';
  private pending = '';
  constructor(private readonly aligned = true) {}

  write(level: number, text: string): void {
    this.pending += escapeTerminal('  '.repeat(level) + text);
  }

  /** WriteLine: the text and a newline, not indented. */
  line(text = ''): void {
    this.pending += escapeTerminal(`${text}\n`);
  }

  flush(): void {
    this.done += this.aligned ? alignTabs(this.pending) : this.pending;
    this.pending = '';
  }

  toString(): string {
    this.flush();
    return this.done;
  }
}

/** A describer's text from what it writes, as tabbedString. */
export function tabbed(write: (w: DescribeWriter) => void): string {
  const w = new DescribeWriter();
  write(w);
  return w.toString();
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** time.RFC1123Z in local time, as kubectl prints a metav1.Time; Go's zero time when unset. */
export function rfc1123z(timestamp: string | undefined | null): string {
  const d = timestamp ? new Date(timestamp) : undefined;
  if (!d || Number.isNaN(d.getTime())) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const offset = -d.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${two(Math.trunc(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
  return `${DAYS[d.getDay()]}, ${two(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone}`;
}

/** Quantity.String(): the canonical text, in the format the quantity was written in. */
export function quantityString(q: unknown): string {
  const exact = exactQuantity(q);
  if (!exact) return q === undefined || q === null ? '0' : String(q);
  const text = String(q);
  if (/\d[eE][-+]?\d+$/.test(text)) return text;
  return formatQuantity(exact, /i$/.test(text) ? 'BinarySI' : 'DecimalSI');
}

/** Resource names in sorted order, as SortedResourceNames. */
export const sortedKeys = (m: Record<string, unknown> | undefined | null) => Object.keys(m ?? {}).sort();

/** A map's `Title:` line and one `key=value` per further line, sorted; `<none>` when empty. */
export function printLabelsMultiline(
  w: DescribeWriter,
  title: string,
  labels: Record<string, string> | undefined | null,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels);
  if (keys.length === 0) {
    w.line('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${key}=${labels?.[key]}\n`);
  });
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;
const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}...` : s);

/** Annotations but the last-applied one, sorted; a long or multi-line value on lines of its own. */
export function printAnnotationsMultiline(
  w: DescribeWriter,
  title: string,
  annotations: Record<string, string> | undefined | null,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => k !== LAST_APPLIED);
  if (keys.length === 0) {
    w.line('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    const value = (annotations?.[key] ?? '').replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `\t  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(LEVEL_0, `${key}: ${value}\n`);
  });
}

/** One entry per line under a title, `<none>` when there is none (the multiline printers). */
export function printMultiline(
  w: DescribeWriter,
  title: string,
  entries: string[],
  initialIndent = '',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (entries.length === 0) {
    w.line('<none>');
    return;
  }
  entries.forEach((entry, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}\t`);
    w.write(LEVEL_0, `${entry}\n`);
  });
}

function tolerationText(t: Toleration): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

/** sort.Slice by a string key, as kubectl orders tolerations and taints. */
const byString = <T>(list: readonly T[], key: (t: T) => string) => goSort(list, (a, b) => key(a) < key(b));

export function printTolerationsMultiline(
  w: DescribeWriter,
  title: string,
  tolerations: Toleration[] | undefined,
  initialIndent = '',
): void {
  const sorted = byString(tolerations ?? [], (t) => t.key ?? '');
  printMultiline(w, title, sorted.map(tolerationText), initialIndent);
}

/** Taint.ToString: `key=value:Effect`, sorted by effect then key. */
export function printTaintsMultiline(w: DescribeWriter, title: string, taints: Taint[] | undefined): void {
  const sorted = byString(taints ?? [], (t) => `${t.effect},${t.key}`);
  printMultiline(
    w,
    title,
    sorted.map((t) => (t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`)),
  );
}

/** A Conditions table with each condition's last transition time (a Namespace's, a Service's). */
export function describeTransitionConditions(
  w: DescribeWriter,
  conditions:
    | {
        type: string;
        status: string;
        lastTransitionTime?: string | null;
        reason?: string;
        message?: string;
      }[]
    | undefined,
): void {
  if (!conditions?.length) return;
  w.write(LEVEL_0, 'Conditions:\n');
  w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
  w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
  for (const c of conditions)
    w.write(
      LEVEL_1,
      `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
    );
}

/** printController: `Kind/name` of the controller owner reference, "" when none. */
export function controllerOf(obj: KubeObject): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

export function printControlledBy(w: DescribeWriter, obj: KubeObject): void {
  const by = controllerOf(obj);
  if (by) w.write(LEVEL_0, `Controlled By:\t${by}\n`);
}

const stamp = (t: string | undefined | null) => (t ? Date.parse(t) : 0);

/**
 * The Events table, sorted by last timestamp with Go's unstable sort (SortableEvents), with
 * kubectl's repeat form.
 */
export function describeEvents(events: Event[], w: DescribeWriter, now = Date.now()): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = goSort(events, (a, b) => stamp(a.lastTimestamp) < stamp(b.lastTimestamp));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval = first;
    if (e.series)
      interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || '';
    w.write(
      LEVEL_1,
      `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`,
    );
  }
}

/** The fields of an object reference searchEvents selects events by; kind or uid left out when empty. */
export interface EventQuery {
  name: string;
  namespace?: string;
  kind?: string;
  uid?: string;
}

/** Whether an event is about the referenced object, as searchEvents' field selector picks it. */
export function eventMatches(e: Event, q: EventQuery): boolean {
  const o: ObjectReference = e.involvedObject ?? {};
  return (
    o.name === q.name &&
    (o.namespace ?? '') === (q.namespace ?? '') &&
    (!q.kind || o.kind === q.kind) &&
    (!q.uid || o.uid === q.uid)
  );
}

/** A string slice as Go's %v prints it: `[a b]`. */
export const goList = (list: readonly string[] | undefined | null) => `[${(list ?? []).join(' ')}]`;

export const stringOrNone = (s: string | undefined | null) => (s ? s : '<none>');

/**
 * searchEvents: the events about an object, by the field selector kubectl sends (name and
 * namespace always, kind and uid when given); a namespace of "" searches every namespace.
 */
export async function searchEvents(client: Client, q: EventQuery): Promise<Event[]> {
  const fieldSelector = [
    `involvedObject.name=${q.name}`,
    `involvedObject.namespace=${q.namespace ?? ''}`,
    ...(q.kind ? [`involvedObject.kind=${q.kind}`] : []),
    ...(q.uid ? [`involvedObject.uid=${q.uid}`] : []),
  ].join(',');
  const namespace = q.namespace || undefined;
  try {
    return (await client.list<Event>(EVENTS, { namespace, fieldSelector })).items.filter((e) =>
      eventMatches(e, q),
    );
  } catch {
    // kubectl describes the object without its events when they cannot be read.
    return [];
  }
}

/** A describer of one kind: reads the object and what it shows beside it, and renders them. */
export type Describer = (client: Client, namespace: string, name: string) => Promise<string>;

/** The describer of a kind whose text is made of the object alone. */
export function ofObject<T extends KubeObject>(def: ApiResource, text: (obj: T) => string): Describer {
  return async (client, namespace, name) => text(await client.get<T>(def, namespace, name));
}

/** The describer of a kind whose text is made of the object and the events about it. */
export function withEvents<T extends KubeObject>(
  def: ApiResource,
  text: (obj: T, events: Event[]) => string,
): Describer {
  return async (client, namespace, name) => {
    const obj = await client.get<T>(def, namespace, name);
    return text(obj, await searchEvents(client, { name, namespace, kind: def.kind, uid: obj.metadata.uid }));
  };
}

/** getPodStatusForController: the phases of the pods the selector picks that this controller owns. */
export async function podPhaseCounts(
  client: Client,
  namespace: string,
  selector: LabelSelector | undefined,
  uid: string | undefined,
): Promise<string> {
  const labelSelector = labelSelectorToString(selector ?? {});
  const pods = (await client.list<Pod>(PODS, { namespace, labelSelector })).items;
  const count = (phase: string) =>
    pods.filter(
      (p) =>
        p.status?.phase === phase && p.metadata.ownerReferences?.some((r) => r.controller && r.uid === uid),
    ).length;
  return `${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`;
}

/** A value kubectl prints as `<unset>` when it is absent. */
export const orUnset = (v: unknown, suffix = '') =>
  v === undefined || v === null ? '<unset>' : `${v}${suffix}`;

/** An error as kubectl prints it inside a description: its message. */
export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
