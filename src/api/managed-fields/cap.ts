/**
 * Kubernetes keeps at most ten Update managers on an object (its capManagersManager): past
 * that, the oldest are folded, per apiVersion, into one `ancient-changes` entry.
 */

import { compareText } from '../compare-text.js';
import { identity, type Managed } from './entries.js';

export const MAX_UPDATE_MANAGERS = 10;
export const ANCIENT_CHANGES = 'ancient-changes';

/** Folds the oldest Update managers of `managers` into `ancient-changes` until at most `max` are left. */
export function capUpdateManagers(managers: Map<string, Managed>, max = MAX_UPDATE_MANAGERS): void {
  const seconds = (m: Managed) => (m.time ? Math.floor(Date.parse(m.time) / 1000) : 0);
  const updaters = [...managers].filter(([, m]) => m.operation === 'Update' && !m.set.empty);
  if (updaters.length <= max) return;
  updaters.sort(([a, p], [b, q]) => seconds(p) - seconds(q) || compareText(a, b));
  // The first updater of each version stays itself until a second one of that version folds in.
  const firstOfVersion = new Map<string, string>();
  let left = updaters.length;
  for (const [id, m] of updaters) {
    if (left <= max) break;
    const first = firstOfVersion.get(m.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(m.apiVersion, id);
      continue;
    }
    const bucket = identity({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: m.apiVersion });
    if (!managers.has(bucket)) {
      const { subresource: _, ...firstManaged } = managers.get(first)!;
      managers.delete(first);
      managers.set(bucket, { ...firstManaged, manager: ANCIENT_CHANGES });
    }
    const held = managers.get(bucket)!;
    managers.set(bucket, { ...held, set: held.set.union(m.set), time: m.time });
    managers.delete(id);
    left--;
  }
}
