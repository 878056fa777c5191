import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pod, pods } from '../../test/helpers/store-contract.js';
import { type LocalEtcd, startLocalEtcd } from './local-etcd.js';
import { deleteClusterObjects, openStoreFromEndpoint, parseEtcdEndpoint } from './open-store.js';
import type { Store } from './types.js';

describe('parseEtcdEndpoint', () => {
  it.each([
    ['etcd://127.0.0.1:2379', ['http://127.0.0.1:2379'], ''],
    ['etcd://a:2379,b:2379,c:2379/minik8s', ['http://a:2379', 'http://b:2379', 'http://c:2379'], '/minik8s'],
    ['http://a:2379', ['http://a:2379'], ''],
    ['https://a:2379,https://b:2379/x/y/', ['https://a:2379', 'https://b:2379'], '/x/y'],
    ['https://a:2379,b:2379', ['https://a:2379', 'https://b:2379'], ''],
  ])('reads %s', (endpoint, endpoints, prefix) => {
    expect(parseEtcdEndpoint(endpoint)).toEqual({ endpoints, prefix });
  });

  it.each(['mysql://root@tcp(127.0.0.1:3306)/k3s', 'etcd://', 'a:2379', 'etcd://a:2379/p,b:2379/q'])(
    'refuses %s',
    (endpoint) => {
      expect(() => parseEtcdEndpoint(endpoint)).toThrow();
    },
  );
});

describe('openStoreFromEndpoint', () => {
  let etcd: LocalEtcd;
  let dir: string;
  let store: Store | undefined;

  beforeAll(async () => {
    etcd = await startLocalEtcd();
  });

  afterAll(async () => {
    await etcd?.stop();
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'minik8s-store-'));
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([undefined, 'sqlite://'])('keeps the state in <state dir>/state.db for %s', async (endpoint) => {
    store = await openStoreFromEndpoint(endpoint, dir, { autoCompact: false });
    await store.create(pods, pod('default', 'a'));
    expect(existsSync(join(dir, 'state.db'))).toBe(true);
  });

  it('opens another SQLite file when given one', async () => {
    store = await openStoreFromEndpoint(`sqlite://${join(dir, 'other.db')}?cache=shared`, dir);
    await store.create(pods, pod('default', 'a'));
    expect(existsSync(join(dir, 'other.db'))).toBe(true);
    expect(existsSync(join(dir, 'state.db'))).toBe(false);
  });

  it('opens etcd under the prefix of the endpoint', async () => {
    const endpoint = `etcd://${new URL(etcd.endpoint).host}/open-test`;
    store = await openStoreFromEndpoint(endpoint, dir);
    await store.create(pods, pod('default', 'a'));
    const again = await openStoreFromEndpoint(endpoint, dir);
    const elsewhere = await openStoreFromEndpoint(`${etcd.endpoint}/elsewhere`, dir);
    try {
      expect((await again.list(pods)).items.map((o) => o.metadata.name)).toEqual(['a']);
      expect((await elsewhere.list(pods)).items).toEqual([]);
    } finally {
      await again.close();
      await elsewhere.close();
    }
    expect(existsSync(join(dir, 'state.db'))).toBe(false);
  });

  it('keeps each cluster under /minik8s/<name> when the endpoint names no prefix', async () => {
    const raw = new Etcd3({ hosts: etcd.endpoint });
    store = await openStoreFromEndpoint(etcd.endpoint, dir, { cluster: 'one' });
    const other = await openStoreFromEndpoint(etcd.endpoint, dir, { cluster: 'other' });
    try {
      await store.create(pods, pod('default', 'a'));
      expect((await other.list(pods)).items).toEqual([]);
      expect(await raw.getAll().prefix('/minik8s/').keys()).toEqual([
        '/minik8s/one/registry/core/pods/default/a',
      ]);
    } finally {
      await other.close();
      raw.close();
    }
    await expect(openStoreFromEndpoint(etcd.endpoint, dir)).rejects.toThrow(/needs the name of its cluster/);
  });

  it("deletes one cluster's objects and no other's", async () => {
    const names = ['gone', 'gone2', 'kept'];
    for (const cluster of names) {
      const s = await openStoreFromEndpoint(etcd.endpoint, dir, { cluster });
      await s.create(pods, pod('default', 'a'));
      await s.close();
    }
    await deleteClusterObjects(etcd.endpoint, 'gone');
    await deleteClusterObjects(undefined, 'kept');
    for (const cluster of names) {
      store = await openStoreFromEndpoint(etcd.endpoint, dir, { cluster });
      expect((await store.list(pods)).items, cluster).toHaveLength(cluster === 'gone' ? 0 : 1);
      await store.close();
    }
    store = undefined;
  });

  it('says so when no etcd answers', async () => {
    const stopped = await startLocalEtcd();
    await stopped.stop();
    await expect(openStoreFromEndpoint(stopped.endpoint, dir, { cluster: 'c' })).rejects.toThrow(
      /does not answer/,
    );
  });
});
