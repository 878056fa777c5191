import { describe, expect, it } from 'vitest';
import type { ServedPod } from '../api/kinds/index.js';
import { Backoff } from './backoff.js';
import { containerEnv, expand } from './env.js';
import { ConfigError, type PodInputs } from './inputs.js';

const node = { nodeName: 'n1', hostIP: '10.0.0.1', cpu: 4, memory: 2 ** 30 };

function pod(spec: Partial<ServedPod['spec']> = {}): ServedPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'u1', annotations: { team: 'a' } },
    spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
  };
}

const inputs: PodInputs = {
  configMap: async () => undefined,
  secret: async (_ns, name) =>
    name === 's'
      ? {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name },
          data: { pw: Buffer.from('hunter2').toString('base64') },
        }
      : undefined,
  claimPath: async () => undefined,
};

describe('container environment', () => {
  it('expands $(VAR) from earlier variables and keeps unknown ones and $$', () => {
    expect(expand('$(A)-$(B)-$$(A)', { A: 'x' })).toBe('x-$(B)-$(A)');
  });

  it('reads secrets, the downward API and resource fields', async () => {
    const p = pod({
      containers: [
        {
          name: 'c',
          image: 'i',
          resources: { limits: { memory: '64Mi' } },
          env: [
            { name: 'PW', valueFrom: { secretKeyRef: { name: 's', key: 'pw' } } },
            { name: 'NOPE', valueFrom: { secretKeyRef: { name: 'missing', key: 'k', optional: true } } },
            { name: 'TEAM', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['team']" } } },
            { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
            { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
          ],
        },
      ],
    });
    const env = await containerEnv(p, p.spec.containers[0], inputs, { podIP: '10.1.0.5' }, node);
    expect(env).toEqual({ PW: 'hunter2', TEAM: 'a', NODE: 'n1', MEM: '64', CPU: '4' });
  });

  it('fails like Kubernetes when a referenced key is missing', async () => {
    const p = pod({
      containers: [
        {
          name: 'c',
          image: 'i',
          env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'user' } } }],
        },
      ],
    });
    await expect(containerEnv(p, p.spec.containers[0], inputs, {}, node)).rejects.toEqual(
      new ConfigError("couldn't find key user in Secret ns/s"),
    );
  });
});

describe('restart back-off', () => {
  it('restarts at once the first time, then waits twice as long each time up to the cap', () => {
    let now = 0;
    const b = new Backoff(10, 40, () => now);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect(b.inBackoff('k', now)).toBe(i > 0);
      now += b.delay('k');
      expect(b.inBackoff('k', now - b.delay('k'))).toBe(false);
      b.next('k');
      delays.push(b.delay('k'));
    }
    expect(delays).toEqual([10, 20, 40, 40, 40]);
  });
});
