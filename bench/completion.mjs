// What a tab press costs, each figure beside kubectl's from the same run against the same cluster:
// `minik8s __complete` vs `kubectl __complete` (cobra's) for object names (one list request),
// resource types (from the discovery cache both keep), and -o formats (no request); `node -e 0`
// shows what starting Node itself costs. Commands and flags need no process: the script holds them.
// Run: npm run build && node bench/completion.mjs [rounds]. A cluster without nodes holding 10
// Pending pods; traffic goes only to 127.0.0.1; loops are bounded; the cluster is removed at the end.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCluster, ROOT } from './cluster.mjs';
import { report, medians as runMedians } from './measure.mjs';

const ROUNDS = Number(process.argv[2] ?? 9);
const cacheHome = mkdtempSync(join(tmpdir(), 'minik8s-bench-cache-'));
process.env.XDG_CACHE_HOME = cacheHome;
const cluster = benchCluster();
const env = { ...cluster.env, KUBECACHEDIR: join(cluster.home, 'kube-cache') };
const { row, print } = report('kubectl');

const medians = (commands) => runMedians(commands, env, ROUNDS);
const minik8s = (...args) => [process.execPath, [join(ROOT, 'bin/run.js'), '__complete', ...args]];
const kubectl = (...args) => ['kubectl', ['__complete', ...args]];
const shown = (x) => `${x.toFixed(0)} ms`;

try {
  cluster.up('--nodes', '0');
  const client = cluster.client();
  for (let i = 0; i < 10; i++)
    await client.request('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p${i}` },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
    });
  client.close();
  // `get` fills minik8s's discovery cache, kubectl's own its.
  execFileSync(process.execPath, [join(ROOT, 'bin/run.js'), 'get', 'pods'], { env, stdio: 'ignore' });
  const cases = [
    ['names: get pods <TAB> (10 pods)', ['get', 'pods', '']],
    ['types: get <TAB>', ['get', '']],
    ['formats: get pods -o <TAB>', ['get', 'pods', '-o', '']],
  ];
  for (const [what, words] of cases) {
    const [mine, theirs] = medians([minik8s(...words), kubectl(...words)]);
    row(what, shown(mine), shown(theirs));
  }
  const [node] = medians([[process.execPath, ['-e', '0']]]);
  row('node -e 0', shown(node));
} finally {
  cluster.down();
  rmSync(cacheHome, { recursive: true, force: true });
}
print();
