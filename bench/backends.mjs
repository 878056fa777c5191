// The control plane on each store backend, side by side in one run: control-plane RSS idle,
// ConfigMap create latency with 1 and 10 clients (p50 / p99 / throughput), and a list of 2,000
// ConfigMaps, beside the server's floor (GET /healthz). Backends: SQLite (the default), etcd (a
// throwaway member started here), and, with `--before DIR`, an older build's SQLite control
// plane (a checkout of an earlier commit, built) for the figures before a change.
// Run: npm run build && node bench/backends.mjs [--before /tmp/minik8s-before]
// Traffic goes only to 127.0.0.1; every loop is bounded by a count; everything is removed at the end.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CONFIGMAPS } from '../dist/api/kinds/index.js';
import { startLocalEtcd } from '../dist/store/local-etcd.js';
import { benchCluster, ROOT } from './cluster.mjs';
import { ms, pct, rssMb, timed } from './measure.mjs';

const beforeArg = process.argv.indexOf('--before');
const before = beforeArg > 0 ? resolve(process.argv[beforeArg + 1]) : undefined;

/** Brings a cluster up with `root`'s build, measures it, and takes it down. */
async function measure(label, root, upArgs, extraPid) {
  const cluster = benchCluster(root);
  const out = { label };
  try {
    const s = performance.now();
    cluster.up('--nodes', '0', ...upArgs);
    out.up = performance.now() - s;
    const client = cluster.client();
    await new Promise((r) => setTimeout(r, 3000));
    out.rss = rssMb(cluster.pid());
    if (extraPid) out.etcdRss = rssMb(extraPid);
    for (const c of [1, 10]) {
      const health = await timed(c, 500, () => client.raw('GET', '/healthz'));
      const create = await timed(c, 1000, (i) =>
        client.create(CONFIGMAPS, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `c${c}-${i}`, namespace: 'default' },
          data: { k: 'v' },
        }),
      );
      out[`create${c}`] = create;
      out[`health${c}`] = health;
    }
    const l0 = performance.now();
    const list = await client.list(CONFIGMAPS, { namespace: 'default' });
    out.list = performance.now() - l0;
    out.listed = list.items.length;
    client.close();
  } finally {
    cluster.down();
  }
  return out;
}

const results = [];
if (before) results.push(await measure('SQLite, before', before, []));
results.push(await measure('SQLite', ROOT, []));
const etcd = await startLocalEtcd();
try {
  results.push(await measure('etcd', ROOT, ['--datastore-endpoint', etcd.endpoint], etcd.pid));
} finally {
  await etcd.stop();
}

const cell = (t) => `${ms(pct(t.lat, 50))} / ${ms(pct(t.lat, 99))} / ${(t.lat.length / t.secs).toFixed(0)}/s`;
console.log(`\n| measure | ${results.map((r) => r.label).join(' | ')} |`);
console.log(`| --- |${results.map(() => ' --- |').join('')}`);
const line = (what, f) => console.log(`| ${what} | ${results.map(f).join(' | ')} |`);
line('up --nodes 0, wall time', (r) => ms(r.up));
line(
  'control-plane RSS idle',
  (r) => `${r.rss.toFixed(1)} MB${r.etcdRss ? ` (+ etcd ${r.etcdRss.toFixed(1)} MB)` : ''}`,
);
line('create ConfigMap, 1 client: p50 / p99 / rate', (r) => cell(r.create1));
line('create ConfigMap, 10 clients: p50 / p99 / rate', (r) => cell(r.create10));
line(
  'baseline GET /healthz, 10 clients: p50 / p99',
  (r) => `${ms(pct(r.health10.lat, 50))} / ${ms(pct(r.health10.lat, 99))}`,
);
line('list 2,000 ConfigMaps', (r) => `${ms(r.list)} (${r.listed})`);
