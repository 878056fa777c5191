// Port-forward figures, each beside its baseline from the same run: HTTP requests/s and
// p50 / p99 latency to one pod (a Node.js HTTP server) through `kubectl port-forward`
// (SPDY in a WebSocket) and `minik8s port-forward` (SPDY upgrade), vs the same pod by its IP on
// the cluster bridge, straight from the host. Keep-alive connections (8 at once), then a new
// connection per request (each one a new pair of SPDY streams).
// Run: npm run build && node bench/port-forward.mjs
// Bounded: REQUESTS and DEADLINE_MS per round, PASSES rounds per route; traffic to 127.0.0.1 and to the pod's
// own address on the cluster's bridge; the cluster and its state are removed at the end.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { kinds } from '../dist/api/kinds/index.js';
import { NODE_IMAGE } from '../dist/runtime/image-names.js';
import { benchCluster, ROOT } from './cluster.mjs';
import { pct, timed } from './measure.mjs';

const REQUESTS = 1500;
const DEADLINE_MS = 10_000;
const CONCURRENCY = 8;
const PASSES = 3;
const pods = kinds.find('pods');

const SERVER = "require('http').createServer((q, s) => s.end('ok')).listen(8080)";
const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    containers: [
      {
        name: 'web',
        image: NODE_IMAGE,
        command: ['/usr/bin/node', '-e', SERVER],
        ports: [{ containerPort: 8080 }],
      },
    ],
  },
};

/** `port-forward` in the background; its local port once it prints "Forwarding from 127.0.0.1:P". */
function forward(cmd, args, env) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no port from ${cmd}: ${out}`)), 30_000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), stop: () => child.kill('SIGINT') });
      }
    });
  });
}

function get(host, port, agent) {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

/** One round: REQUESTS GETs from CONCURRENCY loops, stopping early at the deadline. */
async function round(host, port, keepAlive) {
  const agent = keepAlive ? new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }) : false;
  const end = Date.now() + DEADLINE_MS;
  // Only requests sent count: past the deadline the loops run out without sending.
  const lat = [];
  const { secs } = await timed(CONCURRENCY, REQUESTS, async () => {
    if (Date.now() > end) return;
    const t0 = performance.now();
    await get(host, port, agent);
    lat.push(performance.now() - t0);
  });
  if (agent) agent.destroy();
  return { lat, secs, done: lat.length };
}

const c = benchCluster();
try {
  c.up('--nodes', '1');
  const client = c.client();
  await client.create(pods, POD, undefined);
  let ip;
  for (const end = Date.now() + 60_000; !ip; await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > end) throw new Error('the pod did not start');
    const p = await client.get(pods, 'default', 'web');
    if (p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')) ip = p.status.podIP;
  }
  const env = c.env;
  // The server answers before it is measured (its first requests are slower).
  await round(ip, 8080, true);
  const routes = [
    ['direct to the pod IP (baseline)', async () => ({ host: ip, port: 8080, stop: () => {} })],
    [
      'kubectl port-forward',
      async () => ({
        host: '127.0.0.1',
        ...(await forward('kubectl', ['port-forward', 'pod/web', '0:8080'], env)),
      }),
    ],
    [
      'minik8s port-forward',
      async () => ({
        host: '127.0.0.1',
        ...(await forward(
          process.execPath,
          [join(ROOT, 'bin/run.js'), 'port-forward', 'pod/web', '0:8080'],
          env,
        )),
      }),
    ],
  ];
  // Every route stays open and the rounds alternate between them, PASSES times: a swing in the
  // machine's load hits each route alike.
  const open = [];
  let rows;
  try {
    for (const [what, start] of routes) open.push({ what, ...(await start()) });
    const samples = new Map();
    for (let pass = 0; pass < PASSES; pass++)
      for (const keepAlive of [true, false])
        for (const r of open) {
          const key = `${r.what}|${keepAlive}`;
          const m = await round(r.host, r.port, keepAlive);
          samples.set(key, [...(samples.get(key) ?? []), m]);
        }
    rows = [...samples].map(([key, ms]) => {
      const [route, keepAlive] = key.split('|');
      const lat = ms.flatMap((m) => m.lat);
      const done = ms.reduce((n, m) => n + m.done, 0);
      const secs = ms.reduce((n, m) => n + m.secs, 0);
      return {
        route,
        connections: keepAlive === 'true' ? `keep-alive x${CONCURRENCY}` : 'new per request',
        rps: done / secs,
        p50: pct(lat, 50),
        p99: pct(lat, 99),
        done,
      };
    });
  } finally {
    for (const r of open) r.stop();
  }
  for (const r of rows)
    console.log(
      `${r.route.padEnd(32)} ${r.connections.padEnd(16)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   (${r.done} requests)`,
    );
} finally {
  c.down();
}
