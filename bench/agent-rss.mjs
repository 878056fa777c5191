// Node agent figures on one Docker node: the agent's RSS idle and with pods, beside the node
// container's whole memory, and what a scrape of its metrics costs through the API server.
// Run: npm run build && node bench/agent-rss.mjs [pods]
// Traffic goes only to 127.0.0.1; every wait is bounded; the cluster is removed at the end.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PODS } from '../dist/api/kinds/index.js';
import { benchCluster } from './cluster.mjs';
import { ms, pct, report } from './measure.mjs';

const PODS_N = Number(process.argv[2] ?? 20);
const cluster = benchCluster();
const { row, print } = report();
const node = `${cluster.name}-control-plane`;
/** The agent process's RSS in MB, as `docker top` reports it (the node process, not docker-init). */
const agentRss = () => {
  const top = execFileSync('docker', ['top', node, '-o', 'pid,rss,args'])
    .toString()
    .trim()
    .split('\n')
    .slice(1);
  const agent = top.find((l) => /run\.js agent/.test(l) && !/docker-init/.test(l));
  if (!agent) throw new Error(`no agent process in ${node}`);
  return Number(agent.trim().split(/\s+/)[1]) / 1024;
};

async function until(what, check, ms = 180_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

try {
  cluster.up('--nodes', '1');
  const client = cluster.client();
  await new Promise((r) => setTimeout(r, 5000));
  row('agent RSS, idle', `${agentRss().toFixed(1)} MB`, 'issue: 70 MB before this work');
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
  row(`agent RSS, ${PODS_N} pods`, `${agentRss().toFixed(1)} MB`, 'issue: 80 MB with 100 pods before');
  for (const path of ['metrics', 'metrics/cadvisor']) {
    const times = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      const res = await client.raw('GET', `/api/v1/nodes/${node}/proxy/${path}`);
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      times.push(performance.now() - t);
    }
    row(`GET nodes/proxy/${path}, p50 / p99`, `${ms(pct(times, 50))} / ${ms(pct(times, 99))}`);
  }
  row(`agent RSS after the scrapes`, `${agentRss().toFixed(1)} MB`);
  client.close();
} finally {
  cluster.down();
}
print();
