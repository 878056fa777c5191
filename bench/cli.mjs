// CLI and monitoring figures, each beside its baseline from the same run:
// - `minik8s get pods` vs `kubectl get pods` against the same cluster, with 10 and 1,000 pods
//   (Pending pods of a cluster without nodes: listing and printing is the same work);
// - `minik8s --version` vs `kubectl version --client`;
// - `up --nodes 0` (target: under 1 s) and `down`;
// - a scrape of /metrics (time and size) vs GET /healthz, and `minik8s metrics`.
// Run: npm run build && node bench/cli.mjs [rounds]; BEFORE=/path/to/older/checkout (built) adds
// that checkout's `get pods` beside this one's, for a before/after in the same run.
// Traffic goes only to 127.0.0.1; every loop is bounded; the cluster is removed at the end.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NAMESPACES, PODS } from '../dist/api/kinds/index.js';
import { benchCluster, ROOT } from './cluster.mjs';
import { ms, pct, report, timed } from './measure.mjs';

const ROUNDS = Number(process.argv[2] ?? 7);
const cluster = benchCluster();
const { row, print } = report('kubectl / baseline');
const env = { ...cluster.env, KUBECACHEDIR: join(cluster.home, 'kube-cache') };

/** Median wall time of a command run ROUNDS times (after one warm-up run). */
function median(file, args) {
  const run = () => execFileSync(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  run();
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return pct(times, 50);
}
const minik8s = (...args) => median(process.execPath, [join(ROOT, 'bin/run.js'), ...args]);
const before = (...args) => median(process.execPath, [join(process.env.BEFORE, 'bin/run.js'), ...args]);
const kubectl = (...args) => median('kubectl', args);
const s = (x) => `${(x / 1000).toFixed(2)} s`;

try {
  let t0 = performance.now();
  cluster.up('--nodes', '0');
  row('up --nodes 0 (new cluster)', s(performance.now() - t0), 'target 1 s');
  row('minik8s --version', ms(minik8s('--version')), ms(kubectl('version', '--client')));

  const client = cluster.client();
  const namespace = 'bench';
  await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const pod = (i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${String(i).padStart(4, '0')}`, namespace },
    spec: {
      automountServiceAccountToken: false,
      containers: [{ name: 'c', image: 'minik8s/busybox:latest' }],
    },
  });
  let made = 0;
  for (const n of [10, 1000]) {
    await timed(10, n - made, (i) => client.create(PODS, pod(made + i)));
    made = n;
    if (process.env.BEFORE)
      row(`get pods, ${n} pods, before`, ms(before('get', 'pods', '-n', namespace)), process.env.BEFORE);
    row(
      `get pods, ${n} pods`,
      ms(minik8s('get', 'pods', '-n', namespace)),
      ms(kubectl('get', 'pods', '-n', namespace)),
    );
  }

  const scrape = [];
  const health = [];
  let bytes = 0;
  for (let i = 0; i < 20; i++) {
    let t = performance.now();
    const res = await client.raw('GET', '/metrics');
    scrape.push(performance.now() - t);
    bytes = res.body.length;
    t = performance.now();
    await client.raw('GET', '/healthz');
    health.push(performance.now() - t);
  }
  row(
    'GET /metrics, p50 / p99',
    `${ms(pct(scrape, 50))} / ${ms(pct(scrape, 99))}`,
    `/healthz ${ms(pct(health, 50))}`,
  );
  row('/metrics size', `${(bytes / 1024).toFixed(0)} KiB`);
  row('minik8s metrics', ms(minik8s('metrics')), `get pods ${ms(minik8s('get', 'pods', '-n', namespace))}`);
  client.close();

  t0 = performance.now();
  cluster.cli('down', '--name', cluster.name);
  row('down', s(performance.now() - t0));
} finally {
  cluster.down();
}
print();
