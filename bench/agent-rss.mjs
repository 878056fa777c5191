// Node agent figures on one Docker node: the agent's RSS (and its anonymous and file-backed
// parts) idle, with pods, and with pods on other (hollow) nodes; its CPU idle and with its pods running, how long
// its pods take to run, and what a scrape of its metrics costs through the API server; beside
// a bare `node` in the same node container (the floor) and, for each `--before DIR`, the same
// figures of an older build (a checkout of an earlier commit, built, with its node_modules) in
// the same run.
// Run: npm run build && node bench/agent-rss.mjs [pods] [--before /tmp/minik8s-before]...
// Traffic goes only to 127.0.0.1; every wait is bounded; each cluster is removed at the end.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PODS } from '../dist/api/kinds/index.js';
import { benchCluster, ROOT } from './cluster.mjs';
import { ms, pct, report } from './measure.mjs';

const args = process.argv.slice(2);
const befores = args.flatMap((a, i) => (args[i - 1] === '--before' ? [resolve(a)] : []));
const PODS_N = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--before') ?? 10);
const SAMPLE_SECONDS = 20;
/** Pods elsewhere in the cluster (on hollow nodes), which the agent's NetworkPolicy enforcer watches too. */
const ELSEWHERE_N = 300;
const HOLLOW_N = 2;

/** Host pid of the first process in the node container whose arguments match. */
function pidIn(node, match) {
  const top = execFileSync('docker', ['top', node, '-o', 'pid,args']).toString().trim().split('\n').slice(1);
  const line = top.find((l) => match.test(l) && !/docker-init/.test(l));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

/** RSS, anonymous and file-backed resident memory of a process, in MB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
}
const mb = ({ rss, anon, file, min, max }) =>
  `${rss.toFixed(1)} MB (${min === undefined ? '' : `${min.toFixed(1)}-${max.toFixed(1)}; `}anon ${anon.toFixed(1)}, file ${file.toFixed(1)})`;

/**
 * The process's memory over `seconds`, sampled each second: its RSS saws as garbage grows and is
 * collected, so one reading can be off by several MB. The mean RSS, its range, and the last parts.
 */
async function sampled(pid, seconds = SAMPLE_SECONDS) {
  const samples = [];
  for (let i = 0; i < seconds; i++) {
    samples.push(memory(pid));
    await new Promise((r) => setTimeout(r, 1000));
  }
  const rss = samples.map((s) => s.rss);
  return {
    ...samples.at(-1),
    rss: rss.reduce((a, b) => a + b, 0) / rss.length,
    min: Math.min(...rss),
    max: Math.max(...rss),
  };
}

/** CPU seconds the process used so far (user + system). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function until(what, check, ms = 180_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One cluster of the build at `root`: its agent's figures. */
async function measure(root, withFloor) {
  const cluster = benchCluster(root);
  const node = `${cluster.name}-control-plane`;
  const out = {};
  try {
    cluster.up('--nodes', '1', '--hollow-nodes', String(HOLLOW_N));
    const client = cluster.client();
    await until('the node to be Ready', async () => {
      const n = await client.raw('GET', `/api/v1/nodes/${node}`);
      const ready =
        n.status === 200 && JSON.parse(n.body).status?.conditions?.find((c) => c.type === 'Ready');
      return ready?.status === 'True';
    });
    const agent = pidIn(node, /\/usr\/bin\/node .*(run\.js agent|agent\.js)/);
    if (!agent) throw new Error(`no agent process in ${node}`);
    if (withFloor) {
      execFileSync('docker', [
        'exec',
        '-d',
        node,
        '/usr/bin/node',
        '--max-semi-space-size=1',
        '-e',
        'setTimeout(() => {}, 60000)',
      ]);
      let floor;
      await until(
        'the bare node process',
        () => (floor = pidIn(node, /-e setTimeout/)) !== undefined,
        10_000,
      );
      await new Promise((r) => setTimeout(r, 2000));
      out.floor = memory(floor);
    }
    const cpu0 = cpuSeconds(agent);
    out.idle = await sampled(agent);
    out.idleCpu = (cpuSeconds(agent) - cpu0) / SAMPLE_SECONDS;
    const t0 = performance.now();
    for (let i = 0; i < PODS_N; i++)
      await client.create(PODS, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p-${i}`, namespace: 'default' },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'c', image: 'minik8s/busybox:latest', command: ['sleep', '3600'] }],
        },
      });
    await until('the pods to run', async () => {
      const pods = (await client.list(PODS, { namespace: 'default' })).items;
      return pods.filter((p) => p.status?.phase === 'Running').length === PODS_N;
    });
    out.podsRunning = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 3000));
    const cpu1 = cpuSeconds(agent);
    out.pods = await sampled(agent);
    out.podsCpu = (cpuSeconds(agent) - cpu1) / SAMPLE_SECONDS;
    for (const path of ['metrics', 'metrics/cadvisor']) {
      const times = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        const res = await client.raw('GET', `/api/v1/nodes/${node}/proxy/${path}`);
        if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
        times.push(performance.now() - t);
      }
      out[path] = `${ms(pct(times, 50))} / ${ms(pct(times, 99))}`;
    }
    out.scraped = memory(agent);
    for (let i = 0; i < ELSEWHERE_N; i++)
      await client.create(PODS, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `elsewhere-${i}`, namespace: 'default', labels: { app: 'elsewhere' } },
        spec: {
          nodeName: `${cluster.name}-hollow-${String((i % HOLLOW_N) + 1).padStart(4, '0')}`,
          containers: [
            { name: 'c', image: 'minik8s/busybox:latest', ports: [{ name: 'http', containerPort: 80 }] },
          ],
        },
      });
    await until('the pods elsewhere to run', async () => {
      const pods = (await client.list(PODS, { namespace: 'default', labelSelector: 'app=elsewhere' })).items;
      return pods.filter((p) => p.status?.phase === 'Running').length === ELSEWHERE_N;
    });
    await new Promise((r) => setTimeout(r, 5000));
    out.elsewhere = await sampled(agent);
    client.close();
  } finally {
    cluster.down();
  }
  return out;
}

const { row, print } = report(...befores.map((dir) => `before (${basename(dir)})`), 'bare node -e');
const was = [];
for (const dir of befores) was.push(await measure(dir, false));
const now = await measure(ROOT, true);
const against = (f) => was.map(f);
row('agent RSS, idle', mb(now.idle), ...against((w) => mb(w.idle)), mb(now.floor));
const cpu = (x) => `${(x * 100).toFixed(2)} %`;
row(`agent CPU idle (${SAMPLE_SECONDS} s)`, cpu(now.idleCpu), ...against((w) => cpu(w.idleCpu)));
row(
  `${PODS_N} pods created to all Running`,
  `${now.podsRunning.toFixed(1)} s`,
  ...against((w) => `${w.podsRunning.toFixed(1)} s`),
);
row(`agent RSS, ${PODS_N} pods`, mb(now.pods), ...against((w) => mb(w.pods)));
row(
  `agent CPU, ${PODS_N} pods running (${SAMPLE_SECONDS} s)`,
  cpu(now.podsCpu),
  ...against((w) => cpu(w.podsCpu)),
);
for (const path of ['metrics', 'metrics/cadvisor'])
  row(`GET nodes/proxy/${path}, p50 / p99`, now[path], ...against((w) => w[path]));
row('agent RSS after the scrapes', mb(now.scraped), ...against((w) => mb(w.scraped)));
row(
  `agent RSS, and ${ELSEWHERE_N} pods on other nodes`,
  mb(now.elsewhere),
  ...against((w) => mb(w.elsewhere)),
);
print();
