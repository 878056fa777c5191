import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { failure } from '../../test/helpers/failure.js';
import { eventually } from '../../test/helpers/wait.js';
import {
  CONFIGMAPS,
  LIMIT_RANGES,
  PERSISTENT_VOLUME_CLAIMS,
  PODS,
  type Pod,
  RESOURCE_QUOTAS,
  type ResourceQuota,
  SERVICES,
} from '../api/kinds/index.js';
import { resourceQuotaController } from './resource-quota.js';

let h: ControllerHarness;

beforeEach(async () => {
  h = await startControllers([resourceQuotaController], { prefix: 'minik8s-quota-' });
});
afterEach(() => h.stop());

const pod = (name: string, resources?: Record<string, unknown>, containers = 1) =>
  h.svc.create(PODS, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      containers: Array.from({ length: containers }, (_, i) => ({
        name: `c${i}`,
        image: 'busybox',
        ...(resources ? { resources } : {}),
      })),
    },
  }) as Promise<Pod>;

const quota = (name: string, hard: Record<string, string>) =>
  h.svc.create(RESOURCE_QUOTAS, 'default', {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name },
    spec: { hard },
  });

const used = async (name: string) =>
  ((await h.svc.get(RESOURCE_QUOTAS, 'default', name)) as ResourceQuota).status?.used;

describe('ResourceQuota', () => {
  it('counts objects, refuses the one past the limit with Kubernetes message, and gives back on delete', async () => {
    await quota('pods', { pods: '2', configmaps: '5' });
    await eventually('quota status', async () =>
      expect(await used('pods')).toEqual({ pods: '0', configmaps: expect.any(String) }),
    );
    await pod('a');
    await pod('b');
    expect((await used('pods'))?.pods).toBe('2');
    const err = await failure(pod('c'));
    expect([err.code, err.message]).toEqual([
      403,
      'pods "c" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2',
    ]);
    await h.svc.delete(PODS, 'default', 'a', { gracePeriodSeconds: 0 } as never);
    await eventually('quota status', async () => expect((await used('pods'))?.pods).toBe('1'));
    await pod('c');
  });

  it('sums compute requests and limits, and makes each container state them', async () => {
    await quota('compute', { 'requests.cpu': '1', 'limits.memory': '1Gi' });
    await eventually('quota status', async () => expect(await used('compute')).toBeDefined());
    const missing = await failure(pod('none'));
    expect(missing.message).toBe(
      'pods "none" is forbidden: failed quota: compute: must specify limits.memory for: c0; requests.cpu for: c0',
    );
    await pod('two', { requests: { cpu: '300m' }, limits: { memory: '256Mi' } }, 2);
    expect(await used('compute')).toEqual({ 'requests.cpu': '600m', 'limits.memory': '512Mi' });
    const err = await failure(pod('big', { requests: { cpu: '500m' }, limits: { memory: '128Mi' } }));
    expect(err.message).toBe(
      'pods "big" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1',
    );
  });

  it('counts any kind by count/<resource>', async () => {
    await quota('cms', { 'count/configmaps': '1' });
    await eventually('quota status', async () =>
      expect((await used('cms'))?.['count/configmaps']).toBeDefined(),
    );
    const existing = Number((await used('cms'))?.['count/configmaps']);
    const cm = (name: string) =>
      h.svc.create(CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    if (existing === 0) await cm('one');
    const err = await failure(cm('two'));
    expect(err.message).toMatch(
      /^configmaps "two" is forbidden: exceeded quota: cms, requested: count\/configmaps=1/,
    );
  });
});

describe('ResourceQuota on updates', () => {
  const merge = (def: typeof SERVICES, name: string, patch: Record<string, unknown>) =>
    h.svc.patch(def, 'default', name, 'application/merge-patch+json', patch);
  const service = (name: string, ports: number) =>
    h.svc.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { ports: Array.from({ length: ports }, (_, i) => ({ name: `p${i}`, port: 80 + i })) },
    });

  it('charges a Service made NodePort or LoadBalancer, and gives back when it is made ClusterIP again', async () => {
    await quota('svc', { 'services.nodeports': '1', 'services.loadbalancers': '0' });
    await eventually('quota status', async () =>
      expect((await used('svc'))?.['services.nodeports']).toBe('0'),
    );
    await service('two', 2);
    const err = await failure(merge(SERVICES, 'two', { spec: { type: 'NodePort' } }));
    expect([err.code, err.message]).toEqual([
      403,
      'services "two" is forbidden: exceeded quota: svc, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1',
    ]);
    await service('one', 1);
    await merge(SERVICES, 'one', { spec: { type: 'NodePort' } });
    expect((await used('svc'))?.['services.nodeports']).toBe('1');
    const lb = await failure(merge(SERVICES, 'one', { spec: { type: 'LoadBalancer' } }));
    expect(lb.message).toBe(
      'services "one" is forbidden: exceeded quota: svc, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0',
    );
    await merge(SERVICES, 'one', {
      spec: { type: 'ClusterIP', ports: [{ name: 'p0', port: 80, nodePort: null }] },
    });
    await eventually('quota recount', async () =>
      expect((await used('svc'))?.['services.nodeports']).toBe('0'),
    );
    await merge(SERVICES, 'two', { spec: { type: 'NodePort', ports: [{ name: 'p0', port: 80 }] } });
    expect((await used('svc'))?.['services.nodeports']).toBe('1');
  });

  it('charges what a claim grows by', async () => {
    await quota('disk', { 'requests.storage': '2Gi' });
    await eventually('quota status', async () =>
      expect((await used('disk'))?.['requests.storage']).toBe('0'),
    );
    await h.svc.create(PERSISTENT_VOLUME_CLAIMS, 'default', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    const grow = (storage: string) =>
      merge(PERSISTENT_VOLUME_CLAIMS, 'data', { spec: { resources: { requests: { storage } } } });
    const err = await failure(grow('3Gi'));
    expect(err.message).toBe(
      'persistentvolumeclaims "data" is forbidden: exceeded quota: disk, requested: requests.storage=2Gi, used: requests.storage=1Gi, limited: requests.storage=2Gi',
    );
    await grow('2Gi');
    expect((await used('disk'))?.['requests.storage']).toBe('2Gi');
  });
});

describe('LimitRange', () => {
  const limits = (spec: Record<string, unknown>) =>
    h.svc.create(LIMIT_RANGES, 'default', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'lr' },
      spec,
    });

  it('gives containers their default requests and limits, noted as Kubernetes notes them', async () => {
    await limits({
      limits: [
        { type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m', memory: '64Mi' } },
      ],
    });
    const p = await pod('d', { requests: { memory: '32Mi' } });
    expect(p.spec?.containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '32Mi' },
      limits: { cpu: '500m' },
    });
    expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu request for container c0; cpu limit for container c0',
    );
  });

  it('refuses pods outside min, max and ratio with Kubernetes messages', async () => {
    await limits({
      limits: [
        { type: 'Container', min: { cpu: '100m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '2' } },
      ],
    });
    const low = await failure(pod('low', { requests: { cpu: '50m' }, limits: { cpu: '100m' } }));
    expect(low.message).toBe(
      'pods "low" is forbidden: minimum cpu usage per Container is 100m, but request is 50m',
    );
    const high = await failure(pod('high', { requests: { cpu: '2' }, limits: { cpu: '2' } }));
    expect(high.message).toBe(
      'pods "high" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    );
    const ratio = await failure(pod('ratio', { requests: { cpu: '200m' }, limits: { cpu: '1' } }));
    expect(ratio.message).toBe(
      'pods "ratio" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000',
    );
    // max gives the default limit, which gives the default request
    const p = await pod('ok');
    expect(p.spec?.containers[0].resources).toEqual({ requests: { cpu: '1' }, limits: { cpu: '1' } });
  });
});
