import { describe, expect, it } from 'vitest';
import type { Deployment, PodTemplateSpec } from '../../api/kinds/index.js';
import { safeEncodeString } from '../workloads/fnv-hash.js';
import { computeHash, equalIgnoreHash } from './hash.js';
import { maxSurge, maxUnavailable } from './util.js';

const rolling = (replicas: number, surge: number | string, unavailable: number | string): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: {},
    template: {},
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
  },
});

const template = (image: string, labels: Record<string, string> = { app: 'web' }): PodTemplateSpec => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image }] },
});

describe('deployment arithmetic', () => {
  it.each([
    [10, '25%', '25%', 3, 2],
    [3, '25%', '25%', 1, 0],
    [10, 1, 0, 1, 0],
    [10, '0%', '1%', 0, 1],
    [4, 0, 10, 0, 4],
    [0, '25%', '25%', 0, 0],
  ])(
    'replicas %i, maxSurge %s, maxUnavailable %s: surge %i, unavailable %i',
    (replicas, s, u, surge, unavailable) => {
      const d = rolling(replicas, s, u);
      expect([maxSurge(d), maxUnavailable(d)]).toEqual([surge, unavailable]);
    },
  );

  it('allows no surge nor unavailability to a Recreate Deployment', () => {
    const d = rolling(10, '25%', '25%');
    d.spec!.strategy = { type: 'Recreate' };
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([0, 0]);
  });

  it("encodes hashes in Kubernetes' safe alphabet", () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(computeHash(template('web:1'))).toMatch(/^[456789bcdf]{1,10}$/);
  });

  it('hashes a template the same however its keys are ordered, and anew with a collision count', () => {
    const a = template('web:1');
    const b: PodTemplateSpec = {
      spec: { containers: [{ image: 'web:1', name: 'web' }] },
      metadata: a.metadata,
    };
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a)).not.toBe(computeHash(template('web:2')));
    expect(computeHash(a, 1)).not.toBe(computeHash(a));
  });

  it('compares templates but for the pod-template-hash label and empty fields', () => {
    const a = template('web:1');
    const b = template('web:1', { app: 'web', 'pod-template-hash': 'abc' });
    b.spec!.volumes = [];
    expect(equalIgnoreHash(a, b)).toBe(true);
    expect(equalIgnoreHash(a, template('web:2'))).toBe(false);
  });
});
