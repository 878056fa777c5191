import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clusterKubeconfigYaml, down, status, up } from './lifecycle.js';

describe('cluster lifecycle without a running control plane', () => {
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
