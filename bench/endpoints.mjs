// Endpoint figures, each beside its baseline in the same run, on a control-plane-only cluster:
// - a pod's readiness flipped (status write) -> its EndpointSlice and Endpoints show it, p50/p99
//   over 100 flips, vs the same status change reaching a plain watch of the pod (the floor);
// - a Service created over 50 ready pods -> its slices hold all 50, vs a watch seeing the Service.
// Run: npm run build && node bench/endpoints.mjs
// Bounded loops only; the cluster is removed at the end. No traffic leaves 127.0.0.1.
import { performance } from 'node:perf_hooks';
import { kinds } from '../dist/api/kinds/index.js';
import { benchCluster } from './cluster.mjs';
import { ms, pct } from './measure.mjs';

const PODS = kinds.find('pods');
const SERVICES = kinds.find('services');
const SLICES = kinds.find('endpointslices');
const ENDPOINTS = kinds.find('endpoints');
const FLIPS = 100;
const POD_COUNT = 50;
const NS = 'default';

const c = benchCluster();
/** Resolves with the time the first event for which `match` holds arrives (bounded by a timeout). */
function watchFor(client, def, query, timeoutMs = 10_000) {
  const waiting = new Set();
  const handle = client.watch(def, { namespace: NS, ...query }, (ev) => {
    const at = performance.now();
    for (const w of waiting)
      if (w.match(ev.object)) {
        waiting.delete(w);
        w.resolve(at);
      }
  });
  return {
    next: (match) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${def.resource} event within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting.add({
          match,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        });
      }),
    stop: () => handle.stop(),
  };
}

const readyStatus = (ip, ready) => ({
  phase: 'Running',
  podIP: ip,
  podIPs: [{ ip }],
  conditions: [
    { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString() },
  ],
});

try {
  c.up('--nodes', '0');
  const client = c.client();
  const rv = async (def) => (await client.list(def, { namespace: NS, limit: 1 })).metadata.resourceVersion;
  const made = [];
  for (let i = 0; i < POD_COUNT; i++) {
    const pod = await client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-${i}`, namespace: NS, labels: { app: 'web' } },
      // Bound to a node that runs nothing: only this benchmark writes the pods' status.
      spec: {
        nodeName: 'bench-node',
        automountServiceAccountToken: false,
        containers: [{ name: 'c', image: 'none' }],
      },
    });
    const ip = `10.244.${128 + Math.floor(i / 250)}.${(i % 250) + 1}`;
    made.push(await client.update(PODS, { ...pod, status: readyStatus(ip, true) }, 'status'));
  }

  // A Service over ready pods: how soon its slices hold them all, beside a watch seeing the Service.
  const svcWatch = watchFor(client, SERVICES, { resourceVersion: await rv(SERVICES) });
  const sliceWatch = watchFor(client, SLICES, { resourceVersion: await rv(SLICES) });
  const fullSlices = new Map();
  const full = sliceWatch.next((es) => {
    fullSlices.set(es.metadata.name, (es.endpoints ?? []).length);
    return [...fullSlices.values()].reduce((a, b) => a + b, 0) === POD_COUNT;
  });
  const t0 = performance.now();
  const seen = svcWatch.next((svc) => svc.metadata.name === 'web');
  await client.create(SERVICES, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: NS },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
  });
  const [svcAt, fullAt] = await Promise.all([seen, full]);
  svcWatch.stop();
  sliceWatch.stop();
  console.log(
    `Service over ${POD_COUNT} ready pods -> slices hold all: ${ms(fullAt - t0)}   (baseline: the Service seen by a watch ${ms(svcAt - t0)})`,
  );

  // Readiness flips: status write -> pod watch (floor), -> EndpointSlice, -> Endpoints.
  const podWatch = watchFor(client, PODS, { resourceVersion: await rv(PODS) });
  const slices = watchFor(client, SLICES, { resourceVersion: await rv(SLICES) });
  const eps = watchFor(client, ENDPOINTS, { resourceVersion: await rv(ENDPOINTS) });
  const lat = { pod: [], slice: [], ep: [] };
  for (let i = 0; i < FLIPS; i++) {
    const pod = made[i % POD_COUNT];
    const ip = pod.status.podIP;
    const ready = Math.floor(i / POD_COUNT) % 2 === 1;
    const cur = await client.get(PODS, NS, pod.metadata.name);
    const start = performance.now();
    const onPod = podWatch.next(
      (p) =>
        p.metadata.name === pod.metadata.name &&
        p.status?.conditions?.[0]?.status === (ready ? 'True' : 'False'),
    );
    const onSlice = slices.next((es) =>
      (es.endpoints ?? []).some((e) => e.addresses[0] === ip && e.conditions?.ready === ready),
    );
    const onEp = eps.next(
      (ep) =>
        ep.metadata.name === 'web' &&
        (ep.subsets ?? []).some((s) => (ready ? s.addresses : s.notReadyAddresses)?.some((a) => a.ip === ip)),
    );
    await client.update(PODS, { ...cur, status: readyStatus(ip, ready) }, 'status');
    const [a, b, d] = await Promise.all([onPod, onSlice, onEp]);
    lat.pod.push(a - start);
    lat.slice.push(b - start);
    lat.ep.push(d - start);
  }
  for (const w of [podWatch, slices, eps]) w.stop();
  const fig = (xs) => `p50 ${ms(pct(xs, 50))}, p99 ${ms(pct(xs, 99))}`;
  console.log(
    `readiness change -> EndpointSlice (${FLIPS} flips): ${fig(lat.slice)}   (baseline: pod watch ${fig(lat.pod)})`,
  );
  console.log(`readiness change -> Endpoints (${FLIPS} flips): ${fig(lat.ep)}`);
  client.close();
} finally {
  c.down();
}
