import { describe, expect, it } from 'vitest';
import { canonicalJson, threeWayMergePatch } from './apply-patch.js';

describe('three-way merge patch', () => {
  const live = {
    metadata: { name: 'web', uid: 'u1', resourceVersion: '7', labels: { app: 'web', tier: 'front' } },
    spec: {
      replicas: 2,
      template: { spec: { containers: [{ name: 'c', image: 'nginx:1', imagePullPolicy: 'IfNotPresent' }] } },
    },
    status: { replicas: 2 },
  };

  it('is empty when the manifest is what was applied, whatever the server added', () => {
    const applied = {
      metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } },
    };
    expect(threeWayMergePatch(applied, applied, live)).toBeUndefined();
  });

  it('sets changed fields, replaces changed lists whole, and nulls fields dropped since the last apply', () => {
    const last = {
      metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } },
    };
    const next = {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } },
    };
    expect(threeWayMergePatch(last, next, live)).toEqual({
      metadata: { labels: { tier: null } },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } },
    });
  });

  it('leaves fields alone that others set and the manifest never had', () => {
    const m = { metadata: { name: 'web', labels: { app: 'web' } } };
    expect(threeWayMergePatch({}, m, live)).toBeUndefined();
  });
});

describe('canonical JSON', () => {
  it('sorts object keys at every level and keeps list order', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});
