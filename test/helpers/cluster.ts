import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import type { Connection } from '../../src/client/client.js';
import { startLocalEtcd } from '../../src/store/local-etcd.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/run.js');

/** A cluster of the built CLI in its own MINIK8S_HOME and KUBECONFIG, for one test file. */
export interface TestCluster {
  name: string;
  home: string;
  kubeconfig: string;
  env: NodeJS.ProcessEnv;
  conn: Connection;
  minik8s(
    args: string[],
    opts?: { input?: string; reject?: boolean; env?: NodeJS.ProcessEnv },
  ): ReturnType<typeof execa>;
  kubectl(
    args: string[],
    opts?: { input?: string; reject?: boolean; env?: NodeJS.ProcessEnv },
  ): ReturnType<typeof execa>;
  down(): Promise<void>;
}

export interface TestClusterOptions {
  nodes?: number;
  /** `etcd`: the cluster keeps its objects in an etcd of its own, started for it. */
  datastore?: 'sqlite' | 'etcd';
  /** Extra lines of the cluster config file (`up --config`), e.g. controllerManager durations. */
  config?: string;
}

export async function startTestCluster(opts: TestClusterOptions = {}): Promise<TestCluster> {
  const name = `t-${randomBytes(4).toString('hex')}`;
  const home = mkdtempSync(join(tmpdir(), 'minik8s-test-'));
  const kubeconfig = join(home, 'kubeconfig');
  const env = {
    ...process.env,
    MINIK8S_HOME: home,
    KUBECONFIG: kubeconfig,
    // kubectl's discovery and OpenAPI caches are per server address: a cluster of an earlier test on
    // the same port must not answer for this one.
    KUBECACHEDIR: join(home, 'kube-cache'),
    MINIK8S_TEST: '1',
    NO_COLOR: '1',
  };
  const minik8s = (args: string[], o: { input?: string; reject?: boolean; env?: NodeJS.ProcessEnv } = {}) =>
    execa(process.execPath, [BIN, ...args], {
      env: { ...env, ...o.env },
      input: o.input,
      reject: o.reject ?? true,
      all: true,
    });
  const kubectl = (args: string[], o: { input?: string; reject?: boolean; env?: NodeJS.ProcessEnv } = {}) =>
    execa('kubectl', args, {
      env: { ...env, ...o.env },
      input: o.input,
      reject: o.reject ?? true,
      all: true,
    });
  const etcd = opts.datastore === 'etcd' ? await startLocalEtcd() : undefined;
  const configFile = join(home, 'cluster.yaml');
  // Test clusters leave the host's 80 and 443 alone, and rarely share ingress ports with one another.
  const ingressPort = 20_000 + 2 * randomInt(10_000);
  const ports = /ingressHttps?Port/.test(opts.config ?? '')
    ? ''
    : `ingressHttpPort: ${ingressPort}\ningressHttpsPort: ${ingressPort + 1}\n`;
  writeFileSync(configFile, `apiVersion: minik8s.dev/v1alpha1\nkind: Cluster\n${ports}${opts.config ?? ''}`);
  const datastore = etcd ? ['--datastore-endpoint', etcd.endpoint] : [];
  await minik8s([
    'up',
    '--name',
    name,
    '--nodes',
    String(opts.nodes ?? 0),
    '--config',
    configFile,
    ...datastore,
  ]);
  const cfg = parse(readFileSync(kubeconfig, 'utf8'));
  const cluster = cfg.clusters.find((c: { name: string }) => c.name === `minik8s-${name}`).cluster;
  const user = cfg.users.find((u: { name: string }) => u.name === `minik8s-${name}`).user;
  const conn: Connection = {
    server: cluster.server,
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'),
    token: user.token,
  };
  return {
    name,
    home,
    kubeconfig,
    env,
    conn,
    minik8s,
    kubectl,
    down: async () => {
      await minik8s(['down', '--name', name], { reject: false });
      await etcd?.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
