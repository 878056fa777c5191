// NetworkPolicy figures on a cluster of one real node, each beside its baseline from the same run:
// - TCP connection setup measured inside a client pod, to a server pod by its IP (the server's
//   own namespace checks it) and through a ClusterIP (the network container checks it after
//   DNAT), with 100 policies selecting the server vs none, runs alternating so neither gets a
//   quieter moment of this shared machine;
// - time from a NetworkPolicy's create to the connection it allows getting through, seen from
//   inside the client pod, beside the create's own API round trip.
// With 100 policies the server is isolated for ingress and admits the client through the last of
// about 100 rules (each other policy allows an ipBlock no traffic comes from), so a new
// connection walks them all; replies and later packets pass by connection tracking.
// Run: npm run build && node bench/network-policy.mjs
// Bounded loops only (a count and a deadline each); traffic only between the cluster's own pods
// and service addresses, once the network container holds the range; the cluster is removed at the end.
import { execFileSync, spawn } from 'node:child_process';
import { kinds } from '../dist/api/kinds/index.js';
import { NODE_IMAGE } from '../dist/runtime/image-names.js';
import { benchCluster } from './cluster.mjs';
import { pct, report } from './measure.mjs';

const cluster = benchCluster();
const [pods, services, policies] = [
  kinds.find('pods'),
  kinds.find('services'),
  kinds.find('networkpolicies'),
];
const CONNECTS = 2000;
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

/**
 * Run in the client pod: prints "ready", then starts a connect to HOST:PORT every 10 ms (each
 * given up after 100 ms: a dropped SYN is sent again only a second later) until one connects, for
 * at most 10 s; prints when (Date.now()) the first that connected started.
 */
const FIRST_ADMITTED = `
const net = require('net');
const [host, port] = process.argv.slice(1);
console.log('ready');
const done = (r) => { console.log(JSON.stringify(r)); process.exit(0); };
setTimeout(() => done({ error: 'not admitted in 10 s' }), 10000);
setInterval(() => {
  const started = Date.now();
  const s = net.connect({ host, port: +port }, () => done({ at: started }));
  s.on('error', () => {});
  s.setTimeout(100, () => s.destroy());
}, 10);
`;

/** Starts FIRST_ADMITTED in the client pod; resolves once it is ready, with `answered`, its answer to come. */
function watchAdmitted(host, port) {
  return new Promise((ready, fail) => {
    const child = spawn(
      'kubectl',
      ['exec', 'client', '--', '/usr/bin/node', '-e', FIRST_ADMITTED, host, String(port)],
      {
        env: cluster.env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    const answered = new Promise((resolve, reject) => {
      child.on('close', () => {
        let r;
        try {
          r = JSON.parse(out.trim().split('\n').at(-1));
        } catch {
          r = { error: `no answer from the client pod: ${out}` };
        }
        if (r.error) {
          reject(new Error(r.error));
          fail(new Error(r.error));
        } else resolve(r.at);
      });
    });
    // Handled where it is awaited; a failure before "ready" is reported by `fail`.
    answered.catch(() => {});
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready\n')) ready({ answered });
    });
    child.on('error', fail);
  });
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

/** Run in the client pod: one connect to HOST:PORT given up after 300 ms, "ok" or why not. */
const PROBE = `
const [host, port] = process.argv.slice(1);
const s = require('net').connect({ host, port: +port }, () => { console.log('ok'); process.exit(0); });
s.on('error', (e) => { console.log(e.code); process.exit(0); });
s.setTimeout(300, () => { console.log('timeout'); process.exit(0); });
`;
const probe = (host, port) =>
  kubectl('exec', 'client', '--', '/usr/bin/node', '-e', PROBE, host, String(port)).trim();

try {
  cluster.up('--nodes', '1');
  const client = cluster.client();
  await client.create(pods, pod('server', 'server', ['/usr/bin/node', '-e', SERVER]));
  await client.create(pods, pod('client', 'client', ['/bin/sleep', 'infinity']));
  await client.create(services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'server', namespace: 'default' },
    spec: { selector: { app: 'server' }, ports: [{ port: 80, targetPort: 8080 }] },
  });
  let serverIp = '';
  await until('both pods running', async () => {
    const list = (await client.list(pods, { namespace: 'default' })).items;
    serverIp = list.find((p) => p.metadata.name === 'server')?.status?.podIP ?? '';
    return list.every((p) => p.status?.phase === 'Running') && serverIp && probe(serverIp, 8080) === 'ok';
  });
  const clusterIp = (await client.get(services, 'default', 'server')).spec.clusterIP;
  await until('the ClusterIP answering', async () => probe(clusterIp, 80) === 'ok');
  const clientIp = (await client.get(pods, 'default', 'client')).status.podIP;

  // 99 ipBlocks no traffic comes from, then the client: its rule sorts last.
  const many = Array.from({ length: POLICIES - 1 }, (_, i) =>
    policy(`unused-${i}`, [{ ipBlock: { cidr: `10.200.${i}.0/24` } }]),
  );
  const withPolicies = async () => {
    for (const p of many) await client.create(policies, p);
    await client.create(policies, policy('admit-client', [{ ipBlock: { cidr: `${clientIp}/32` } }]));
    await until('the 100 policies written', async () => serverRules() >= POLICIES + 2);
  };
  const withNone = async () => {
    kubectl('delete', 'networkpolicy', '--all', '--wait=false');
    await until('no policy rules', async () => serverRules() === 0);
  };

  inClient(serverIp, 8080, 200);
  inClient(clusterIp, 80, 200);
  const runs = { none: { pod: [], svc: [] }, many: { pod: [], svc: [] } };
  for (let i = 0; i < RUNS; i++)
    for (const mode of ['none', 'many']) {
      await (mode === 'none' ? withNone() : withPolicies());
      runs[mode].pod.push(inClient(serverIp, 8080, CONNECTS));
      runs[mode].svc.push(inClient(clusterIp, 80, CONNECTS));
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
    ['to the server pod by its IP', 'pod'],
    ['through the ClusterIP', 'svc'],
  ]) {
    const [none, many100] = [summary(runs.none[key]), summary(runs.many[key])];
    row(
      `TCP connect from a pod ${where}, ${CONNECTS} sequential, ${POLICIES} policies selecting the server (median of ${RUNS} runs)`,
      `${many100.text} (p50 ${((many100.p50 / none.p50 - 1) * 100).toFixed(0)} %)`,
      `no policy: ${none.text}`,
    );
  }

  // A policy's create to the connection it allows getting through, the server denying all before.
  await withNone();
  await client.create(policies, {
    ...policy('deny-all', []),
    spec: { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'] },
  });
  await until('the client denied', async () => probe(serverIp, 8080) === 'timeout');
  const effective = [];
  const writes = [];
  for (let i = 0; i < ROUNDS; i++) {
    const { answered } = await watchAdmitted(serverIp, 8080);
    const t0 = Date.now();
    await client.create(
      policies,
      policy('admit-client', [{ podSelector: { matchLabels: { app: 'client' } } }]),
    );
    writes.push(Date.now() - t0);
    effective.push((await answered) - t0);
    await client.delete(policies, 'default', 'admit-client');
    await until('the client denied again', async () => probe(serverIp, 8080) === 'timeout');
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
