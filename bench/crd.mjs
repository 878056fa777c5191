// CRD benchmark: time from creating a CustomResourceDefinition to its first custom object being
// served (the create accepted and the object listable), beside the baseline of creating a
// ConfigMap and listing it, in the same run and cluster, on SQLite and on etcd.
// Run: npm run build && node bench/crd.mjs
// Traffic goes only to 127.0.0.1; every loop is bounded by a count; the cluster is removed at the end.
import { performance } from 'node:perf_hooks';
import { startLocalEtcd } from '../dist/store/local-etcd.js';
import { benchCluster } from './cluster.mjs';
import { ms, pct } from './measure.mjs';

const RUNS = 7;
const MAX_TRIES = 2000; // create attempts while the new kind is not served yet, 2 ms apart

async function call(client, method, path, body) {
  const res = await client.raw(method, path, body === undefined ? {} : { body });
  const text = res.body.toString('utf8');
  return { code: res.status, body: text ? JSON.parse(text) : undefined };
}

const crd = (i) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `bench${i}s.bench.example.com` },
  spec: {
    group: 'bench.example.com',
    scope: 'Namespaced',
    names: { plural: `bench${i}s`, singular: `bench${i}`, kind: `Bench${i}` },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { n: { type: 'integer' } } } },
          },
        },
      },
    ],
  },
});

/** Creates at `path` until accepted, then lists until the object shows: the wall time in ms. */
async function createAndList(conn, path, body) {
  const t0 = performance.now();
  for (let tries = 0; ; tries++) {
    const res = await call(conn, 'POST', path, body);
    if (res.code === 201) break;
    if (tries >= MAX_TRIES) throw new Error(`not served after ${tries} tries: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const list = await call(conn, 'GET', path);
    if (list.body?.items?.some((o) => o.metadata.name === body.metadata.name)) return performance.now() - t0;
  }
  throw new Error('never listed');
}

const stats = (xs) => `median ${ms(pct(xs, 50))}, min ${ms(Math.min(...xs))}, max ${ms(Math.max(...xs))}`;

/** CRD → first object, and the ConfigMap baseline, on a fresh cluster started with `flags`. */
async function measure(label, flags) {
  const cluster = benchCluster();
  try {
    cluster.up('--nodes', '0', ...flags);
    const conn = cluster.client();
    const configMaps = [];
    const custom = [];
    for (let i = 0; i < RUNS; i++) {
      configMaps.push(
        await createAndList(conn, '/api/v1/namespaces/default/configmaps', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `bench-${i}` },
          data: { n: String(i) },
        }),
      );
      const t0 = performance.now();
      const created = await call(
        conn,
        'POST',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        crd(i),
      );
      if (created.code !== 201) throw new Error(`CRD refused: ${JSON.stringify(created.body)}`);
      await createAndList(conn, `/apis/bench.example.com/v1/namespaces/default/bench${i}s`, {
        apiVersion: 'bench.example.com/v1',
        kind: `Bench${i}`,
        metadata: { name: 'first' },
        spec: { n: i },
      });
      custom.push(performance.now() - t0);
    }
    conn.close();
    console.log(
      `${label}: CRD created -> first custom object created and listed (${RUNS} runs): ${stats(custom)}`,
    );
    console.log(`${label}: baseline, ConfigMap created and listed (${RUNS} runs): ${stats(configMaps)}`);
  } finally {
    cluster.down();
  }
}

await measure('SQLite', []);
const etcd = await startLocalEtcd();
try {
  await measure('etcd', ['--datastore-endpoint', etcd.endpoint]);
} finally {
  await etcd.stop();
}
