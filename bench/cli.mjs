// CLI and monitoring figures, each beside its baseline from the same run:
// - `minik8s get pods` vs `kubectl get pods` against the same cluster, with 10 and 1,000 pods
//   (Pending pods of a cluster without nodes: listing and printing is the same work);
// - `minik8s --version` vs `kubectl version --client`;
// - `up --nodes 0` (target: under 1 s) and `down`;
// - a scrape of /metrics (time and size) vs GET /healthz, and `minik8s metrics`.
// Run: npm run build && node bench/cli.mjs [rounds]; BEFORE=/path/to/older/checkout (built) adds
// that checkout's `get pods` and `up --nodes 0` beside this one's, for a before/after in the same
// run. The commands compared run in turn within each round (the machine is shared: its load moves
// all of them alike), each figure a median; `node -e 0` shows what starting Node itself costs, and
// a bare Node HTTPS GET of the same list the least a Node CLI can take for `get pods`.
// Traffic goes only to 127.0.0.1; every loop is bounded; the clusters are removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NAMESPACES, PODS } from '../dist/api/kinds/index.js';
import { benchCluster, ROOT } from './cluster.mjs';
import { ms, pct, report, medians as runMedians, timed } from './measure.mjs';

const ROUNDS = Number(process.argv[2] ?? 7);
const BEFORE = process.env.BEFORE;
// Compile caches of this run only, for every process it starts: the first run of each command
// writes them (the warm-up runs below).
const cacheHome = mkdtempSync(join(tmpdir(), 'minik8s-bench-cache-'));
process.env.XDG_CACHE_HOME = cacheHome;
const cluster = benchCluster();
const { row, print } = report('kubectl / baseline', 'before');
const env = { ...cluster.env, KUBECACHEDIR: join(cluster.home, 'kube-cache') };

const medians = (commands) => runMedians(commands, env, ROUNDS);
const minik8s = (...args) => [process.execPath, [join(ROOT, 'bin/run.js'), ...args]];
const before = (...args) => [process.execPath, [join(BEFORE, 'bin/run.js'), ...args]];
const kubectl = (...args) => ['kubectl', args];
const s = (x) => `${(x / 1000).toFixed(2)} s`;
// The least any Node CLI does for `get pods`: start, one HTTPS request, the body out unparsed.
const BARE_GET = `require('node:https').get(process.env.BENCH_SERVER + process.argv[1], {
  ca: process.env.BENCH_CA, headers: { authorization: 'Bearer ' + process.env.BENCH_TOKEN },
}, (res) => res.pipe(process.stdout));`;

/** `up --nodes 0` of a new cluster then `down`, by each checkout in turn, ROUNDS times: medians. */
function upDown(roots) {
  const times = roots.map(() => ({ up: [], down: [] }));
  for (let i = -1; i < ROUNDS; i++)
    roots.forEach((root, j) => {
      const c = benchCluster(root);
      try {
        let t0 = performance.now();
        c.up('--nodes', '0');
        const up = performance.now() - t0;
        t0 = performance.now();
        c.cli('down', '--name', c.name);
        if (i >= 0) times[j].up.push(up);
        if (i >= 0) times[j].down.push(performance.now() - t0);
      } finally {
        c.down();
      }
    });
  return times.map((t) => ({ up: pct(t.up, 50), down: pct(t.down, 50) }));
}

try {
  const [now, then] = upDown(BEFORE ? [ROOT, BEFORE] : [ROOT]);
  row('up --nodes 0 (new cluster), median', s(now.up), 'target 1 s', then ? s(then.up) : '');
  row('down (that cluster), median', s(now.down), '', then ? s(then.down) : '');
  cluster.up('--nodes', '0');
  const [version, kubectlVersion, node] = medians([
    minik8s('--version'),
    kubectl('version', '--client'),
    [process.execPath, ['-e', '0']],
  ]);
  row('minik8s --version', ms(version), ms(kubectlVersion));
  row('node -e 0 (Node starting, nothing else)', ms(node));

  const access = cluster.access();
  Object.assign(env, { BENCH_SERVER: access.server, BENCH_CA: access.ca, BENCH_TOKEN: access.token });
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
    const get = ['get', 'pods', '-n', namespace];
    const [mine, theirs, bare, old] = medians([
      minik8s(...get),
      kubectl(...get),
      [process.execPath, ['-e', BARE_GET, `/api/v1/namespaces/${namespace}/pods`]],
      ...(BEFORE ? [before(...get)] : []),
    ]);
    row(`get pods, ${n} pods`, ms(mine), ms(theirs), old ? ms(old) : '');
    row(`  Node's floor: one HTTPS GET of that list, body to stdout`, ms(bare));
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
  const [metrics, getPods] = medians([minik8s('metrics'), minik8s('get', 'pods', '-n', namespace)]);
  row('minik8s metrics', ms(metrics), `get pods ${ms(getPods)}`);
  client.close();
} finally {
  cluster.down();
  rmSync(cacheHome, { recursive: true, force: true });
}
print();
