// `minik8s dashboard`'s CPU while the cluster is idle, view by view (pods, health), this build
// beside an older one in the same run: both dashboards in tmux at 80x24 against the same cluster
// of hollow nodes, measured at the same time from /proc/PID/stat.
// Run: npm run build && BEFORE=/path/to/older/checkout (built) node bench/dashboard-idle.mjs [seconds]
// Without BEFORE, only this build is measured. Traffic goes only to 127.0.0.1; the cluster and the
// tmux server are removed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchCluster, ROOT } from './cluster.mjs';
import { report, rssMb } from './measure.mjs';

const IDLE_MS = Number(process.argv[2] ?? 30) * 1000;
const BEFORE = process.env.BEFORE;
const NODES_N = 10;
const TICKS = 100; // USER_HZ: /proc/PID/stat counts CPU time in 1/100 s

const cluster = benchCluster();
const { row, print } = report(...(BEFORE ? ['before'] : []));
const socket = `minik8s-bench-${randomBytes(3).toString('hex')}`;
const tmux = (...args) =>
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {
    env: { ...cluster.env, NO_COLOR: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function until(what, done, ms = 120_000) {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** A dashboard of the build at `root` in a tmux window of its own. */
function dashboard(window, root) {
  tmux(
    'new-window',
    '-d',
    '-t',
    'main',
    '-n',
    window,
    process.execPath,
    join(root, 'bin/run.js'),
    'dashboard',
  );
  tmux('resize-window', '-t', `main:${window}`, '-x', '80', '-y', '24');
  return {
    pid: Number(tmux('display-message', '-p', '-t', `main:${window}`, '#{pane_pid}').trim()),
    screen: () => tmux('capture-pane', '-p', '-t', `main:${window}`),
    keys: (k) => tmux('send-keys', '-t', `main:${window}`, k),
  };
}

try {
  cluster.up('--nodes', '0', '--hollow-nodes', String(NODES_N));
  tmux('new-session', '-d', '-s', 'main', '-x', '80', '-y', '24', 'sleep', '3600');
  const dashes = [dashboard('now', ROOT), ...(BEFORE ? [dashboard('before', BEFORE)] : [])];
  for (const d of dashes) await until('a dashboard ready', () => /● ready/.test(d.screen()));
  for (const [key, view, shows] of [
    ['3', 'pods', /NAME\s+READY\s+STATUS/],
    ['6', 'health', /API mutating calls\s+\d/],
  ]) {
    for (const d of dashes) d.keys(key);
    for (const d of dashes) await until(`the ${view} view`, () => shows.test(d.screen()));
    // Settled: the first scrape and render after the switch are not idle.
    await sleep(3000);
    const before = dashes.map((d) => cpuSeconds(d.pid));
    const t0 = performance.now();
    await sleep(IDLE_MS);
    const secs = (performance.now() - t0) / 1000;
    const share = dashes.map(
      (d, i) => `${(((cpuSeconds(d.pid) - before[i]) / secs) * 100).toFixed(2)} % of a core`,
    );
    row(`CPU idle, ${view} view (${IDLE_MS / 1000} s)`, ...share);
  }
  row('RSS at the end', ...dashes.map((d) => `${rssMb(d.pid).toFixed(0)} MB`));
  console.error(`\nthe health view at 80x24:\n${dashes[0].screen()}`);
} finally {
  spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  cluster.down();
}
print();
