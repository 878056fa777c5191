// Cluster and pod figures, each beside raw Docker in the same run:
// - `minik8s up --nodes 1` and `--nodes 3` (node image cached) vs `docker run -d` of as many containers;
// - pod start latency (create -> Running, -> Ready) p50/p99 over 50 pods, one at a time,
//   vs `docker run` of the same sandbox plus container;
// - 100 small pods on one node: time to all Running, node agent RSS, memory per idle pod.
// Run: npm run build && node bench/pods.mjs
// Bounded loops only; everything made here is labelled minik8s.test=1 and removed at the end.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { execa } from 'execa';
import { parse } from 'yaml';
import { kinds } from '../dist/api/kinds/index.js';
import { Client } from '../dist/client/client.js';
import { BUSYBOX_IMAGE } from '../dist/cluster/local-images.js';
import { NODE_IMAGE } from '../dist/runtime/image-names.js';
import { pct, report } from './measure.mjs';

const BIN = new URL('../bin/run.js', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'minik8s-bench-'));
const env = { ...process.env, MINIK8S_HOME: home, KUBECONFIG: join(home, 'kubeconfig'), MINIK8S_TEST: '1' };
const id = randomBytes(3).toString('hex');
const docker = new Docker();
const cli = (...args) =>
  execFileSync(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
const pods = kinds.find('pods');
const { row, print } = report('raw Docker baseline');
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const msf = (ms) => `${ms.toFixed(0)} ms`;

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function rawRun(n, tag) {
  const names = Array.from({ length: n }, (_, i) => `bench-raw-${tag}-${id}-${i}`);
  const ms = await timed(() =>
    Promise.all(
      names.map((name) =>
        execa('docker', ['run', '-d', '--rm', '--label', 'minik8s.test=1', '--name', name, NODE_IMAGE]),
      ),
    ),
  );
  await execa('docker', ['rm', '-f', ...names]);
  return ms;
}

function connection(cluster) {
  const cfg = parse(readFileSync(env.KUBECONFIG, 'utf8'));
  const c = cfg.clusters.find((x) => x.name === `minik8s-${cluster}`).cluster;
  const u = cfg.users.find((x) => x.name === `minik8s-${cluster}`).user;
  return {
    server: c.server,
    ca: Buffer.from(c['certificate-authority-data'], 'base64').toString(),
    token: u.token,
  };
}

const podSpec = (name, ready) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [
      {
        name: 'c',
        image: BUSYBOX_IMAGE,
        imagePullPolicy: 'IfNotPresent',
        command: ['httpd', '-f', '-p', '8080'],
        ...(ready ? { readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 } } : {}),
      },
    ],
  },
});

const isRunning = (p) => p.status?.phase === 'Running';
const isReady = (p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

async function waitPod(client, name, pred, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = await client.get(pods, 'default', name);
    if (pred(p)) return;
    if (Date.now() > end) throw new Error(`pod ${name} not there in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function rssMb(pid) {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

async function agentPid(node) {
  const info = await docker.getContainer(node).inspect();
  const children = readFileSync(`/proc/${info.State.Pid}/task/${info.State.Pid}/children`, 'utf8')
    .trim()
    .split(/\s+/);
  return Number(children[0] || info.State.Pid);
}

try {
  for (const n of [1, 3]) {
    const name = `b${n}-${id}`;
    const up = await timed(async () => cli('up', '--name', name, '--nodes', String(n)));
    const raw = await rawRun(n, `up${n}`);
    row(`up --nodes ${n} (image cached, to all nodes Ready)`, s(up), `docker run -d x${n}: ${s(raw)}`);
    if (n === 3) cli('down', '--name', name);
  }

  const cluster = `b1-${id}`;
  const client = new Client(connection(cluster));
  const network = `minik8s-${cluster}`;
  const running = [];
  const ready = [];
  const raw = [];
  for (let i = 0; i < 50; i++) {
    const name = `lat-${i}`;
    const t0 = performance.now();
    await client.create(pods, podSpec(name, true));
    await waitPod(client, name, isRunning);
    running.push(performance.now() - t0);
    await waitPod(client, name, isReady);
    ready.push(performance.now() - t0);
    await client.delete(pods, 'default', name, { gracePeriodSeconds: 0 });

    const sb = `bench-sb-${id}-${i}`;
    const r0 = performance.now();
    await execa('docker', [
      'run',
      '-d',
      '--label',
      'minik8s.test=1',
      '--name',
      sb,
      '--network',
      network,
      NODE_IMAGE,
      'sleep',
      'infinity',
    ]);
    await execa('docker', [
      'run',
      '-d',
      '--label',
      'minik8s.test=1',
      '--name',
      `${sb}-c`,
      '--network',
      `container:${sb}`,
      BUSYBOX_IMAGE,
      'httpd',
      '-f',
      '-p',
      '8080',
    ]);
    raw.push(performance.now() - r0);
    await execa('docker', ['rm', '-f', sb, `${sb}-c`]);
  }
  row(
    'pod start, create -> Running, p50 / p99 (50 pods)',
    `${msf(pct(running, 50))} / ${msf(pct(running, 99))}`,
    `docker run sandbox + container: ${msf(pct(raw, 50))} / ${msf(pct(raw, 99))}`,
  );
  row(
    'pod start, create -> Ready (tcp probe, period 1 s), p50 / p99',
    `${msf(pct(ready, 50))} / ${msf(pct(ready, 99))}`,
  );

  const node = `${cluster}-control-plane`;
  const pid = await agentPid(node);
  row('node agent RSS, idle', `${rssMb(pid).toFixed(1)} MB`);
  const t100 = performance.now();
  await Promise.all(Array.from({ length: 100 }, (_, i) => client.create(pods, podSpec(`many-${i}`, false))));
  for (let end = Date.now() + 300_000; ; ) {
    const list = await client.list(pods, { namespace: 'default' });
    if (list.items.filter(isRunning).length >= 100) break;
    if (Date.now() > end) throw new Error('100 pods not Running in 5 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
  const all = performance.now() - t100;
  const rawMany = await timed(async () => {
    const names = Array.from({ length: 100 }, (_, i) => `bench-many-${id}-${i}`);
    await Promise.all(
      names.map((n) =>
        execa('docker', [
          'run',
          '-d',
          '--label',
          'minik8s.test=1',
          '--name',
          n,
          '--network',
          network,
          BUSYBOX_IMAGE,
          'httpd',
          '-f',
          '-p',
          '8080',
        ]),
      ),
    );
  });
  row('100 pods on one node: create -> all Running', s(all), `docker run -d x100 containers: ${s(rawMany)}`);
  await new Promise((r) => setTimeout(r, 5000));
  row('node agent RSS with 100 pods', `${rssMb(pid).toFixed(1)} MB`);
  const stats = await execa('docker', ['stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}}']);
  const toMb = (v) => {
    const m = /([\d.]+)(KiB|MiB|GiB|B)/.exec(v);
    return Number(m[1]) * { B: 1 / 2 ** 20, KiB: 1 / 1024, MiB: 1, GiB: 1024 }[m[2]];
  };
  const podMem = stats.stdout
    .split('\n')
    .filter((l) => l.includes('_many-'))
    .map((l) => toMb(l.split(' ')[1]));
  const rawMem = stats.stdout
    .split('\n')
    .filter((l) => l.startsWith(`bench-many-${id}`))
    .map((l) => toMb(l.split(' ')[1]));
  const perPod = podMem.reduce((a, b) => a + b, 0) / 100;
  row(
    'memory per idle pod (sandbox + container, docker stats)',
    `${perPod.toFixed(2)} MB`,
    `one raw container: ${(rawMem.reduce((a, b) => a + b, 0) / rawMem.length).toFixed(2)} MB`,
  );
  client.close();
} finally {
  await execa('bash', [
    '-c',
    `docker rm -f $(docker ps -aq --filter name=bench-many-${id} --filter name=bench-sb-${id}) 2>/dev/null || true`,
  ]);
  try {
    cli('down', '--name', `b1-${id}`);
  } catch {}
  try {
    cli('down', '--name', `b3-${id}`);
  } catch {}
  rmSync(home, { recursive: true, force: true });
}
print();
