import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../test/helpers/failure.js';
import { openStore } from '../store/sqlite-store.js';
import { type Store, StoreError } from '../store/types.js';
import { bootstrap } from './bootstrap.js';
import { CONFIGMAPS, NAMESPACES, PODS, SERVICES } from './kinds/index.js';
import type { Pod, ServiceSpec } from './kinds/types.generated.js';
import { ResourceService } from './service.js';

const pod = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
});

describe('the resource service', () => {
  let dir: string;
  let store: Store;
  let svc: ResourceService;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minik8s-service-'));
    store = openStore(join(dir, 'state.db'));
    svc = new ResourceService(store);
    await bootstrap(svc);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets unconditional updates and deletes through while other writes race them, but not a stale resourceVersion', async () => {
    const cm = (name: string, data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
      data,
    });
    for (let i = 0; i < 10; i++) {
      await svc.create(CONFIGMAPS, 'default', cm(`c${i}`, {}));
      // A patch, a PUT without resourceVersion and a DELETE at once: each reads, then another
      // writes before it does. Only the delete winning may stop the others (404), never a 409.
      const results = await Promise.allSettled([
        svc.patch(CONFIGMAPS, 'default', `c${i}`, 'application/merge-patch+json', { data: { n: '1' } }),
        svc.update(CONFIGMAPS, 'default', `c${i}`, cm(`c${i}`, { by: 'put' })),
        svc.delete(CONFIGMAPS, 'default', `c${i}`),
      ]);
      const codes = results.map((r) =>
        r.status === 'rejected' ? (r.reason as { code?: number }).code : 200,
      );
      expect(codes.every((c) => c === 200 || c === 404)).toBe(true);
      expect(codes[2]).toBe(200);
    }
    const current = await svc.create(CONFIGMAPS, 'default', cm('stale', {}));
    await svc.patch(CONFIGMAPS, 'default', 'stale', 'application/merge-patch+json', { data: { n: '2' } });
    const stale = await failure(svc.update(CONFIGMAPS, 'default', 'stale', { ...current, data: {} }));
    expect(stale.code).toBe(409);
  });

  it('gives concurrent Service creates distinct cluster IPs and node ports', async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        svc.create(SERVICES, 'default', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: `s${i}` },
          spec: { type: 'NodePort', ports: [{ port: 80 }] },
        }),
      ),
    );
    const specs = created.map((s) => s.spec as ServiceSpec);
    expect(new Set(specs.map((s) => s.clusterIP)).size).toBe(20);
    expect(new Set(specs.map((s) => s.ports![0].nodePort)).size).toBe(20);
  });

  it('sets a new pod Pending with its QoS class on parsed quantities, and default tolerations', async () => {
    const created = (await svc.create(
      PODS,
      'default',
      pod('qos', {
        containers: [
          {
            name: 'c',
            image: 'busybox',
            resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } },
          },
        ],
      }),
    )) as Pod;
    expect(created.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
    expect(created.spec?.tolerations?.map((t) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
    ]);
  });

  it('binds a pod through validation, once', async () => {
    await svc.create(PODS, 'default', pod('p'));
    const missing = await failure(svc.bind('default', 'p', { target: { kind: 'Node' } }));
    expect(missing.status).toMatchObject({ code: 422, details: { causes: [{ field: 'target.name' }] } });
    const invalid = await failure(svc.bind('default', 'p', { target: { name: 'Bad_Node' } }));
    expect(invalid.status).toMatchObject({ code: 422, details: { causes: [{ field: 'spec.nodeName' }] } });
    const bound = (await svc.bind('default', 'p', { target: { name: 'n1' } })) as Pod;
    expect(bound.spec?.nodeName).toBe('n1');
    expect(bound.status?.conditions).toEqual([
      expect.objectContaining({ type: 'PodScheduled', status: 'True', lastProbeTime: null }),
    ]);
    const again = await failure(svc.bind('default', 'p', { target: { name: 'n2' } }));
    expect(again.status).toMatchObject({
      code: 409,
      message: 'Operation cannot be fulfilled on pods "p": pod p is already assigned to node "n1"',
    });
  });

  it('retries a binding another write overtook, and answers store failures with a Status', async () => {
    await svc.create(PODS, 'default', pod('raced'));
    let failures = 1;
    const update = store.update.bind(store);
    store.update = (async (...args: Parameters<Store['update']>) => {
      if (failures-- > 0) throw new StoreError('Conflict', 'revision changed');
      return update(...args);
    }) as Store['update'];
    expect(((await svc.bind('default', 'raced', { target: { name: 'n1' } })) as Pod).spec?.nodeName).toBe(
      'n1',
    );
    store.list = async () => {
      throw new StoreError('BadSelector', 'unable to parse requirement');
    };
    expect((await failure(svc.list(PODS, {}))).status).toMatchObject({
      code: 400,
      message: 'unable to parse requirement',
    });
  });

  it('finalizes a namespace through its spec finalizers: a terminating one is then gone', async () => {
    await svc.create(NAMESPACES, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'fin' },
    });
    await svc.delete(NAMESPACES, undefined, 'fin');
    const terminating = await svc.get(NAMESPACES, undefined, 'fin');
    expect(terminating.status).toEqual({ phase: 'Terminating' });
    const mismatch = await failure(
      svc.finalize('fin', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }),
    );
    expect(mismatch.code).toBe(400);
    await svc.finalize('fin', { ...terminating, spec: { finalizers: [] } });
    expect((await failure(svc.get(NAMESPACES, undefined, 'fin'))).code).toBe(404);
  });

  it('refuses new content in a missing or terminating namespace, and keeps the system namespaces', async () => {
    expect((await failure(svc.create(PODS, 'nowhere', pod('p')))).status.message).toBe(
      'namespaces "nowhere" not found',
    );
    const kept = await failure(svc.delete(NAMESPACES, undefined, 'kube-system'));
    expect(kept.status).toMatchObject({
      code: 403,
      message: 'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    });
  });
});
