// Workload controller figures on a cluster of three real nodes, each beside its baseline from
// the same run:
// - pod deleted -> replacement created (the ReplicaSet's new pod seen on a watch), p50 / p99
//   over 30 deletions of a 3-replica Deployment, one at a time;
// - a rolling update of 10 pods (readiness probe, period 1 s; maxSurge and maxUnavailable 25%)
//   from the template change to the rollout complete, vs creating the same 10 pods directly
//   (create -> all Ready);
// - node killed -> its pods Running elsewhere, p50 / p99 over the pods of a 12-replica Deployment
//   on the killed node, with a short configured grace (8 s) and the pods' tolerationSeconds 5: the
//   baseline is that configured floor (grace + toleration), the rest is minik8s' reaction.
// Run: npm run build && node bench/workloads.mjs
// Bounded loops only; traffic to 127.0.0.1; the cluster and its state are removed at the end.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { kinds } from '../dist/api/kinds/index.js';
import { followWatch } from '../dist/client/reflector.js';
import { BUSYBOX_IMAGE } from '../dist/cluster/local-images.js';
import { benchCluster } from './cluster.mjs';
import { pct, report } from './measure.mjs';

const cluster = benchCluster();
const [pods, deployments] = [kinds.find('pods'), kinds.find('deployments')];
const DELETIONS = 30;
const { row, print } = report();
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

const GRACE_S = 8;
const TOLERATION_S = 5;
const CONFIG = `apiVersion: minik8s.dev/v1alpha1
kind: Cluster
controllerManager: {nodeMonitorGracePeriod: ${GRACE_S}s, nodeMonitorPeriod: 1s}
kubelet: {nodeLeaseRenewInterval: 1s}
`;

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

/** Kills a node holding pods of `app`; for each of them, how long until a replacement runs elsewhere. */
async function nodeKilled(client, app) {
  const placed = (await livePods(client, app)).filter(isReady);
  const victimNode = placed.find((p) => !p.spec.nodeName.endsWith('-control-plane')).spec.nodeName;
  const lost = placed.filter((p) => p.spec.nodeName === victimNode).length;
  const before = new Set(placed.map((p) => p.metadata.name));
  const t0 = performance.now();
  execFileSync('docker', ['kill', victimNode], { stdio: 'ignore' });
  const readyAt = new Map();
  await until(
    'replacements Running elsewhere',
    async () => {
      for (const p of await livePods(client, app))
        if (!before.has(p.metadata.name) && isReady(p) && !readyAt.has(p.metadata.name))
          readyAt.set(p.metadata.name, performance.now() - t0);
      return readyAt.size >= lost;
    },
    120_000,
  );
  return { lost, lat: [...readyAt.values()] };
}

try {
  const config = join(cluster.home, 'cluster.yaml');
  writeFileSync(config, CONFIG);
  cluster.up('--nodes', '3', '--config', config);
  const client = cluster.client();

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

  const tolerant = deployment('tough', 12);
  tolerant.spec.template.spec.tolerations = ['unreachable', 'not-ready'].map((key) => ({
    key: `node.kubernetes.io/${key}`,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: TOLERATION_S,
  }));
  await client.create(deployments, tolerant);
  await until('tough ready', async () => rolledOut(await client.get(deployments, 'default', 'tough')));
  const killed = await nodeKilled(client, 'tough');
  row(
    `node killed -> its ${killed.lost} pods Ready elsewhere, p50 / p99`,
    `${s(pct(killed.lat, 50))} / ${s(pct(killed.lat, 99))}`,
    `configured floor: grace ${GRACE_S} s + toleration ${TOLERATION_S} s = ${GRACE_S + TOLERATION_S} s`,
  );
  client.close();
} finally {
  cluster.down();
}
print();
