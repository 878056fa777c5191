// CRD benchmark: time from creating a CustomResourceDefinition to its first custom object being
// served (the create accepted and the object listable), beside the baseline of creating a
// ConfigMap and listing it, in the same run and cluster.
// Run: npm run build && node bench/crd.mjs
// Traffic goes only to 127.0.0.1; every loop is bounded by a count; the cluster is removed at the end.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { ms, pct } from './measure.mjs';

const RUNS = 7;
const MAX_TRIES = 2000; // create attempts while the new kind is not served yet, 2 ms apart
const BIN = new URL('../bin/run.js', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'minik8s-bench-'));
const env = { ...process.env, MINIK8S_HOME: home, KUBECONFIG: join(home, 'kubeconfig') };
const name = `bench-${randomBytes(3).toString('hex')}`;
const cli = (...args) =>
  execFileSync(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });

function connection() {
  const cfg = parse(readFileSync(env.KUBECONFIG, 'utf8'));
  const cluster = cfg.clusters.find((c) => c.name === `minik8s-${name}`).cluster;
  const user = cfg.users.find((u) => u.name === `minik8s-${name}`).user;
  const url = new URL(cluster.server);
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to send traffic to ${url.hostname}`);
  return { url, ca: Buffer.from(cluster['certificate-authority-data'], 'base64'), token: user.token };
}

function call(conn, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: conn.url.hostname,
        port: conn.url.port,
        method,
        path,
        ca: conn.ca,
        headers: { authorization: `Bearer ${conn.token}`, 'content-type': 'application/json' },
      },
      (res) => {
        let data = '';
        res.on('data', (d) => (data += d));
        res.on('end', () => resolve({ code: res.statusCode, body: data ? JSON.parse(data) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
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

try {
  cli('up', '--name', name, '--nodes', '0');
  const conn = connection();
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
  console.log(`CRD created -> first custom object created and listed (${RUNS} runs): ${stats(custom)}`);
  console.log(`baseline: ConfigMap created and listed (${RUNS} runs): ${stats(configMaps)}`);
} finally {
  try {
    cli('down', '--name', name);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
