// Cluster DNS figures, each beside its baseline from the same run:
// - a Service created (the API has answered) -> its name answering from the cluster DNS,
//   p50 / p99 over 20 Services (target: within 1 s);
// - query latency p50 / p99 of a cluster name answered by the cluster DNS, vs the same kind of
//   query (a name it holds) answered by the upstream resolver, Docker's embedded DNS; and a name
//   relayed by the cluster DNS to that upstream.
// The DNS server and the queries run inside a container on the cluster's bridge, with Docker's
// DNS (127.0.0.11) as upstream, as the cluster's network container runs it; the API is reached on
// the bridge gateway, as nodes reach it.
// Run: npm run build && node bench/dns.mjs
// Bounded loops only (count and time); traffic to 127.0.0.1, 127.0.0.11 and the bridge gateway;
// the cluster and the container are removed at the end.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import dnsPacket from 'dns-packet';
import { pct } from './measure.mjs';

const SERVICES_CREATED = 20;
const QUERIES = 2000;
const WAIT_MS = 5000;
const LOOP_LIMIT_MS = 30_000;

/** One UDP question, the decoded reply (rejects after timeoutMs). */
function ask(sock, host, port, name, type, timeoutMs = 2000) {
  const id = Math.floor(Math.random() * 65536);
  const query = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
  });
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (msg.readUInt16BE(0) !== id) return;
      clearTimeout(timer);
      sock.off('message', onMessage);
      resolve(dnsPacket.decode(msg));
    };
    const timer = setTimeout(() => {
      sock.off('message', onMessage);
      reject(new Error(`no answer for ${name} from ${host}:${port}`));
    }, timeoutMs);
    sock.on('message', onMessage);
    sock.send(query, port, host);
  });
}

async function latencies(sock, host, port, name) {
  const lat = [];
  const end = performance.now() + LOOP_LIMIT_MS;
  for (let i = 0; i < QUERIES && performance.now() < end; i++) {
    const t0 = performance.now();
    const reply = await ask(sock, host, port, name, 'A');
    lat.push(performance.now() - t0);
    if (!reply.answers.length) throw new Error(`${name} from ${host}:${port}: ${reply.rcode}, no answer`);
  }
  return lat;
}

/** Inside the container: the server, the Services, the queries; figures as JSON on stdout. */
async function inside() {
  const { Client } = await import('../dist/client/client.js');
  const { kinds } = await import('../dist/api/kinds/index.js');
  const { startClusterDns } = await import('../dist/net/dns/index.js');
  const services = kinds.find('services');
  const client = new Client(JSON.parse(process.env.BENCH_DNS_CONN));
  const dns = await startClusterDns({
    client,
    listen: [{ host: '127.0.0.1', port: 53 }],
    upstream: ['127.0.0.11'],
  });
  const sock = dgram.createSocket('udp4');
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  const out = { createdToAnswer: [] };
  for (let i = 0; i < SERVICES_CREATED; i++) {
    const name = `bench-${i}`;
    await client.create(services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    });
    const t0 = performance.now();
    for (;;) {
      const r = await ask(sock, '127.0.0.1', 53, `${name}.default.svc.cluster.local`, 'A');
      if (r.answers.length) break;
      if (performance.now() - t0 > WAIT_MS) throw new Error(`${name} did not answer within ${WAIT_MS} ms`);
      await new Promise((res) => setTimeout(res, 2));
    }
    out.createdToAnswer.push(performance.now() - t0);
  }
  const self = process.env.BENCH_DNS_SELF;
  out.cluster = await latencies(sock, '127.0.0.1', 53, 'bench-0.default.svc.cluster.local');
  out.docker = await latencies(sock, '127.0.0.11', 53, self);
  out.relayed = await latencies(sock, '127.0.0.1', 53, self);
  sock.close();
  await dns.close();
  client.close();
  console.log(JSON.stringify(out));
}

/** On the host: a cluster, the container running `inside`, the table. */
async function outside() {
  const { benchCluster, ROOT } = await import('./cluster.mjs');
  const { findNetwork } = await import('../dist/net/network.js');
  const { NODE_IMAGE } = await import('../dist/runtime/image-names.js');
  const Docker = (await import('dockerode')).default;
  const c = benchCluster();
  const self = `bench-dns-${randomBytes(3).toString('hex')}`;
  try {
    // One node: the cluster's bridge exists once a node is on it.
    c.up('--nodes', '1');
    const net = await findNetwork(new Docker(), c.name);
    const conn = c.client().conn;
    const server = new URL(conn.server);
    server.hostname = net.gateway;
    const raw = execFileSync(
      'docker',
      [
        'run',
        '--rm',
        '--name',
        self,
        '--network',
        net.name,
        '--label',
        'minik8s.test=1',
        '-v',
        `${ROOT}:${ROOT}:ro`,
        '-e',
        `BENCH_DNS_CONN=${JSON.stringify({ ...conn, server: server.origin })}`,
        '-e',
        `BENCH_DNS_SELF=${self}`,
        NODE_IMAGE,
        'node',
        `${ROOT}bench/dns.mjs`,
        '--inside',
      ],
      { encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const r = JSON.parse(raw.trim().split('\n').pop());
    const f = (xs) => `p50 ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms`;
    console.log(
      `Service created -> name answers (${r.createdToAnswer.length}): ${f(r.createdToAnswer)} (target 1 s)`,
    );
    console.log(`cluster name from the cluster DNS (${r.cluster.length} queries): ${f(r.cluster)}`);
    console.log(
      `container name from Docker's DNS, the upstream (${r.docker.length}): ${f(r.docker)}   (baseline)`,
    );
    console.log(
      `container name relayed by the cluster DNS to Docker's (${r.relayed.length}): ${f(r.relayed)}`,
    );
  } finally {
    try {
      execFileSync('docker', ['rm', '-f', self], { stdio: 'ignore' });
    } catch {}
    c.down();
  }
}

await (process.argv.includes('--inside') ? inside() : outside());
