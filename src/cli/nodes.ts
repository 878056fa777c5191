import { NODES, type Node, type Taint } from '../api/kinds/index.js';
import { qualifiedName } from '../api/schema/field-errors.js';
import { timestamp } from '../api/time.js';
import type { KubeClient } from '../client/kube-client.js';

/**
 * Marks a node unschedulable (cordon) or schedulable again, as `kubectl cordon|uncordon`;
 * resolves to kubectl's line: "node/x cordoned", "node/x already uncordoned".
 */
export async function cordon(client: KubeClient, name: string, unschedulable: boolean): Promise<string> {
  const verb = unschedulable ? 'cordoned' : 'uncordoned';
  const node = await client.get<Node>(NODES, undefined, name);
  if (!!node.spec?.unschedulable === unschedulable) return `node/${name} already ${verb}`;
  await client.patch(NODES, undefined, name, { spec: { unschedulable: unschedulable || null } }, 'strategic');
  return `node/${name} ${verb}`;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** What `kubectl taint` takes: `key=value:Effect`, `key:Effect` to add; `key:Effect-`, `key-` to remove. */
export interface TaintChanges {
  add: Taint[];
  remove: Pick<Taint, 'key' | 'effect'>[];
}

function checkKey(key: string, spec: string): void {
  const problems = qualifiedName(key);
  if (!key || problems.length) throw new Error(`invalid taint spec: ${spec}, ${problems.join('; ')}`);
}

export function parseTaints(specs: string[]): TaintChanges {
  const changes: TaintChanges = { add: [], remove: [] };
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const [key, effect] = spec.slice(0, -1).split(':');
      checkKey(key, spec);
      if (effect && !EFFECTS.includes(effect))
        throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
      changes.remove.push({ key, effect: effect || undefined } as Taint);
      continue;
    }
    const [keyValue, effect, ...rest] = spec.split(':');
    if (effect === undefined || rest.length) throw new Error(`invalid taint spec: ${spec}`);
    if (!EFFECTS.includes(effect))
      throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const [key, value] = keyValue.split('=');
    checkKey(key, spec);
    changes.add.push({ key, ...(value ? { value } : {}), effect } as Taint);
  }
  return changes;
}

const show = (t: Partial<Taint>) =>
  `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
const same = (a: Partial<Taint>, b: Partial<Taint>) => a.key === b.key && a.effect === b.effect;

/** Applies taint changes to a node as `kubectl taint` does; resolves to "node/x tainted|untainted|modified". */
export async function taintNode(client: KubeClient, name: string, changes: TaintChanges, overwrite: boolean) {
  const node = await client.get<Node>(NODES, undefined, name);
  const old = node.spec?.taints ?? [];
  if (!overwrite) {
    const exists = changes.add.filter((t) => old.some((o) => same(o, t))).map((t) => t.key);
    if (exists.length)
      throw new Error(
        `node ${name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`,
      );
  }
  const now = timestamp();
  let next = changes.add.map((t) => (t.effect === 'NoExecute' ? { ...t, timeAdded: now } : t));
  next = [...next, ...old.filter((o) => !next.some((t) => same(o, t)))];
  const added = next.length !== old.length;
  let removed = false;
  for (const r of changes.remove) {
    const kept = next.filter((t) => (r.effect ? !same(t, r) : t.key !== r.key));
    if (kept.length === next.length) throw new Error(`taint "${show(r)}" not found`);
    removed = true;
    next = kept;
  }
  await client.patch(NODES, undefined, name, { spec: { taints: next.length ? next : null } }, 'merge');
  const operation = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return `node/${name} ${operation}`;
}
