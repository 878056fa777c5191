// Service network figures on a cluster of two real nodes, each beside its baseline from the same
// run, measured from the host (the cluster's bridge addresses are reachable from it):
// - HTTP requests/s and p99 latency through a ClusterIP (iptables DNAT in the network container)
//   vs the same pod by its own IP, with a fresh connection per request and with keep-alive;
// - time from an endpoint marked not ready (its EndpointSlice updated) to it getting no new
//   connections, over 10 rounds, beside the update's own API round trip.
// The EndpointSlice is written by hand, as the EndpointSlice controller would write it.
// Run: npm run build && node bench/network.mjs
// Bounded loops only (a count and a deadline each); traffic only to the cluster's own bridge
// addresses, once the network container holds the service range; the cluster is removed at the end.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { kinds } from '../dist/api/kinds/index.js';
import { NODE_IMAGE } from '../dist/runtime/image-names.js';
import { benchCluster } from './cluster.mjs';
import { pct, report, timed } from './measure.mjs';

const cluster = benchCluster();
const [pods, services, slices] = [kinds.find('pods'), kinds.find('services'), kinds.find('endpointslices')];
const REQUESTS = 2000;
const WARMUP = 1000;
const RUNS = 3;
const CONCURRENCY = 8;
/** No load loop runs longer than this, whatever its count. */
const LOOP_DEADLINE_MS = 60_000;
const ROUNDS = 10;
const { row, print } = report();
const msf = (ms) => `${ms.toFixed(1)} ms`;

const SERVER = `require('http').createServer((q, r) => r.end(require('os').hostname())).listen(8080)`;
const pod = (name) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'web' } },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'web', image: NODE_IMAGE, command: ['/usr/bin/node', '-e', SERVER] }],
  },
});

async function until(what, fn, timeoutMs = 120_000) {
  for (const end = Date.now() + timeoutMs; ; ) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`${what}: not in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function get(host, port, agent) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, agent, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

/** `requests` requests from CONCURRENCY loops, stopping early at the deadline. */
async function load(host, port, keepAlive, requests = REQUESTS) {
  const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }) : false;
  const end = Date.now() + LOOP_DEADLINE_MS;
  let done = 0;
  const { lat, secs } = await timed(CONCURRENCY, requests, async () => {
    if (Date.now() > end) return;
    await get(host, port, agent);
    done++;
  });
  if (agent) agent.destroy();
  return { rps: done / secs, p99: pct(lat, 99) };
}

const sliceOf = (endpoints, notReady) => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'web-bench', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: endpoints.map((e) => ({
    addresses: [e.ip],
    conditions: { ready: e.name !== notReady },
    nodeName: e.node,
    targetRef: { kind: 'Pod', namespace: 'default', name: e.name },
  })),
});

/**
 * Marks `victim` not ready and calls the ClusterIP on fresh connections until it has answered
 * nothing for 1 s (or 10 s passed): the time from the update to its last answer.
 */
async function dropOut(client, clusterIp, endpoints, victim) {
  const current = await client.get(slices, 'default', 'web-bench');
  const t0 = performance.now();
  await client.update(slices, { ...sliceOf(endpoints, victim), metadata: current.metadata });
  const written = performance.now() - t0;
  let last = 0;
  const end = t0 + 10_000;
  for (let n = 0; n < 10_000 && performance.now() < end; n++) {
    const at = performance.now();
    if ((await get(clusterIp, 80, false)) === victim) last = at - t0;
    else if (at - t0 - last > 1000) break;
  }
  // Back in, and seen answering again, before the next round.
  const back = await client.get(slices, 'default', 'web-bench');
  await client.update(slices, { ...sliceOf(endpoints, undefined), metadata: back.metadata });
  await until('the endpoint back', async () => (await get(clusterIp, 80, false)) === victim);
  return { last, written };
}

try {
  cluster.up('--nodes', '2');
  const client = cluster.client();
  await Promise.all(['web-a', 'web-b'].map((n) => client.create(pods, pod(n))));
  await client.create(services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    // No selector: the bench's own EndpointSlice is the Service's only one, so marking an
    // endpoint not ready in it measures the proxy alone (the endpoints controller would keep a
    // second slice saying ready).
    spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
  let endpoints = [];
  await until('both pods answering', async () => {
    const list = (await client.list(pods, { namespace: 'default' })).items;
    endpoints = list
      .filter((p) => p.status?.podIP && p.status.phase === 'Running')
      .map((p) => ({ name: p.metadata.name, ip: p.status.podIP, node: p.spec.nodeName }));
    if (endpoints.length < 2) return false;
    const answers = await Promise.all(endpoints.map((e) => get(e.ip, 8080, false).catch(() => '')));
    return answers.every((a, i) => a === endpoints[i].name);
  });
  await client.create(slices, sliceOf(endpoints, undefined));
  const clusterIp = (await client.get(services, 'default', 'web')).spec.clusterIP;
  await until(
    'the ClusterIP answering',
    async () => (await get(clusterIp, 80, false).catch(() => '')) !== '',
  );

  // Direct: one pod by its IP; through the ClusterIP both pods share the load.
  const direct = endpoints[0];
  await client.update(slices, {
    ...sliceOf([direct], undefined),
    metadata: (await client.get(slices, 'default', 'web-bench')).metadata,
  });
  await until('one endpoint', async () => {
    const got = await Promise.all(Array.from({ length: 10 }, () => get(clusterIp, 80, false)));
    return got.every((g) => g === direct.name);
  });
  // Warmed up first (the pod's and this process's JIT), then direct and ClusterIP alternate, so
  // neither gets a quieter moment of this shared machine: the median of 3 runs each.
  await load(direct.ip, 8080, true, WARMUP);
  await load(clusterIp, 80, true, WARMUP);
  const median = (runs, key) =>
    pct(
      runs.map((r) => r[key]),
      50,
    );
  for (const keepAlive of [false, true]) {
    const how = keepAlive ? 'keep-alive' : 'new connection per request';
    const viaIp = [];
    const viaSvc = [];
    for (let i = 0; i < RUNS; i++) {
      viaIp.push(await load(direct.ip, 8080, keepAlive));
      viaSvc.push(await load(clusterIp, 80, keepAlive));
    }
    const [ipRps, svcRps] = [median(viaIp, 'rps'), median(viaSvc, 'rps')];
    row(
      `HTTP through the ClusterIP, 1 pod, ${CONCURRENCY} clients, ${how}: req/s, p99 (median of ${RUNS} runs of ${REQUESTS})`,
      `${svcRps.toFixed(0)}/s (${((svcRps / ipRps) * 100).toFixed(0)} % of direct), ${msf(median(viaSvc, 'p99'))}`,
      `the pod by its IP: ${ipRps.toFixed(0)}/s, ${msf(median(viaIp, 'p99'))}`,
    );
  }
  await client.update(slices, {
    ...sliceOf(endpoints, undefined),
    metadata: (await client.get(slices, 'default', 'web-bench')).metadata,
  });
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++)
    rounds.push(await dropOut(client, clusterIp, endpoints, endpoints[i % 2].name));
  const lasts = rounds.map((r) => r.last);
  const writes = rounds.map((r) => r.written);
  row(
    `endpoint marked not ready -> no new connections, p50 / max (${ROUNDS} rounds)`,
    `${msf(pct(lasts, 50))} / ${msf(Math.max(...lasts))}`,
    `the EndpointSlice update's API round trip: ${msf(pct(writes, 50))} / ${msf(Math.max(...writes))}`,
  );
  client.close();
} finally {
  cluster.down();
}
print();
