// Policy admission figures: pod create latency (10 clients) in a namespace under Pod Security
// (enforce baseline, warn restricted), a ResourceQuota (count and cpu) and a LimitRange with
// defaults, beside the same creates in a namespace without any, in one cluster and one run.
// Run: npm run build && node bench/policy.mjs
// Traffic goes only to 127.0.0.1; every loop is bounded by a count; the cluster is removed at the end.
import { LIMIT_RANGES, NAMESPACES, PODS, RESOURCE_QUOTAS } from '../dist/api/kinds/index.js';
import { benchCluster } from './cluster.mjs';
import { ms, pct, report, timed } from './measure.mjs';

const PODS_PER_RUN = 300;
const CLIENTS = 10;
const cluster = benchCluster();
const { row, print } = report('no policy');

const pod = (ns, i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p-${i}`, namespace: ns },
  spec: {
    containers: [
      { name: 'c', image: 'busybox', resources: { requests: { cpu: '10m' }, limits: { cpu: '10m' } } },
    ],
  },
});

try {
  cluster.up('--nodes', '0');
  const client = cluster.client();
  const namespace = (name, labels) =>
    client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  await namespace('plain', {});
  await namespace('policed', {
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/warn': 'restricted',
  });
  await client.create(RESOURCE_QUOTAS, {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q', namespace: 'policed' },
    spec: { hard: { pods: '100000', 'requests.cpu': '1000' } },
  });
  await client.create(LIMIT_RANGES, {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'l', namespace: 'policed' },
    spec: {
      limits: [{ type: 'Container', default: { memory: '64Mi' }, defaultRequest: { memory: '32Mi' } }],
    },
  });
  // The quota is enforced once its controller has written its status.
  for (let i = 0; i < 100; i++) {
    const q = await client.get(RESOURCE_QUOTAS, 'policed', 'q');
    if (q.status?.used) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // Warm-up, so that neither run pays for the server's first requests.
  await namespace('warmup', {});
  await timed(CLIENTS, 100, (i) => client.create(PODS, pod('warmup', i)));
  const plain = await timed(CLIENTS, PODS_PER_RUN, (i) => client.create(PODS, pod('plain', i)));
  const policed = await timed(CLIENTS, PODS_PER_RUN, (i) => client.create(PODS, pod('policed', i)));
  row(
    `create pod, ${CLIENTS} clients, ${PODS_PER_RUN} pods: p50 / p99 / throughput (Pod Security + ResourceQuota + LimitRange)`,
    `${ms(pct(policed.lat, 50))} / ${ms(pct(policed.lat, 99))} / ${(PODS_PER_RUN / policed.secs).toFixed(0)}/s`,
    `${ms(pct(plain.lat, 50))} / ${ms(pct(plain.lat, 99))} / ${(PODS_PER_RUN / plain.secs).toFixed(0)}/s`,
  );
  const used = (await client.get(RESOURCE_QUOTAS, 'policed', 'q')).status?.used;
  row(
    'quota used after the run (pods, requests.cpu)',
    `${used?.pods}, ${used?.['requests.cpu']}`,
    `${PODS_PER_RUN}, ${(PODS_PER_RUN * 10) / 1000}`,
  );
} finally {
  cluster.down();
}
print();
