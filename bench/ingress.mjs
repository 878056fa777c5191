// Requests per second and p99 latency to one web pod (busybox httpd) from the host, side by side
// in one run:
// - directly at the pod's IP on the cluster bridge (the baseline);
// - through its NodePort Service on 127.0.0.1:NODEPORT;
// - through the Ingress proxy on 127.0.0.1 (HTTP).
// Each path gets the same bounded load: REQUESTS requests from CONCURRENCY loops, stopped after
// SECONDS whatever is left, in each of ROUNDS rounds. Run: npm run build && node bench/ingress.mjs
// Traffic goes only to 127.0.0.1 and to the pod's address on the cluster's own bridge.
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { kinds } from '../dist/api/kinds/index.js';
import { BUSYBOX_IMAGE } from '../dist/cluster/local-images.js';
import { benchCluster } from './cluster.mjs';
import { median, ms, pct } from './measure.mjs';

const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const SECONDS = Number(process.env.SECONDS ?? 10);
const [pods, services, ingresses] = ['pods', 'services', 'ingresses'].map((r) => kinds.find(r));

async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

async function until(what, fn, timeoutMs = 120_000) {
  for (const end = Date.now() + timeoutMs; ; ) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * GET once, on a new connection (`agent` false) or on one a keep-alive client kept. busybox httpd
 * closes each connection, so directly and through the NodePort (which splices bytes) every
 * request still opens one; the Ingress keeps its client's connection and opens one to httpd.
 */
function get(host, port, agent = false) {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, path: '/', agent }, (res) => {
        res
          .resume()
          .on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
      })
      .on('error', reject);
  });
}

async function load(host, port, agent = false) {
  const lat = [];
  let next = 0;
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS && performance.now() < deadline) {
        next++;
        const s = performance.now();
        try {
          await get(host, port, agent);
          lat.push(performance.now() - s);
        } catch {
          errors++;
        }
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  return { rps: lat.length / secs, p50: pct(lat, 50), p99: pct(lat, 99), n: lat.length, errors };
}

const c = benchCluster();
try {
  const httpPort = await freePort();
  const httpsPort = await freePort();
  c.up('--nodes', '1', '--ingress-http-port', String(httpPort), '--ingress-https-port', String(httpsPort));
  const client = c.client();
  const ns = 'default';
  await client.create(pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: ns, labels: { app: 'web' } },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: 'web',
          image: BUSYBOX_IMAGE,
          command: [
            'sh',
            '-c',
            'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www',
          ],
          readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
        },
      ],
    },
  });
  const pod = await until('the pod ready', async () => {
    const p = await client.get(pods, ns, 'web');
    return p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') && p;
  });
  const podIP = pod.status.podIP;
  const svc = await client.create(services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: ns },
    spec: {
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    },
  });
  await client.create(ingresses, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: ns },
    spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
  });
  const nodePort = svc.spec.ports[0].nodePort;
  await until('the node port', () => get('127.0.0.1', nodePort).then(() => true));
  await until('the ingress', () => get('127.0.0.1', httpPort).then(() => true));
  const paths = [
    ['pod IP directly (baseline)', podIP, 8080],
    ['NodePort on 127.0.0.1', '127.0.0.1', nodePort],
    ['Ingress on 127.0.0.1', '127.0.0.1', httpPort],
  ];
  // Rounds interleave the paths (direct, NodePort, Ingress, direct, ...), so a change in the
  // machine's load falls on all of them; each figure is the median over the rounds, and each
  // ratio the median of the rounds' own ratios.
  const results = [];
  for (const keepAlive of [false, true]) {
    const rounds = paths.map(() => []);
    for (let round = 0; round <= ROUNDS; round++)
      for (const [i, [, host, port]] of paths.entries()) {
        const agent = keepAlive && new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
        const r = await load(host, port, agent);
        if (agent) agent.destroy();
        if (round > 0) rounds[i].push(r); // round 0 warms every path up
      }
    for (const [i, [what]] of paths.entries())
      results.push({
        what: `${what}, ${keepAlive ? 'keep-alive client' : 'new connection a request'}`,
        rps: median(rounds[i].map((r) => r.rps)),
        ratio: median(rounds[i].map((r, round) => r.rps / rounds[0][round].rps)),
        p50: median(rounds[i].map((r) => r.p50)),
        p99: median(rounds[i].map((r) => r.p99)),
        errors: rounds[i].reduce((n, r) => n + r.errors, 0),
      });
  }
  // The proxies share the control plane's process and the machine's CPUs: the load says how busy it was.
  const busy = os.loadavg()[0].toFixed(1);
  console.log(
    `${ROUNDS} rounds of ${REQUESTS} requests a path, ${CONCURRENCY} at once, at most ${SECONDS} s each; one busybox httpd pod; ${os.cpus().length} CPUs, load average ${busy}; medians over the rounds\n`,
  );
  console.log('| path | requests/s | vs direct | p50 | p99 | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results)
    console.log(
      `| ${r.what} | ${r.rps.toFixed(0)} | ${(r.ratio * 100).toFixed(0)} % | ${ms(r.p50)} | ${ms(r.p99)} | ${r.errors} |`,
    );
  client.close();
} finally {
  c.down();
}
