// Control-plane benchmark: `up --nodes 0` wall time, API create latency (1/10/50 clients) beside
// the server's floor (GET /healthz at the same concurrency), watch delivery latency with 100
// watchers, and the control plane's RSS idle and holding 10,000 pods.
// Run: npm run build && node bench/control-plane.mjs
// Traffic goes only to 127.0.0.1; every loop is bounded by a count; the cluster is removed at the end.
import { performance } from 'node:perf_hooks';
import { CONFIGMAPS, PODS } from '../dist/api/kinds/index.js';
import { benchCluster } from './cluster.mjs';
import { ms, pct, report, rssMb, timed } from './measure.mjs';

const cluster = benchCluster();
const { cli } = cluster;

const { row, print } = report();

try {
  // CLI start floor: the same executable doing nothing but print its version.
  const floor = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    cli('--version');
    floor.push(performance.now() - s);
  }
  const ups = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    cluster.up('--nodes', '0');
    ups.push(performance.now() - s);
    if (i < 4) cli('down', '--name', cluster.name);
  }
  row(
    'up --nodes 0 wall time (median of 5, fresh cluster each)',
    ms(pct(ups, 50)),
    `minik8s --version ${ms(pct(floor, 50))}`,
  );

  const client = cluster.client();
  const pid = cluster.pid();
  await new Promise((r) => setTimeout(r, 2000));
  row('control-plane RSS idle', `${rssMb(pid).toFixed(1)} MB`);

  const cms = CONFIGMAPS;
  for (const c of [1, 10, 50]) {
    const health = await timed(c, 1000, () => client.raw('GET', '/healthz'));
    const create = await timed(c, 1000, (i) =>
      client.create(cms, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `c${c}-${i}`, namespace: 'default' },
        data: { k: 'v' },
      }),
    );
    row(
      `create ConfigMap, ${c} client(s): p50 / p99 / throughput`,
      `${ms(pct(create.lat, 50))} / ${ms(pct(create.lat, 99))} / ${(1000 / create.secs).toFixed(0)}/s`,
      `GET /healthz ${ms(pct(health.lat, 50))} / ${ms(pct(health.lat, 99))}`,
    );
  }

  // Watch delivery: 100 watchers; each write carries its send time; latency = receipt - send.
  const watchers = 100;
  const writes = 200;
  const delays = [];
  const handles = [];
  const start = await client.list(cms, { namespace: 'kube-public' });
  for (let w = 0; w < watchers; w++) {
    handles.push(
      client.watch(
        cms,
        { namespace: 'kube-public', resourceVersion: start.metadata.resourceVersion },
        (ev) => {
          if (ev.type === 'ADDED')
            delays.push(performance.now() + performance.timeOrigin - Number(ev.object.data.sent));
        },
      ),
    );
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (let i = 0; i < writes; i++) {
    await client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `w-${i}`, namespace: 'kube-public' },
      data: { sent: String(performance.now() + performance.timeOrigin) },
    });
    await new Promise((r) => setTimeout(r, 10));
  }
  const deadline = Date.now() + 20_000;
  while (delays.length < watchers * writes && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  for (const h of handles) h.stop();
  row(
    `watch delivery, ${watchers} watchers x ${writes} writes: p50 / p99 (received ${delays.length})`,
    `${ms(pct(delays, 50))} / ${ms(pct(delays, 99))}`,
  );

  const pods = PODS;
  const podCreate = await timed(20, 10_000, (i) =>
    client.create(pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p-${i}`, namespace: 'default', labels: { app: `web-${i % 10}` } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'minik8s/busybox:latest',
            command: ['httpd', '-f'],
            ports: [{ containerPort: 80 }],
          },
        ],
      },
    }),
  );
  row(
    'create 10,000 pods, 20 clients',
    `${(10_000 / podCreate.secs).toFixed(0)} pods/s, p99 ${ms(pct(podCreate.lat, 99))}`,
  );
  await new Promise((r) => setTimeout(r, 2000));
  row('control-plane RSS holding 10,000 pods', `${rssMb(pid).toFixed(1)} MB`);
  const l0 = performance.now();
  const all = await client.list(pods, { namespace: 'default' });
  row(`GET all ${all.items.length} pods (JSON)`, ms(performance.now() - l0));
  const l1 = performance.now();
  await client.request('GET', '/api/v1/namespaces/default/pods', {
    accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
  });
  row('GET all pods as Table (what kubectl get asks)', ms(performance.now() - l1));
  row('control-plane RSS after listing', `${rssMb(pid).toFixed(1)} MB`);
  client.close();
} finally {
  cluster.down();
}
print();
