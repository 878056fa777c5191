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

describe('service environment variables', () => {
  const svc = (namespace: string, name: string, spec: Record<string, unknown>) =>
    ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec }) as never;
  const services = [
    svc('default', 'kubernetes', {
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
    }),
    svc('ns', 'web-front', {
      clusterIP: '10.96.0.20',
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    }),
    svc('ns', 'headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
    svc('other', 'db', { clusterIP: '10.96.0.30', ports: [{ port: 5432 }] }),
  ];
  const withServices: PodInputs = { ...inputs, services: async () => services };

  it('gives the Services of the namespace and `kubernetes` as the kubelet names them; the pod wins', async () => {
    const p = pod({
      containers: [
        {
          name: 'c',
          image: 'i',
          env: [
            { name: 'WEB_FRONT_SERVICE_PORT', value: 'mine' },
            { name: 'URL', value: 'http://$(WEB_FRONT_SERVICE_HOST):$(WEB_FRONT_SERVICE_PORT_HTTP)' },
          ],
        },
      ],
    });
    const env = await containerEnv(p, p.spec.containers[0], withServices, { podIP: '10.1.0.5' }, node);
    expect(env).toEqual({
      WEB_FRONT_SERVICE_PORT: 'mine',
      URL: 'http://10.96.0.20:80',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_PORT_443_TCP_PORT: '443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
      WEB_FRONT_SERVICE_HOST: '10.96.0.20',
      WEB_FRONT_SERVICE_PORT_HTTP: '80',
      WEB_FRONT_SERVICE_PORT_DNS: '53',
      WEB_FRONT_PORT: 'tcp://10.96.0.20:80',
      WEB_FRONT_PORT_80_TCP: 'tcp://10.96.0.20:80',
      WEB_FRONT_PORT_80_TCP_PROTO: 'tcp',
      WEB_FRONT_PORT_80_TCP_PORT: '80',
      WEB_FRONT_PORT_80_TCP_ADDR: '10.96.0.20',
      WEB_FRONT_PORT_53_UDP: 'udp://10.96.0.20:53',
      WEB_FRONT_PORT_53_UDP_PROTO: 'udp',
      WEB_FRONT_PORT_53_UDP_PORT: '53',
      WEB_FRONT_PORT_53_UDP_ADDR: '10.96.0.20',
    });
  });

  it('gives only the `kubernetes` ones with enableServiceLinks false', async () => {
    const p = pod({ enableServiceLinks: false });
    const env = await containerEnv(p, p.spec.containers[0], withServices, { podIP: '10.1.0.5' }, node);
    expect(Object.keys(env).every((k) => k.startsWith('KUBERNETES_'))).toBe(true);
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
  });
});
