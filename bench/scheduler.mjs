// Scheduler figures on hollow nodes, each beside its baseline from the same run:
// - 5,000 pods on 100 hollow nodes: time until all are bound and Running, vs the same pods
//   created already bound (spec.nodeName set: no scheduler work);
// - one Deployment of 5,000 replicas: time until all its pods are Running (the scenario);
// - scheduling throughput with a backlog: 5,000 pods created while every node is cordoned, then
//   the nodes uncordoned: pods bound per second, beside the rate the API creates pods at;
// - control-plane RSS at that scale.
// Run: npm run build && node bench/scheduler.mjs [pods] [nodes] [no-token]
// Traffic goes only to 127.0.0.1; every loop is bounded in count and time; the cluster is removed at the end.
import { performance } from 'node:perf_hooks';
import { DEPLOYMENTS, NAMESPACES, NODES, PODS } from '../dist/api/kinds/index.js';
import { benchCluster } from './cluster.mjs';
import { report, rssMb, timed } from './measure.mjs';

const PODS_N = Number(process.argv[2] ?? 5000);
const NODES_N = Number(process.argv[3] ?? 100);
// `no-token`: pods without a service-account token, so hollow agents ask the API for none (a
// token request and the CA ConfigMap per pod otherwise, as a kubelet does).
const NO_TOKEN = process.argv[4] === 'no-token';
const CLIENTS = 20;
const DEADLINE_MS = 300_000;

const cluster = benchCluster();
const { row, print } = report();
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

const podOf = (namespace, name, nodeName) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: { app: 'bench' } },
  spec: {
    ...(nodeName ? { nodeName } : {}),
    ...(NO_TOKEN ? { automountServiceAccountToken: false } : {}),
    terminationGracePeriodSeconds: 0,
    containers: [
      {
        name: 'c',
        image: 'minik8s/busybox:latest',
        imagePullPolicy: 'IfNotPresent',
        resources: { requests: { cpu: '10m', memory: '16Mi' } },
      },
    ],
  },
});

/** Follows the namespace's pods: when each was first seen bound, first seen Running, first seen refused. */
function follow(client, namespace) {
  const seen = { bound: new Map(), running: new Map(), refused: new Map() };
  const first = (m, name) => m.has(name) || m.set(name, performance.now());
  const handle = client.watch(PODS, { namespace }, (ev) => {
    const p = ev.object;
    if (ev.type === 'DELETED' || !p?.metadata) return;
    if (p.spec?.nodeName) first(seen.bound, p.metadata.name);
    if (p.status?.phase === 'Running') first(seen.running, p.metadata.name);
    if (p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False'))
      first(seen.refused, p.metadata.name);
  });
  return { ...seen, stop: () => handle.stop() };
}

async function until(what, done, rss) {
  const end = Date.now() + DEADLINE_MS;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    rss.peak = Math.max(rss.peak, rssMb(rss.pid));
    await new Promise((r) => setTimeout(r, 100));
  }
}

const nodeNames = () =>
  Array.from({ length: NODES_N }, (_, i) => `${cluster.name}-hollow-${String(i + 1).padStart(4, '0')}`);
const lastOf = (m, t0) => Math.max(...m.values()) - t0;

/** Makes the namespace and follows its pods; then creates the pods (bound round-robin when `bind`). */
async function createPods(client, namespace, bind) {
  await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const f = follow(client, namespace);
  await new Promise((r) => setTimeout(r, 500));
  const nodes = nodeNames();
  const t0 = performance.now();
  const created = await timed(CLIENTS, PODS_N, (i) =>
    client.create(PODS, podOf(namespace, `p-${i}`, bind ? nodes[i % NODES_N] : undefined)),
  );
  return { f, t0, createSecs: created.secs };
}

async function deletePods(client, namespace, rss) {
  await timed(CLIENTS, PODS_N, (i) => client.delete(PODS, namespace, `p-${i}`));
  const left = async () => (await client.list(PODS, { namespace, limit: 1 })).items.length;
  await until(`${namespace}: all gone`, async () => (await left()) === 0, rss);
}

/** Pods created (bound round-robin when `bind`), timed until all are Running. */
async function run(client, namespace, bind, rss) {
  const { f, t0, createSecs } = await createPods(client, namespace, bind);
  await until(`${namespace}: all bound`, () => f.bound.size >= PODS_N, rss);
  await until(`${namespace}: all Running`, () => f.running.size >= PODS_N, rss);
  f.stop();
  return { createSecs, boundMs: lastOf(f.bound, t0), runningMs: lastOf(f.running, t0) };
}

/** One Deployment of PODS_N replicas of the same pod: created, timed until all its pods are Running, deleted. */
async function deployment(client, namespace, rss) {
  await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const f = follow(client, namespace);
  await new Promise((r) => setTimeout(r, 500));
  const { metadata, spec } = podOf(namespace, 'unused');
  const t0 = performance.now();
  await client.create(DEPLOYMENTS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench', namespace },
    spec: {
      replicas: PODS_N,
      selector: { matchLabels: metadata.labels },
      template: { metadata: { labels: metadata.labels }, spec },
    },
  });
  await until(`${namespace}: all Running`, () => f.running.size >= PODS_N, rss);
  f.stop();
  const out = { boundMs: lastOf(f.bound, t0), runningMs: lastOf(f.running, t0) };
  await client.delete(DEPLOYMENTS, namespace, 'bench');
  const left = async () => (await client.list(PODS, { namespace, limit: 1 })).items.length;
  await until(`${namespace}: all gone`, async () => (await left()) === 0, rss);
  return out;
}

/** Pods created while every node is cordoned; then the nodes are uncordoned and the binding timed. */
async function backlog(client, namespace, rss) {
  const cordon = (unschedulable) =>
    timed(CLIENTS, NODES_N, (i) =>
      client.patch(NODES, undefined, nodeNames()[i], { spec: { unschedulable } }),
    );
  await cordon(true);
  const { f } = await createPods(client, namespace, false);
  await until(`${namespace}: every pod tried`, () => f.refused.size >= PODS_N, rss);
  const t0 = performance.now();
  await cordon(false);
  await until(`${namespace}: all bound`, () => f.bound.size >= PODS_N, rss);
  f.stop();
  return { boundMs: lastOf(f.bound, t0) };
}

try {
  const up = performance.now();
  cluster.up('--nodes', '0', '--hollow-nodes', String(NODES_N));
  row(`up --nodes 0 --hollow-nodes ${NODES_N} (to all Ready)`, s(performance.now() - up));
  const client = cluster.client();
  const rss = { pid: cluster.pid(), peak: 0 };
  rss.peak = rssMb(rss.pid);
  row(`control-plane RSS with ${NODES_N} hollow nodes, no pods`, `${rss.peak.toFixed(0)} MB`);

  const base = await run(client, 'bench-bound', true, rss);
  await deletePods(client, 'bench-bound', rss);
  rss.peak = 0;
  const sched = await run(client, 'bench-sched', false, rss);
  const schedRss = rss.peak;
  await deletePods(client, 'bench-sched', rss);
  rss.peak = 0;
  const deploy = await deployment(client, 'bench-deploy', rss);
  const deployRss = rss.peak;
  const queued = await backlog(client, 'bench-backlog', rss);
  row(
    `${PODS_N} pods created by ${CLIENTS} clients: create throughput`,
    `${(PODS_N / sched.createSecs).toFixed(0)} pods/s`,
    `${(PODS_N / base.createSecs).toFixed(0)} pods/s created bound`,
  );
  row(
    `${PODS_N} pods on ${NODES_N} hollow nodes: last bound / all Running (from the first create)`,
    `${s(sched.boundMs)} / ${s(sched.runningMs)}`,
    `created bound: ${s(base.boundMs)} / ${s(base.runningMs)}`,
  );
  row(
    `one Deployment of ${PODS_N} replicas on ${NODES_N} hollow nodes: last bound / all Running (from its create)`,
    `${s(deploy.boundMs)} / ${s(deploy.runningMs)} (RSS peak ${deployRss.toFixed(0)} MB)`,
    `${PODS_N} pods created bound by ${CLIENTS} clients: ${s(base.runningMs)} to all Running`,
  );
  row(
    `scheduling throughput, ${PODS_N} pending pods when the nodes are uncordoned`,
    `${(PODS_N / (queued.boundMs / 1000)).toFixed(0)} pods/s (all bound in ${s(queued.boundMs)})`,
    `API create rate ${(PODS_N / sched.createSecs).toFixed(0)} pods/s`,
  );
  row(
    `control-plane RSS peak, ${PODS_N} pods being scheduled on ${NODES_N} hollow nodes`,
    `${schedRss.toFixed(0)} MB`,
  );
  row(`control-plane RSS peak over the run`, `${rss.peak.toFixed(0)} MB`);
  client.close();
} finally {
  cluster.down();
}
print();
