import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalEtcd, startLocalEtcd } from '../store/local-etcd.js';
import { openStoreFromEndpoint } from '../store/open-store.js';
import { writeClusterInfo } from './cluster-info.js';
import { clusterKubeconfigYaml, down, status, up } from './lifecycle.js';

let home: string;
const saved = process.env.MINIK8S_HOME;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-lifecycle-'));
  process.env.MINIK8S_HOME = home;
});
afterEach(() => {
  process.env.MINIK8S_HOME = saved;
  fs.rmSync(home, { recursive: true, force: true });
});

describe('cluster lifecycle without a running control plane', () => {
  it('rejects bad names before creating anything', async () => {
    await expect(up('Bad_Name')).rejects.toThrow('invalid cluster name "Bad_Name"');
    expect(fs.readdirSync(home)).toEqual([]);
  });

  it('checks a datastore endpoint before creating anything', async () => {
    await expect(up('typo', { datastoreEndpoint: 'mysql://db:3306' })).rejects.toThrow(
      'unsupported datastore endpoint "mysql://db:3306"',
    );
    expect(fs.readdirSync(home)).toEqual([]);
  });

  it('lists no clusters, and down of a missing cluster says it did not exist', async () => {
    expect(await status()).toEqual([]);
    expect(await status('nosuch')).toEqual([]);
    expect(await down('nosuch', { kubeconfigPath: path.join(home, 'kubeconfig') })).toBe(false);
    expect(() => clusterKubeconfigYaml('nosuch')).toThrow('no cluster "nosuch"');
  });
});

describe('down of a cluster kept in etcd', () => {
  let etcd: LocalEtcd;
  beforeAll(async () => {
    etcd = await startLocalEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  const nodes = { group: '', resource: 'nodes' };
  const nodeNames = async (cluster: string) => {
    const store = await openStoreFromEndpoint(etcd.endpoint, home, { cluster });
    try {
      return (await store.list(nodes)).items.map((n) => n.metadata.name);
    } finally {
      await store.close();
    }
  };

  it("deletes the cluster's objects, so that a cluster of the same name starts empty", async () => {
    for (const cluster of ['dev', 'other']) {
      writeClusterInfo({
        name: cluster,
        port: 0,
        token: 't',
        created: '',
        nodes: 0,
        datastoreEndpoint: etcd.endpoint,
      });
      const store = await openStoreFromEndpoint(etcd.endpoint, home, { cluster });
      await store.create(nodes, {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: `${cluster}-control-plane` },
      });
      await store.close();
    }
    expect(await down('dev', { kubeconfigPath: path.join(home, 'kubeconfig') })).toBe(true);
    expect(await nodeNames('dev')).toEqual([]);
    expect(await nodeNames('other')).toEqual(['other-control-plane']);
    expect(fs.existsSync(path.join(home, 'dev'))).toBe(false);
  });
});
