// Server-side apply and managed fields benchmark: API write p99 with 10 clients (ConfigMaps and
// Deployments: create, update, server-side apply) on this build, which records managedFields on
// every write, beside the previous build (/work/main's dist, or BASELINE_ROOT) that records none;
// and the wall time of `kubectl diff` of a 20-object manifest on both.
// Run: npm run build && node bench/ssa.mjs
// Traffic goes only to 127.0.0.1; every loop is bounded by a count; each cluster is removed at the end.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { CONFIGMAPS, DEPLOYMENTS } from '../dist/api/kinds/index.js';
import { Client } from '../dist/client/client.js';
import { benchCluster } from './cluster.mjs';
import { ms, pct, report, timed } from './measure.mjs';

const BASELINE = process.env.BASELINE_ROOT ?? '/work/main';
const CLIENTS = 10;
const N = 400;

const configMap = (name, v) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels: { bench: 'ssa' } },
  data: { key: `value-${v}`, other: 'x' },
});
// Zero replicas: the measure is the API's write path, not pods that no node would run.
const deployment = (name, v) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default', labels: { app: name } },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'web', image: `nginx:${v}`, ports: [{ containerPort: 80 }] }] },
    },
  },
});

const p99 = (lat) => `${ms(pct(lat, 50))} / ${ms(pct(lat, 99))}`;

/**
 * Write latencies (creates, updates by PUT and, where served, server-side applies) on both
 * clusters, each phase run A B B A in halves so that the load of this shared machine, drifting
 * over the run, weighs on both alike.
 */
async function writes(clusters) {
  const out = clusters.map(() => ({}));
  const half = N / 2;
  const phases = [];
  for (const [kind, def, make] of [
    ['ConfigMap', CONFIGMAPS, configMap],
    ['Deployment', DEPLOYMENTS, deployment],
  ]) {
    const name = (i) => `${kind.toLowerCase()}-${i}`;
    phases.push([`${kind} create`, (c, i) => c.create(def, make(name(i), 1))]);
    // Unconditional (no resourceVersion): controllers write the Deployments' status meanwhile.
    phases.push([
      `${kind} update`,
      (c, i) => c.request('PUT', Client.path(def, 'default', name(i)), { body: make(name(i), 2) }),
    ]);
    phases.push([
      `${kind} server-side apply`,
      (c, i) =>
        c.request('PATCH', Client.path(def, 'default', name(i)), {
          body: make(name(i), 3),
          contentType: 'application/apply-patch+yaml',
          query: { fieldManager: 'bench', force: 'true' },
        }),
      'apply',
    ]);
  }
  for (const [what, write, apply] of phases) {
    for (const [k, round] of [0, 1, 1, 0].map((k, r) => [k, r])) {
      if (apply && !clusters[k].ssa) continue;
      const from = round < 2 ? 0 : half;
      const r = await timed(CLIENTS, half, (i) => write(clusters[k].client, from + i));
      out[k][what] = [...(out[k][what] ?? []), ...r.lat];
    }
  }
  return out;
}

/** Median wall time of `kubectl diff` of 20 objects (10 ConfigMaps, 10 Deployments), 5 of them changed. */
function diffTime(cluster) {
  const manifest = (changed) =>
    Array.from({ length: 10 }, (_, i) => [
      configMap(`diff-cm-${i}`, changed && i < 3 ? 9 : 1),
      deployment(`diff-deploy-${i}`, changed && i < 2 ? 9 : 1),
    ])
      .flat()
      .map((o) => stringify(o))
      .join('---\n');
  const base = join(cluster.home, 'diff-base.yaml');
  const changed = join(cluster.home, 'diff-changed.yaml');
  writeFileSync(base, manifest(false));
  writeFileSync(changed, manifest(true));
  const kubectl = (...args) =>
    execFileSync('kubectl', args, {
      env: { ...cluster.env, KUBECACHEDIR: join(cluster.home, 'kcache') },
      stdio: 'pipe',
    });
  kubectl('apply', '-f', base);
  const times = [];
  let exit = 0;
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    try {
      kubectl('diff', '-f', changed);
    } catch (err) {
      exit = err.status;
    }
    times.push(performance.now() - s);
  }
  return { median: pct(times, 50), exit };
}

const { row, print } = report(`previous build (${BASELINE}, no managed fields)`);
const before = benchCluster(BASELINE);
const after = benchCluster();
try {
  before.up('--nodes', '0');
  after.up('--nodes', '0');
  const clusters = [
    { client: before.client(), ssa: false },
    { client: after.client(), ssa: true },
  ];
  const [b, a] = await writes(clusters);
  for (const what of Object.keys(a)) {
    row(
      `${what}, ${CLIENTS} clients x ${N}: p50 / p99`,
      p99(a[what]),
      b[what] ? p99(b[what]) : 'answered 415',
    );
  }
  for (const c of clusters) c.client.close();
  const diffs = [diffTime(before), diffTime(after)];
  row(
    'kubectl diff -f of 20 objects (5 changed): median wall time of 5 (exit code)',
    `${ms(diffs[1].median)} (exit ${diffs[1].exit})`,
    `${ms(diffs[0].median)} (exit ${diffs[0].exit})`,
  );
} finally {
  before.down();
  after.down();
}
print();
