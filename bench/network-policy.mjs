// NetworkPolicy figures on a cluster of one real node, each beside its baseline from the same run:
// - TCP connection setup, pod to pod (a client pod connecting to a server pod by its IP, measured
//   inside the client) and host to pod (this process to the pod's bridge address), with 100
//   policies selecting the server vs none, runs alternating so neither gets a quieter moment;
// - time from a NetworkPolicy's create to the connection it allows getting through, beside the
//   create's own API round trip.
// With 100 policies the server is isolated for ingress and admits the client and the host
// through the last of about 100 rules (each policy allows an ipBlock no traffic comes from), so
// a new connection walks them all; replies and later packets pass by connection tracking.
// Run: npm run build && node bench/network-policy.mjs
// Bounded loops only (a count and a deadline each); traffic only to the cluster's own bridge
// addresses; the cluster is removed at the end.
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { kinds } from '../dist/api/kinds/index.js';
import { NODE_IMAGE } from '../dist/runtime/image-names.js';
import { benchCluster } from './cluster.mjs';
import { pct, report } from './measure.mjs';

const cluster = benchCluster();
const [pods, policies] = [kinds.find('pods'), kinds.find('networkpolicies')];
const CONNECTS = 1000;
const RUNS = 3;
const POLICIES = 100;
const ROUNDS = 5;
/** No load loop runs longer than this, whatever its count. */
const LOOP_DEADLINE_MS = 60_000;
const { row, print } = report();
const msf = (ms) => `${ms.toFixed(2)} ms`;

const pod = (name, app, command) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app } },
  spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: NODE_IMAGE, command }] },
});
const SERVER = `require('net').createServer((s) => s.end()).listen(8080)`;

/** Run in the client pod: COUNT sequential connects to HOST:PORT (each closed at once), their times in ms. */
const CONNECTS_SCRIPT = `
const net = require('net');
const [host, port, count, deadline] = process.argv.slice(1).map((a, i) => (i ? +a : a));
const end = Date.now() + deadline;
const lat = [];
const one = () => new Promise((res, rej) => {
  const t = process.hrtime.bigint();
  const s = net.connect({ host, port }, () => { lat.push(Number(process.hrtime.bigint() - t) / 1e6); s.destroy(); res(); });
  s.on('error', rej);
  s.setTimeout(2000, () => rej(new Error('timeout')));
});
(async () => { for (let i = 0; i < count && Date.now() < end; i++) await one(); console.log(JSON.stringify(lat)); })()
  .catch((e) => console.log(JSON.stringify({ error: e.message })));
`;

const kubectl = (...args) => execFileSync('kubectl', args, { env: cluster.env, encoding: 'utf8' });

function inClient(host, port, count) {
  const out = kubectl(
    'exec',
    'client',
    '--',
    '/usr/bin/node',
    '-e',
    CONNECTS_SCRIPT,
    host,
    String(port),
    String(count),
    String(LOOP_DEADLINE_MS),
  );
  const lat = JSON.parse(out.trim().split('\n').at(-1));
  if (!Array.isArray(lat)) throw new Error(`client: ${lat.error}`);
  return lat;
}

function connectOnce(host, port, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const s = net.connect({ host, port }, () => {
      s.destroy();
      resolve(performance.now() - t);
    });
    s.on('error', reject);
    s.setTimeout(timeoutMs, () => s.destroy(new Error('timeout')));
  });
}

async function fromHost(host, port, count) {
  const lat = [];
  const end = Date.now() + LOOP_DEADLINE_MS;
  for (let i = 0; i < count && Date.now() < end; i++) lat.push(await connectOnce(host, port));
  return lat;
}

async function until(what, fn, timeoutMs = 120_000) {
  for (const end = Date.now() + timeoutMs; ; ) {
    if (await fn().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`${what}: not in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const policy = (name, from) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'default' },
  spec: { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from, ports: [{ port: 8080 }] }] },
});

/** The rules in the server pod's ingress chain, read from its sandbox. */
function serverRules() {
  const id = execFileSync(
    'docker',
    [
      'ps',
      '-q',
      '--filter',
      `label=io.minik8s.pod.name=server`,
      '--filter',
      `label=io.minik8s.cluster=${cluster.name}`,
      '--filter',
      'label=io.minik8s.container=POD',
    ],
    { encoding: 'utf8' },
  ).trim();
  const saved = execFileSync(
    'docker',
    ['exec', id, '/usr/sbin/xtables-nft-multi', 'iptables-save', '-t', 'filter'],
    { encoding: 'utf8' },
  );
  return saved.split('\n').filter((l) => l.startsWith('-A MINIK8S-INGRESS')).length;
}

try {
  cluster.up('--nodes', '1');
  const client = cluster.client();
  await client.create(pods, pod('server', 'server', ['/usr/bin/node', '-e', SERVER]));
  await client.create(pods, pod('client', 'client', ['/bin/sleep', 'infinity']));
  let serverIp = '';
  let gateway = '';
  await until('both pods running', async () => {
    const list = (await client.list(pods, { namespace: 'default' })).items;
    const server = list.find((p) => p.metadata.name === 'server');
    serverIp = server?.status?.podIP ?? '';
    gateway = serverIp.split('.').slice(0, 2).concat(['0', '1']).join('.');
    return (
      list.every((p) => p.status?.phase === 'Running') && serverIp && (await connectOnce(serverIp, 8080))
    );
  });
  const clientIp = (await client.get(pods, 'default', 'client')).status.podIP;

  // 99 ipBlocks no traffic comes from, then the client and the host: their rules sort last.
  const many = Array.from({ length: POLICIES - 1 }, (_, i) =>
    policy(`unused-${i}`, [{ ipBlock: { cidr: `10.200.${i}.0/24` } }]),
  );
  const admitting = policy('admit-client-and-host', [
    { ipBlock: { cidr: `${clientIp}/32` } },
    { ipBlock: { cidr: `${gateway}/32` } },
  ]);
  const withPolicies = async () => {
    for (const p of many) await client.create(policies, p);
    await client.create(policies, admitting);
    await until('the 100 policies written', async () => serverRules() >= POLICIES + 2);
  };
  const withNone = async () => {
    kubectl('delete', 'networkpolicy', '--all', '--wait=false');
    await until('no policy rules', async () => serverRules() === 0);
  };

  inClient(serverIp, 8080, 200);
  await fromHost(serverIp, 8080, 200);
  const runs = { none: { pod: [], host: [] }, many: { pod: [], host: [] } };
  for (let i = 0; i < RUNS; i++)
    for (const mode of ['none', 'many']) {
      await (mode === 'none' ? withNone() : withPolicies());
      runs[mode].pod.push(inClient(serverIp, 8080, CONNECTS));
      runs[mode].host.push(await fromHost(serverIp, 8080, CONNECTS));
    }
  const summary = (lats) => {
    const p50 = pct(
      lats.map((l) => pct(l, 50)),
      50,
    );
    const p99 = pct(
      lats.map((l) => pct(l, 99)),
      50,
    );
    const rate = pct(
      lats.map((l) => (l.length / l.reduce((a, b) => a + b, 0)) * 1000),
      50,
    );
    return { text: `p50 ${msf(p50)}, p99 ${msf(p99)}, ${rate.toFixed(0)}/s`, p50 };
  };
  for (const [where, key] of [
    ['pod -> pod IP', 'pod'],
    ['host -> pod IP', 'host'],
  ]) {
    const [none, many100] = [summary(runs.none[key]), summary(runs.many[key])];
    row(
      `TCP connect ${where}, ${CONNECTS} sequential, with ${POLICIES} policies selecting the server (median of ${RUNS} runs)`,
      `${many100.text} (${((many100.p50 / none.p50 - 1) * 100).toFixed(0)} % on p50)`,
      `no policy: ${none.text}`,
    );
  }

  // A policy's create to the connection it allows getting through (the host is denied before).
  await withNone();
  await client.create(policies, {
    ...policy('deny-all', []),
    spec: { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'] },
  });
  await until('the host denied', async () => {
    try {
      await connectOnce(serverIp, 8080, 300);
      return false;
    } catch {
      return true;
    }
  });
  const effective = [];
  const writes = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await client.create(policies, policy('admit-host', [{ ipBlock: { cidr: `${gateway}/32` } }]));
    writes.push(performance.now() - t0);
    await until('the host admitted', async () => (await connectOnce(serverIp, 8080, 200)) >= 0, 10_000);
    effective.push(performance.now() - t0);
    await client.delete(policies, 'default', 'admit-host');
    await until('the host denied again', async () => {
      try {
        await connectOnce(serverIp, 8080, 300);
        return false;
      } catch {
        return true;
      }
    });
  }
  row(
    `policy created -> the connection it allows gets through, p50 / max (${ROUNDS} rounds)`,
    `${msf(pct(effective, 50))} / ${msf(Math.max(...effective))}`,
    `the create's API round trip: ${msf(pct(writes, 50))} / ${msf(Math.max(...writes))}`,
  );
  client.close();
} finally {
  cluster.down();
}
print();
