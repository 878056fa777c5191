import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/kinds/types.generated.js';
import { byLogging } from './log-source.js';

const T0 = '2026-11-30T10:00:00Z';
const T1 = '2026-11-30T10:00:05Z';

function pod(
  name: string,
  o: { node?: string; phase?: string; readyAt?: string; restarts?: number; created?: string },
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, creationTimestamp: o.created ?? T0 },
    spec: { nodeName: o.node ?? 'n1', containers: [{ name: 'app', image: 'x' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.readyAt ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.readyAt }] : [],
      containerStatuses: [
        { name: 'app', image: 'x', imageID: '', ready: !!o.readyAt, restartCount: o.restarts ?? 0 },
      ],
    },
  } as Pod;
}

const first = (...pods: Pod[]) => [...pods].sort(byLogging)[0].metadata.name;

describe("the pod kubectl's logs picks among a workload's (podutils.ByLogging)", () => {
  it('takes a scheduled pod, then Running before Unknown before Pending, then a ready one', () => {
    expect(first(pod('a', { node: '' }), pod('b', {}))).toBe('b');
    expect(first(pod('a', { phase: 'Pending' }), pod('b', { phase: 'Unknown' }))).toBe('b');
    expect(first(pod('a', { phase: 'Unknown' }), pod('b', { phase: 'Running' }))).toBe('b');
    expect(first(pod('a', {}), pod('b', { readyAt: T0 }))).toBe('b');
  });

  it('takes the pod ready longest, then the one with most restarts, then the oldest', () => {
    expect(first(pod('a', { readyAt: T1 }), pod('b', { readyAt: T0 }))).toBe('b');
    expect(first(pod('a', { restarts: 1 }), pod('b', { restarts: 3 }))).toBe('b');
    expect(first(pod('a', { readyAt: T0, restarts: 0 }), pod('b', { readyAt: T1, restarts: 5 }))).toBe('a');
    expect(first(pod('a', { created: T1 }), pod('b', { created: T0 }))).toBe('b');
    // A tie keeps the list's order, as Go's sort of a few pods does.
    expect(first(pod('a', { readyAt: T0 }), pod('b', { readyAt: T0 }))).toBe('a');
  });
});
