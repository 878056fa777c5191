import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  clusterKubeconfig,
  kubeconfigPaths,
  loadConnection,
  mergeKubeconfig,
  readKubeconfig,
  removeFromKubeconfig,
} from './kubeconfig.js';

const conn = {
  server: 'https://127.0.0.1:6443',
  ca: '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n',
  token: 'tok',
};

const other = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'prod', cluster: { server: 'https://prod:443', 'certificate-authority-data': 'QUJD' } }],
  users: [{ name: 'admin', user: { token: 'prod-token' } }],
  contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'admin', namespace: 'apps' } }],
  'current-context': 'prod',
  preferences: { colors: true },
};

describe('kubeconfig', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-kubeconfig-'));
    file = path.join(dir, 'config');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file with the cluster context current when none exists', () => {
    mergeKubeconfig(file, clusterKubeconfig('dev', conn));
    const cfg = readKubeconfig(file);
    expect(cfg['current-context']).toBe('minik8s-dev');
    expect(cfg.contexts).toEqual([
      { name: 'minik8s-dev', context: { cluster: 'minik8s-dev', user: 'minik8s-dev' } },
    ]);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(loadConnection({ kubeconfig: file })).toEqual({
      context: 'minik8s-dev',
      namespace: 'default',
      conn,
    });
  });

  it('merges beside other entries, keeps them untouched, and removes only its own on down', () => {
    fs.writeFileSync(file, YAML.stringify(other));
    mergeKubeconfig(file, clusterKubeconfig('dev', conn));
    mergeKubeconfig(file, clusterKubeconfig('dev', { ...conn, token: 'tok2' }));
    let cfg = readKubeconfig(file);
    expect(cfg.clusters.map((c) => c.name)).toEqual(['prod', 'minik8s-dev']);
    expect(cfg.users.find((u) => u.name === 'minik8s-dev')?.user).toEqual({ token: 'tok2' });
    expect(cfg['current-context']).toBe('minik8s-dev');
    expect(cfg.preferences).toEqual({ colors: true });

    removeFromKubeconfig(file, 'dev');
    cfg = readKubeconfig(file);
    expect(cfg.clusters).toEqual(other.clusters);
    expect(cfg.users).toEqual(other.users);
    expect(cfg.contexts).toEqual(other.contexts);
    expect(cfg['current-context']).toBe('');
  });

  it('keeps current-context when another cluster is removed', () => {
    fs.writeFileSync(file, YAML.stringify(other));
    removeFromKubeconfig(file, 'dev');
    expect(readKubeconfig(file)['current-context']).toBe('prod');
  });

  it('loads a named context with its namespace, first file of $KUBECONFIG winning', () => {
    const second = path.join(dir, 'second');
    fs.writeFileSync(second, YAML.stringify(other));
    mergeKubeconfig(file, clusterKubeconfig('dev', conn));
    const env = { KUBECONFIG: [file, second].join(path.delimiter) };
    expect(kubeconfigPaths(env)).toEqual([file, second]);
    expect(loadConnection({ env }).context).toBe('minik8s-dev');
    const prod = loadConnection({ env, context: 'prod' });
    expect(prod).toEqual({
      context: 'prod',
      namespace: 'apps',
      conn: { server: 'https://prod:443', ca: 'ABC', token: 'prod-token' },
    });
    expect(() => loadConnection({ env, context: 'nosuch' })).toThrow('context "nosuch" does not exist');
  });
});
