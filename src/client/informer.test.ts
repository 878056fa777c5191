import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/helpers/wait.js';
import { CONFIGMAPS } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';
import { createCa, createServerCert } from '../cluster/certs.js';
import { type ControlPlane, startControlPlane } from '../server/control-plane.js';
import { openStore } from '../store/sqlite-store.js';
import { Client } from './client.js';
import { Informer } from './informer.js';

const cm = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels },
});

describe('informer over HTTPS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'minik8s-informer-'));
  let cp: ControlPlane | undefined;
  let informer: Informer | undefined;
  let client: Client | undefined;

  afterEach(async () => {
    await informer?.stop();
    client?.close();
    await cp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows changes, keeps indexes, and lists again after the control plane restarts with compacted history', async () => {
    const ca = await createCa('informer-test-ca');
    const cert = await createServerCert(ca, 'minik8s', ['127.0.0.1']);
    const token = randomBytes(16).toString('hex');
    const start = (port: number) =>
      startControlPlane({
        stateDir: dir,
        host: '127.0.0.1',
        port,
        tlsCert: cert.cert,
        tlsKey: cert.key,
        token,
        caCert: ca.cert,
      });
    cp = await start(0);
    const port = cp.port;
    client = new Client({ server: `https://127.0.0.1:${port}`, ca: ca.cert, token });
    await client.create(CONFIGMAPS, cm('a', { tier: 'web' }));

    const log: string[] = [];
    informer = new Informer(client, CONFIGMAPS, {
      namespace: 'default',
      // The cluster's own ConfigMaps (kube-root-ca.crt) are not this test's.
      labelSelector: 'tier',
      relistInitialMs: 50,
      relistMaxMs: 200,
    });
    informer.addIndex('tier', (o) => [o.metadata.labels?.tier ?? '']);
    informer.addHandler({
      add: (o) => log.push(`add ${o.metadata.name}`),
      update: (_old, o) => log.push(`update ${o.metadata.name}`),
      delete: (o) => log.push(`delete ${o.metadata.name}`),
    });
    informer.start();
    await informer.whenSynced();
    await client.create(CONFIGMAPS, cm('b', { tier: 'db' }));
    await client.patch(CONFIGMAPS, 'default', 'a', { metadata: { labels: { tier: 'db' } } });
    await waitFor('both changes seen', () => informer!.byIndex('tier', 'db').length === 2, 10_000);
    expect(informer.byIndex('tier', 'web')).toEqual([]);

    // While the control plane is down, b goes and its history is compacted away: the informer's
    // watch cannot resume from where it was (410), so it must list again and notice b is gone.
    await cp.close();
    const store = openStore(join(dir, 'state.db'), { autoCompact: false });
    await store.delete({ group: '', resource: 'configmaps' }, 'default', 'b');
    await store.compact(await store.revision());
    await store.close();
    cp = await start(port);

    await waitFor('b deleted after the relist', () => log.includes('delete b'), 15_000);
    expect(informer.get('default', 'b')).toBeUndefined();
    expect(informer.get('default', 'a')?.metadata.labels).toEqual({ tier: 'db' });
    expect(log.slice(0, 3)).toEqual(['add a', 'add b', 'update a']);
  });
});
