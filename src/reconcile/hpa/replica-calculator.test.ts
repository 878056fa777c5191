import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import {
  type CalculatorSettings,
  type PodMetrics,
  rawResourceReplicas,
  resourceReplicas,
} from './replica-calculator.js';

const NOW = Date.parse('2026-02-01T12:00:00Z');
const settings: CalculatorSettings = {
  tolerance: 0.1,
  cpuInitializationPeriodMs: 300_000,
  initialReadinessDelayMs: 30_000,
  now: NOW,
};

interface PodOpts {
  phase?: string;
  ready?: 'True' | 'False';
  startedAgoMs?: number;
  readySinceAgoMs?: number;
  deleting?: boolean;
}

function pod(name: string, o: PodOpts = {}): Pod {
  const started = NOW - (o.startedAgoMs ?? 3_600_000);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(o.deleting ? { deletionTimestamp: timestamp(new Date(NOW)) } : {}) },
    spec: {
      containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '100m', memory: '100Mi' } } }],
    },
    status: {
      phase: o.phase ?? 'Running',
      startTime: timestamp(new Date(started)),
      conditions: [
        {
          type: 'Ready',
          status: o.ready ?? 'True',
          lastTransitionTime: timestamp(new Date(NOW - (o.readySinceAgoMs ?? 3_000_000))),
        },
      ],
    },
  };
}

const metrics = (values: Record<string, number>): PodMetrics =>
  new Map(Object.entries(values).map(([name, value]) => [name, { timestamp: NOW, windowMs: 15_000, value }]));

describe('the replica calculator', () => {
  it.each([
    ['scales up by the usage ratio', 2, { a: 90, b: 90 }, 4],
    ['keeps the count within tolerance', 2, { a: 54, b: 54 }, 2],
    ['scales down by the usage ratio', 4, { a: 10, b: 10, c: 10, d: 10 }, 1],
    ['takes the average over pods', 3, { a: 150, b: 0, c: 0 }, 3],
  ])('%s', (_what, current, used, expected) => {
    const pods = Object.keys(used).map((n) => pod(n));
    expect(resourceReplicas(current, 50, 'cpu', '', pods, metrics(used), settings).replicas).toBe(expected);
  });

  it('counts a pod without metrics at its whole request on a scale-down', () => {
    const pods = [pod('a'), pod('b'), pod('c')];
    // Measured alone, 2 pods at 20% of a 50% target ask for 1; counting c at 100% keeps 3.
    expect(resourceReplicas(3, 50, 'cpu', '', pods, metrics({ a: 20, b: 20 }), settings).replicas).toBe(3);
  });

  it('leaves out failed and deleted pods, and pending ones on a scale-down', () => {
    const pods = [
      pod('a'),
      pod('b', { phase: 'Failed' }),
      pod('c', { deleting: true }),
      pod('d', { phase: 'Pending' }),
    ];
    const r = resourceReplicas(4, 50, 'cpu', '', pods, metrics({ a: 10, b: 500, c: 500 }), settings);
    expect(r).toEqual({ replicas: 1, utilization: 10, rawUtilization: 10 });
  });

  it("ignores a starting pod's CPU until it has been ready for a whole window", () => {
    const starting = pod('b', { startedAgoMs: 60_000, readySinceAgoMs: 10_000 });
    const r = resourceReplicas(2, 50, 'cpu', '', [pod('a'), starting], metrics({ a: 50, b: 400 }), settings);
    expect(r.utilization).toBe(50);
    expect(r.replicas).toBe(2);
    // Memory has no initialization period: the same pod counts (50% and 400% of a 100Mi request).
    const mi = 1024 * 1024 * 1000;
    const memory = metrics({ a: 50 * mi, b: 400 * mi });
    expect(resourceReplicas(2, 50, 'memory', '', [pod('a'), starting], memory, settings).replicas).toBe(9);
  });

  it('says why it cannot compute', () => {
    expect(() => resourceReplicas(1, 50, 'cpu', '', [], metrics({}), settings)).toThrow(
      'no pods returned by selector while calculating replica count',
    );
    expect(() =>
      resourceReplicas(1, 50, 'cpu', '', [pod('a', { phase: 'Pending' })], metrics({ a: 1 }), settings),
    ).toThrow('did not receive metrics for targeted pods (pods might be unready)');
  });

  it('scales on an average value per pod', () => {
    const pods = [pod('a'), pod('b')];
    expect(
      rawResourceReplicas(2, 100_000, 'memory', pods, metrics({ a: 150_000, b: 150_000 }), settings),
    ).toEqual({
      replicas: 3,
      usage: 150_000,
    });
  });
});
