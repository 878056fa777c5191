// Workload controller figures on a cluster of three real nodes, each beside its baseline from
// the same run:
// - pod deleted -> replacement created (the ReplicaSet's new pod seen on a watch), p50 / p99
//   over 30 deletions of a 3-replica Deployment, one at a time;
// - a rolling update of 10 pods (readiness probe, period 1 s; maxSurge and maxUnavailable 25%)
//   from the template change to the rollout complete, vs creating the same 10 pods directly
//   (create -> all Ready).
// Run: npm run build && node bench/workloads.mjs
// Bounded loops only; traffic to 127.0.0.1; the cluster and its state are removed at the end.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { kinds } from '../dist/api/kinds/index.js';
import { Client } from '../dist/client/client.js';
import { followWatch } from '../dist/client/reflector.js';
import { loadConnection } from '../dist/cluster/kubeconfig.js';
import { BUSYBOX_IMAGE } from '../dist/cluster/local-images.js';
import { pct } from './measure.mjs';

const BIN = new URL('../bin/run.js', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'minik8s-bench-'));
const env = { ...process.env, MINIK8S_HOME: home, KUBECONFIG: join(home, 'kubeconfig'), MINIK8S_TEST: '1' };
const cluster = `bw-${randomBytes(3).toString('hex')}`;
const cli = (...args) =>
  execFileSync(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
const [pods, deployments] = [kinds.find('pods'), kinds.find('deployments')];
const DELETIONS = 30;
const rows = [];
const row = (what, value, baseline = '') => {
  rows.push({ what, value, baseline });
  console.error(`${what}: ${value}${baseline ? `   (baseline ${baseline})` : ''}`);
};
const msf = (ms) => `${ms.toFixed(0)} ms`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const isReady = (p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
const live = (p) => !p.metadata.deletionTimestamp;

const podTemplate = (app, version) => ({
  metadata: { labels: { app } },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [
      {
        name: 'c',
        image: BUSYBOX_IMAGE,
        command: ['httpd', '-f', '-p', '8080'],
        env: [{ name: 'VERSION', value: version }],
        readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
      },
    ],
  },
});

const deployment = (name, replicas) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate(name, '1') },
});

async function until(what, fn, timeoutMs = 180_000) {
  for (const end = Date.now() + timeoutMs; ; ) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`${what}: not in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const livePods = async (client, app) =>
  (await client.list(pods, { namespace: 'default', labelSelector: `app=${app}` })).items.filter(live);

const rolledOut = (d) => {
  const st = d.status ?? {};
  const n = d.spec.replicas;
  return (
    st.observedGeneration >= d.metadata.generation &&
    st.updatedReplicas === n &&
    st.replicas === n &&
    st.availableReplicas === n
  );
};

/** Deletes a Running pod of `app` at a time; how long until the watch shows its replacement. */
async function replacements(client, app) {
  const seen = new Map();
  const stop = new AbortController();
  const list = await client.list(pods, { namespace: 'default', labelSelector: `app=${app}` });
  const watching = followWatch(
    (rv, onEvent) =>
      client.watch(pods, { namespace: 'default', labelSelector: `app=${app}`, resourceVersion: rv }, onEvent),
    list.metadata.resourceVersion,
    (ev) => {
      if (ev.type === 'ADDED' && !seen.has(ev.object.metadata.name))
        seen.set(ev.object.metadata.name, performance.now());
    },
    { signal: stop.signal },
  );
  const lat = [];
  try {
    for (let i = 0; i < DELETIONS; i++) {
      const [victim] = (await livePods(client, app)).filter((p) => p.status?.phase === 'Running');
      const before = new Set(seen.keys());
      const t0 = performance.now();
      await client.delete(pods, 'default', victim.metadata.name, { gracePeriodSeconds: 0 });
      await until('a replacement', () => [...seen.keys()].some((k) => !before.has(k)));
      const name = [...seen.keys()].find((k) => !before.has(k));
      lat.push(seen.get(name) - t0);
      await until(
        'the replacement Running',
        async () => (await client.get(pods, 'default', name)).status?.phase === 'Running',
      );
    }
  } finally {
    stop.abort();
    await watching;
  }
  return lat;
}

try {
  cli('up', '--name', cluster, '--nodes', '3');
  const client = new Client(
    loadConnection({ kubeconfig: env.KUBECONFIG, context: `minik8s-${cluster}` }).conn,
  );

  await client.create(deployments, deployment('react', 3));
  await until('react ready', async () => (await livePods(client, 'react')).filter(isReady).length === 3);
  const lat = await replacements(client, 'react');
  row(
    `pod deleted -> replacement created, p50 / p99 (${DELETIONS} deletions)`,
    `${msf(pct(lat, 50))} / ${msf(pct(lat, 99))}`,
  );
  await client.delete(deployments, 'default', 'react');
  await until('react gone', async () => (await livePods(client, 'react')).length === 0);

  await client.create(deployments, deployment('roll', 10));
  await until('roll ready', async () => rolledOut(await client.get(deployments, 'default', 'roll')));
  const r0 = performance.now();
  await client.patch(
    deployments,
    'default',
    'roll',
    { spec: { template: podTemplate('roll', '2') } },
    'strategic',
  );
  await until('roll rolled out', async () => rolledOut(await client.get(deployments, 'default', 'roll')));
  const rolling = performance.now() - r0;
  await client.delete(deployments, 'default', 'roll');
  await until('roll gone', async () => (await livePods(client, 'roll')).length === 0);

  const b0 = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, (_, i) => {
      const { metadata, spec } = podTemplate('direct', '1');
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...metadata, name: `direct-${i}`, namespace: 'default' },
        spec,
      };
      return client.create(pods, pod);
    }),
  );
  await until(
    'direct pods ready',
    async () => (await livePods(client, 'direct')).filter(isReady).length === 10,
  );
  const direct = performance.now() - b0;
  row(
    'rolling update of 10 pods (25% surge / unavailable), template change -> complete',
    s(rolling),
    `10 pods created directly -> all Ready: ${s(direct)}`,
  );
  client.close();
} finally {
  try {
    cli('down', '--name', cluster);
  } catch {}
  rmSync(home, { recursive: true, force: true });
}
console.log('\n| measure | minik8s | baseline |\n| --- | --- | --- |');
for (const r of rows) console.log(`| ${r.what} | ${r.value} | ${r.baseline} |`);
