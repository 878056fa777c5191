import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import {
  ENDPOINT_SLICES,
  ENDPOINTS,
  type EndpointSlice,
  type Endpoints,
  PODS,
  type Pod,
  SERVICES,
  type Service,
} from '../../api/kinds/index.js';
import { garbageCollector } from '../garbage-collector.js';
import { endpointSliceMirroringController } from './endpoint-slice-mirroring.js';
import { endpointSliceController } from './endpoint-slices.js';
import { endpointsController } from './endpoints-controller.js';

let h: ControllerHarness;

beforeEach(async () => {
  h = await startControllers(
    [endpointSliceController, endpointsController, endpointSliceMirroringController, garbageCollector],
    {
      settings: { resyncMs: 0, maxEndpointsPerSlice: 2 },
    },
  );
});
afterEach(() => h.stop());

interface PodOpts {
  ip?: string;
  ready?: boolean;
  labels?: Record<string, string>;
  ports?: { name: string; containerPort: number }[];
  hostname?: string;
  subdomain?: string;
}

async function pod(name: string, o: PodOpts = {}): Promise<Pod> {
  const created = await h.client.create<Pod>(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: o.labels ?? { app: 'web' } },
    spec: {
      nodeName: 'n1',
      hostname: o.hostname,
      subdomain: o.subdomain,
      containers: [{ name: 'c', image: 'busybox', ports: o.ports }],
    },
  });
  return setStatus(created, o.ip, o.ready ?? true);
}

async function setStatus(p: Pod, ip: string | undefined, ready: boolean): Promise<Pod> {
  const cur = await h.client.get<Pod>(PODS, 'default', p.metadata.name!);
  return h.client.update<Pod>(
    PODS,
    {
      ...cur,
      status: {
        phase: 'Running',
        ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
        conditions: [
          { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString() },
        ],
      },
    },
    'status',
  );
}

const service = (name: string, spec: Service['spec']) =>
  h.client.create<Service>(SERVICES, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', labels: { tier: 'front' } },
    spec,
  });

const slices = async (svc: string) =>
  (
    await h.client.list<EndpointSlice>(ENDPOINT_SLICES, {
      namespace: 'default',
      labelSelector: `kubernetes.io/service-name=${svc}`,
    })
  ).items;
const endpoints = (svc: string) => h.client.get<Endpoints>(ENDPOINTS, 'default', svc);
const sliceAddresses = async (svc: string) =>
  (await slices(svc))
    .flatMap((s) => s.endpoints ?? [])
    .map((e) => `${e.addresses[0]} ${e.conditions?.ready ? 'ready' : 'not-ready'}`)
    .sort();

describe('endpoints and endpoint slices', () => {
  it('lists the ready and not ready pods of a Service, as Kubernetes shapes them', async () => {
    await pod('web-1', { ip: '10.244.128.1', ports: [{ name: 'http', containerPort: 8080 }] });
    await pod('web-2', { ip: '10.244.128.2', ready: false, ports: [{ name: 'http', containerPort: 8080 }] });
    await pod('web-3', {}); // no IP yet
    await pod('other', { ip: '10.244.128.9', labels: { app: 'db' } });
    const svc = await service('web', {
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    });
    await h.manager.idle();

    const [slice, ...more] = await slices('web');
    expect(more).toEqual([]);
    expect(slice.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice.metadata.labels).toEqual({
      tier: 'front',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'web',
        uid: svc.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(slice.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBeTruthy();
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slice.endpoints).toEqual([
      {
        addresses: ['10.244.128.1'],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'n1',
        targetRef: expect.objectContaining({ kind: 'Pod', namespace: 'default', name: 'web-1' }),
      },
      expect.objectContaining({
        addresses: ['10.244.128.2'],
        conditions: { ready: false, serving: false, terminating: false },
      }),
    ]);

    const ep = await endpoints('web');
    expect(ep.metadata.labels).toEqual({ tier: 'front' });
    expect(ep.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBeUndefined();
    expect(ep.subsets).toEqual([
      {
        addresses: [
          {
            ip: '10.244.128.1',
            nodeName: 'n1',
            targetRef: expect.objectContaining({ kind: 'Pod', name: 'web-1', uid: expect.any(String) }),
          },
        ],
        notReadyAddresses: [expect.objectContaining({ ip: '10.244.128.2' })],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('follows readiness, new pods and deleted pods', async () => {
    const p1 = await pod('web-1', { ip: '10.244.128.1' });
    await service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
    await h.manager.idle();
    expect(await sliceAddresses('web')).toEqual(['10.244.128.1 ready']);

    await setStatus(p1, '10.244.128.1', false);
    await pod('web-2', { ip: '10.244.128.2' });
    await h.manager.idle();
    expect(await sliceAddresses('web')).toEqual(['10.244.128.1 not-ready', '10.244.128.2 ready']);
    expect((await endpoints('web')).subsets).toEqual([
      expect.objectContaining({
        addresses: [expect.objectContaining({ ip: '10.244.128.2' })],
        notReadyAddresses: [expect.objectContaining({ ip: '10.244.128.1' })],
        ports: [{ port: 8080, protocol: 'TCP' }],
      }),
    ]);

    await h.client.delete(PODS, 'default', 'web-2');
    await h.manager.idle();
    expect((await slices('web')).flatMap((s) => s.endpoints).map((e) => e.conditions)).toEqual([
      { ready: false, serving: false, terminating: false },
      { ready: false, serving: true, terminating: true },
    ]);
    expect((await endpoints('web')).subsets).toEqual([
      expect.objectContaining({ notReadyAddresses: [expect.objectContaining({ ip: '10.244.128.1' })] }),
    ]);

    for (const name of ['web-1', 'web-2'])
      await h.client.delete(PODS, 'default', name, { gracePeriodSeconds: 0 });
    await h.manager.idle();
    const left = await slices('web');
    expect(left).toHaveLength(1);
    expect(left[0].endpoints ?? []).toEqual([]);
    expect((await endpoints('web')).subsets).toBeUndefined();
  });

  it('packs endpoints into slices of at most maxEndpointsPerSlice, without duplicates after a restart', async () => {
    for (let i = 1; i <= 5; i++) await pod(`web-${i}`, { ip: `10.244.128.${i}` });
    await service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    await h.manager.idle();
    expect((await slices('web')).map((s) => s.endpoints.length).sort()).toEqual([1, 2, 2]);
    const names = (await slices('web')).map((s) => s.metadata.name).sort();

    await h.restart();
    await h.manager.idle();
    expect((await slices('web')).map((s) => s.metadata.name).sort()).toEqual(names);
    expect((await sliceAddresses('web')).length).toBe(5);
  });

  it('leaves out pods without a named port; a Service that selects nothing gets empty endpoints', async () => {
    await pod('web-1', { ip: '10.244.128.1', ports: [{ name: 'http', containerPort: 8080 }] });
    await pod('web-2', { ip: '10.244.128.2' });
    await service('web', {
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    });
    await service('none', { selector: { app: 'nothing' }, ports: [{ port: 80 }] });
    await service('missing', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'grpc' }] });
    await h.manager.idle();

    const web = await slices('web');
    expect(web.map((s) => [s.ports, s.endpoints.map((e) => e.addresses[0])])).toEqual(
      expect.arrayContaining([
        [[{ name: 'http', port: 8080, protocol: 'TCP' }], ['10.244.128.1']],
        [[], ['10.244.128.2']],
      ]),
    );
    expect((await endpoints('web')).subsets).toEqual([
      expect.objectContaining({ addresses: [expect.objectContaining({ ip: '10.244.128.1' })] }),
    ]);
    const none = await slices('none');
    expect(none.map((s) => [s.ports, s.endpoints])).toEqual([[[], []]]);
    expect((await endpoints('none')).subsets).toBeUndefined();
    expect((await endpoints('missing')).subsets).toBeUndefined();
  });

  it('publishes not ready addresses when asked, and sets hostnames for the pods of a headless Service', async () => {
    await pod('db-0', {
      ip: '10.244.128.5',
      ready: false,
      labels: { app: 'db' },
      hostname: 'db-0',
      subdomain: 'db',
    });
    await service('db', { selector: { app: 'db' }, clusterIP: 'None', publishNotReadyAddresses: true });
    await h.manager.idle();
    const [slice] = await slices('db');
    expect(slice.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(slice.endpoints).toEqual([
      expect.objectContaining({
        hostname: 'db-0',
        conditions: { ready: true, serving: false, terminating: false },
      }),
    ]);
    expect((await endpoints('db')).subsets).toEqual([
      { addresses: [expect.objectContaining({ ip: '10.244.128.5', hostname: 'db-0' })] },
    ]);
  });

  it('leaves the endpoints of a Service without a selector alone, mirrors them as slices, and removes them with the Service', async () => {
    await service('ext', { ports: [{ name: 'http', port: 80 }] });
    const ext = await h.client.create<Endpoints>(ENDPOINTS, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'ext', namespace: 'default', labels: { team: 'a' } },
      subsets: [
        {
          addresses: [{ ip: '10.244.0.50' }],
          notReadyAddresses: [{ ip: '10.244.0.51' }],
          ports: [{ name: 'http', port: 8080 }],
        },
      ],
    });
    await h.manager.idle();
    expect((await endpoints('ext')).subsets).toEqual([
      {
        addresses: [{ ip: '10.244.0.50' }],
        notReadyAddresses: [{ ip: '10.244.0.51' }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    const [mirror, ...more] = await slices('ext');
    expect(more).toEqual([]);
    expect(mirror.metadata.labels).toEqual({
      team: 'a',
      'kubernetes.io/service-name': 'ext',
      'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
    });
    expect(mirror.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Endpoints', name: 'ext', uid: ext.metadata.uid, controller: true }),
    ]);
    expect(mirror.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(mirror.endpoints).toEqual([
      { addresses: ['10.244.0.50'], conditions: { ready: true } },
      { addresses: ['10.244.0.51'], conditions: { ready: false } },
    ]);

    await pod('web-1', { ip: '10.244.128.1' });
    await service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    await h.manager.idle();
    await h.client.delete(SERVICES, 'default', 'ext');
    await h.client.delete(SERVICES, 'default', 'web');
    await h.manager.idle();
    await expect(endpoints('ext')).rejects.toMatchObject({ code: 404 });
    await expect(endpoints('web')).rejects.toMatchObject({ code: 404 });
    expect(await slices('web')).toEqual([]);
    expect(await slices('ext')).toEqual([]);
  });
});
