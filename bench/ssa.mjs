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

const p99 = (r) => `${ms(pct(r.lat, 50))} / ${ms(pct(r.lat, 99))}`;

/** Write latencies on one cluster: creates, updates (PUT) and, where served, server-side applies. */
async function writes(client, ssa) {
  const out = {};
  for (const [kind, def, make] of [
    ['ConfigMap', CONFIGMAPS, configMap],
    ['Deployment', DEPLOYMENTS, deployment],
  ]) {
    const name = (i) => `${kind.toLowerCase()}-${i}`;
    out[`${kind} create`] = await timed(CLIENTS, N, (i) => client.create(def, make(name(i), 1)));
    // Unconditional (no resourceVersion): controllers write the Deployments' status meanwhile.
    out[`${kind} update`] = await timed(CLIENTS, N, (i) =>
      client.request('PUT', Client.path(def, 'default', name(i)), { body: make(name(i), 2) }),
    );
    if (ssa)
      out[`${kind} server-side apply`] = await timed(CLIENTS, N, (i) =>
        client.request('PATCH', Client.path(def, 'default', name(i)), {
          body: make(name(i), 3),
          contentType: 'application/apply-patch+yaml',
          query: { fieldManager: 'bench', force: 'true' },
        }),
      );
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
      .map((o) => JSON.stringify(o))
      .join('\n---\n');
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

async function measure(root, ssa) {
  const cluster = benchCluster(root);
  try {
    cluster.up('--nodes', '0');
    const client = cluster.client();
    const w = await writes(client, ssa);
    const diff = diffTime(cluster);
    client.close();
    return { w, diff };
  } finally {
    cluster.down();
  }
}

const { row, print } = report(`previous build (${BASELINE}, no managed fields)`);
const before = await measure(BASELINE, false);
const after = await measure(undefined, true);
for (const what of Object.keys(after.w)) {
  row(
    `${what}, ${CLIENTS} clients x ${N}: p50 / p99`,
    p99(after.w[what]),
    before.w[what] ? p99(before.w[what]) : what.endsWith('apply') ? 'answered 415' : '',
  );
}
row(
  'kubectl diff -f of 20 objects (5 changed): median wall time of 5 (exit code)',
  `${ms(after.diff.median)} (exit ${after.diff.exit})`,
  `${ms(before.diff.median)} (exit ${before.diff.exit})`,
);
print();
