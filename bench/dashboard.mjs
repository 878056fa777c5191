// `minik8s dashboard` figures, in a real terminal (tmux), each beside `kubectl get pods -w` in the
// same run, on a cluster of hollow nodes:
// - time from a pod's create to its name on the dashboard's screen, vs to its line from kubectl -w;
// - the dashboard's CPU (share of one core) and RSS while the cluster is idle, with few pods and
//   with 1,000 pods (bound to hollow nodes, Running), vs kubectl -w's.
// Run: npm run build && node bench/dashboard.mjs [pods] [probes]
// Traffic goes only to 127.0.0.1; every loop is bounded in count and time; the cluster, the tmux
// server and kubectl are removed at the end.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PODS } from '../dist/api/kinds/index.js';
import { benchCluster, ROOT } from './cluster.mjs';
import { pct, report, rssMb, timed } from './measure.mjs';

const PODS_N = Number(process.argv[2] ?? 1000);
const PROBES = Number(process.argv[3] ?? 10);
const NODES_N = 10;
const IDLE_MS = 20_000;
const DEADLINE_MS = 300_000;
const TICKS = 100; // USER_HZ: /proc/PID/stat counts CPU time in 1/100 s

const cluster = benchCluster();
const { row, print } = report('kubectl get pods -w');
const socket = `minik8s-bench-${randomBytes(3).toString('hex')}`;
const tmux = (...args) =>
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {
    env: cluster.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const screen = () => tmux('capture-pane', '-p', '-t', 'main');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** The share of one core each process used over `ms`. */
async function cpuShare(pids, ms) {
  const before = pids.map(cpuSeconds);
  const t0 = performance.now();
  await sleep(ms);
  const secs = (performance.now() - t0) / 1000;
  return pids.map((pid, i) => (cpuSeconds(pid) - before[i]) / secs);
}

async function until(what, done, ms = DEADLINE_MS, every = 100) {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

const podOf = (name, nodeName) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'bench' } },
  spec: {
    ...(nodeName ? { nodeName } : {}),
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'c', image: 'minik8s/busybox:latest', imagePullPolicy: 'IfNotPresent' }],
  },
});

/** kubectl get pods -w, and when each pod name first showed in its output. */
function kubectlWatch() {
  const child = spawn('kubectl', ['get', 'pods', '-w'], {
    env: cluster.env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const seen = new Map();
  let buf = '';
  child.stdout.on('data', (c) => {
    buf += c.toString();
    const lines = buf.split('\n');
    buf = lines.pop();
    for (const line of lines) {
      const name = line.split(/\s+/)[0];
      if (!seen.has(name)) seen.set(name, performance.now());
    }
  });
  return { child, seen };
}

/** Creates `probes` pods one after another; for each, the time until the dashboard and kubectl show it. */
async function probeLatency(client, kubectl, label, tag) {
  const dash = [];
  const kube = [];
  for (let i = 0; i < PROBES; i++) {
    // `aaa-` sorts first: the probe is on the dashboard's first screen however many pods there are.
    const name = `aaa-probe-${tag}-${i}`;
    const t0 = performance.now();
    await client.create(PODS, podOf(name));
    await until(`${name} on the dashboard`, () => screen().includes(name), 30_000, 10);
    dash.push(performance.now() - t0);
    await until(`${name} from kubectl -w`, () => kubectl.seen.has(name), 30_000, 10);
    kube.push(kubectl.seen.get(name) - t0);
  }
  const f = (xs) => `p50 ${pct(xs, 50).toFixed(0)} ms, p99 ${pct(xs, 99).toFixed(0)} ms`;
  row(`pod created -> on screen, ${label} (${PROBES} pods)`, f(dash), f(kube));
}

async function idle(dashPid, kubectl, label) {
  const [dash, kube] = await cpuShare([dashPid, kubectl.child.pid], IDLE_MS);
  const pc = (x) => `${(x * 100).toFixed(2)} % of a core`;
  row(`CPU idle, ${label} (${IDLE_MS / 1000} s)`, pc(dash), pc(kube));
  row(`RSS, ${label}`, `${rssMb(dashPid).toFixed(0)} MB`, `${rssMb(kubectl.child.pid).toFixed(0)} MB`);
}

let kubectl;
try {
  cluster.up('--nodes', '0', '--hollow-nodes', String(NODES_N));
  const client = cluster.client();
  tmux(
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    '100',
    '-y',
    '30',
    process.execPath,
    join(ROOT, 'bin/run.js'),
    'dashboard',
  );
  const dashPid = Number(tmux('display-message', '-p', '-t', 'main', '#{pane_pid}').trim());
  kubectl = kubectlWatch();
  await until(
    'the dashboard ready',
    () => /● ready/.test(screen()) && /NAME\s+READY\s+STATUS/.test(screen()),
  );
  // kubectl prints nothing on stdout before the first pod: a first pod shows both are watching.
  await client.create(PODS, podOf('aaa-warmup'));
  await until(
    'both watching',
    () => kubectl.seen.has('aaa-warmup') && screen().includes('aaa-warmup'),
    60_000,
  );

  // What one look at the screen costs: the dashboard's figures include up to one of these.
  const looks = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    screen();
    looks.push(performance.now() - t0);
  }
  row('reading the screen once (tmux capture-pane), p50', `${pct(looks, 50).toFixed(0)} ms`);
  await probeLatency(client, kubectl, 'few pods', 'few');
  await idle(dashPid, kubectl, `${PROBES} pods`);

  const nodes = Array.from(
    { length: NODES_N },
    (_, i) => `${cluster.name}-hollow-${String(i + 1).padStart(4, '0')}`,
  );
  const made = await timed(10, PODS_N, (i) =>
    client.create(PODS, podOf(`bench-${String(i).padStart(5, '0')}`, nodes[i % NODES_N])),
  );
  console.error(`created ${PODS_N} pods in ${made.secs.toFixed(1)} s`);
  await until(
    `${PODS_N} pods Running`,
    async () => {
      const list = await client.list(PODS, { namespace: 'default', labelSelector: 'app=bench' });
      return list.items.filter((p) => p.status?.phase === 'Running').length >= PODS_N;
    },
    DEADLINE_MS,
    2000,
  );
  await probeLatency(client, kubectl, `${PODS_N} pods`, 'many');
  await idle(dashPid, kubectl, `${PODS_N} pods`);
  console.error(`\nthe dashboard with ${PODS_N} pods (100x30):\n${screen()}`);
  tmux('send-keys', '-t', 'main', '1');
  await sleep(1000);
  console.error(`\nits nodes view:\n${screen()}`);
  tmux('send-keys', '-t', 'main', 'q');
  await until(
    'the dashboard to quit',
    () => {
      try {
        tmux('has-session', '-t', 'main');
        return false;
      } catch {
        return true;
      }
    },
    10_000,
  );
} finally {
  kubectl?.child.kill();
  // The server is gone already when the dashboard quit: its window was the last.
  spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  cluster.down();
}
print();
