import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { waitFor } from './helpers/wait.js';

describe('@kubernetes/client-node against minik8s', () => {
  let c: TestCluster;
  let kc: KubeConfig;
  let core: CoreV1Api;
  beforeAll(async () => {
    c = await startTestCluster();
    kc = new KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await c?.down();
  });

  it('creates, lists, patches and watches config maps', async () => {
    const events: { type: string; name: string; data?: Record<string, string> }[] = [];
    const watch = new Watch(kc);
    const req = await watch.watch(
      '/api/v1/namespaces/default/configmaps',
      { allowWatchBookmarks: true },
      (type, obj) => events.push({ type, name: obj.metadata?.name, data: obj.data }),
      () => undefined,
    );
    try {
      const created = await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'settings', labels: { app: 'demo' } }, data: { mode: 'fast' } },
      });
      expect(created.metadata?.uid).toBeTruthy();

      const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=demo' });
      expect(list.items.map((i) => i.metadata?.name)).toEqual(['settings']);

      const patched = await core.patchNamespacedConfigMap(
        { namespace: 'default', name: 'settings', body: { data: { mode: 'slow' } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(patched.data).toEqual({ mode: 'slow' });

      await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'settings' });
      await waitFor('three events', () => events.filter((e) => e.name === 'settings').length >= 3, 10_000);
    } finally {
      req.abort();
    }
    expect(events.filter((e) => e.name === 'settings')).toEqual([
      { type: 'ADDED', name: 'settings', data: { mode: 'fast' } },
      { type: 'MODIFIED', name: 'settings', data: { mode: 'slow' } },
      { type: 'DELETED', name: 'settings', data: { mode: 'slow' } },
    ]);
  });

  it('reports a conflict on a stale update', async () => {
    const cm = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'stale' }, data: { a: '1' } },
    });
    await core.replaceNamespacedConfigMap({
      namespace: 'default',
      name: 'stale',
      body: { ...cm, data: { a: '2' } },
    });
    await expect(
      core.replaceNamespacedConfigMap({
        namespace: 'default',
        name: 'stale',
        body: { ...cm, data: { a: '3' } },
      }),
    ).rejects.toMatchObject({ code: 409 });
  });
});
