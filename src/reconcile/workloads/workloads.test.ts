import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import type { Pod } from '../../api/kinds/index.js';
import { Expectations } from './expectations.js';
import { deletionOrder, isAvailable, rankedDeletionOrder } from './pods.js';

const pod = (
  name: string,
  opts: { node?: string; phase?: string; readySince?: string; created?: string } = {},
): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z' },
  spec: { containers: [{ name: 'c', image: 'i' }], ...(opts.node ? { nodeName: opts.node } : {}) },
  status: {
    phase: opts.phase ?? 'Pending',
    conditions: opts.readySince
      ? [{ type: 'Ready', status: 'True', lastTransitionTime: opts.readySince }]
      : [],
  },
});

describe('workload helpers', () => {
  it('order pods for removal as Kubernetes does: unscheduled, pending, not ready, ready most recently, newest', () => {
    const pods = [
      pod('ready-long', { node: 'n', phase: 'Running', readySince: '2026-01-01T00:00:00Z' }),
      pod('ready-new', { node: 'n', phase: 'Running', readySince: '2026-01-01T01:00:00Z' }),
      pod('running-unready', { node: 'n', phase: 'Running' }),
      pod('pending-bound', { node: 'n' }),
      pod('unscheduled'),
    ];
    expect([...pods].sort(deletionOrder).map((p) => p.metadata.name)).toEqual([
      'unscheduled',
      'pending-bound',
      'running-unready',
      'ready-new',
      'ready-long',
    ]);
  });

  it('remove pods crowding a node first, and a lower pod-deletion-cost before that', () => {
    const ready = (name: string, node: string) =>
      pod(name, { node, phase: 'Running', readySince: '2026-01-01T00:00:00Z' });
    const cheap = ready('cheap', 'n2');
    cheap.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-10' };
    const pods = [ready('alone', 'n2'), ready('crowded', 'n1'), cheap];
    const onNode: Record<string, number> = { n1: 3, n2: 1 };
    const order = rankedDeletionOrder((p) => onNode[p.spec?.nodeName ?? ''] ?? 0);
    expect([...pods].sort(order).map((p) => p.metadata.name)).toEqual(['cheap', 'crowded', 'alone']);
  });

  it('count a pod available once ready for minReadySeconds', () => {
    const p = pod('p', { node: 'n', phase: 'Running', readySince: '2026-01-01T00:00:00Z' });
    const t = Date.parse('2026-01-01T00:00:00Z');
    expect(isAvailable(p, 10, t + 9_000)).toBe(false);
    expect(isAvailable(p, 10, t + 10_000)).toBe(true);
    expect(isAvailable(pod('q'), 0, t)).toBe(false);
  });

  it('hold a controller back until its creates and deletes show in the cache, or they expire', () => {
    const clock = new ManualClock();
    const e = new Expectations(clock, 60_000);
    const cache = new Set(['ns/old']);
    e.created('ns/rs', ['ns/new']);
    e.deleted('ns/rs', ['ns/old']);
    expect(e.satisfied('ns/rs', (k) => cache.has(k))).toBe(false);
    cache.add('ns/new');
    expect(e.satisfied('ns/rs', (k) => cache.has(k))).toBe(false);
    cache.delete('ns/old');
    expect(e.satisfied('ns/rs', (k) => cache.has(k))).toBe(true);
    e.deleted('ns/rs', ['ns/terminating']);
    expect(
      e.satisfied(
        'ns/rs',
        () => true,
        (k) => k === 'ns/terminating',
      ),
    ).toBe(true);
    e.created('ns/rs', ['ns/never']);
    clock.advance(60_001);
    expect(e.satisfied('ns/rs', (k) => cache.has(k))).toBe(true);
  });

  it('count a create seen by an informer event even when the object is gone again before the next look', () => {
    const e = new Expectations(new ManualClock());
    e.created('ns/sts', ['ns/db-0']);
    e.observed('ns/db-0');
    expect(e.satisfied('ns/sts', () => false)).toBe(true);
  });
});
