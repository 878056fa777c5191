// Store benchmark: writes/s (one ~2 KB pod per transaction, 1 and 4 writers) and list of 10,000 pods.
// Run: npx tsc -p tsconfig.json && node bench/store.mjs
// Every loop is bounded by a count; the data lives in a temporary directory removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { openStore } from '../dist/store/sqlite-store.js';

const pods = { group: '', resource: 'pods' };

function pod(namespace, i) {
  const name = `web-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `6f1c2e4a-0000-4000-8000-${String(i).padStart(12, '0')}`,
      creationTimestamp: '2025-01-01T00:00:00Z',
      labels: { app: `web-${i % 10}`, 'pod-template-hash': '7d9f8c6b5', tier: 'frontend' },
      annotations: { 'kubernetes.io/created-by': 'bench', 'prometheus.io/scrape': 'true' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-7d9f8c6b5',
          uid: 'a1b2c3d4-0000-4000-8000-000000000001',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName: `node-${i % 5}`,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          env: [
            { name: 'MODE', value: 'production' },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          ],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 10, failureThreshold: 3 },
          volumeMounts: [{ name: 'config', mountPath: '/etc/web', readOnly: true }],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
    },
    status: {
      phase: 'Running',
      hostIP: '10.244.0.2',
      podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
      startTime: '2025-01-01T00:00:01Z',
      qosClass: 'Burstable',
      conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({
        type,
        status: 'True',
        lastTransitionTime: '2025-01-01T00:00:02Z',
      })),
      containerStatuses: [
        {
          name: 'web',
          ready: true,
          started: true,
          restartCount: 0,
          image: 'nginx:1.27',
          imageID: 'docker://sha256:3b25b682ea82b2db3cc4fd48db818be788ee3f902ac7378090cf2624ec2442df',
          containerID: 'docker://0f8e1c2b3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7',
          state: { running: { startedAt: '2025-01-01T00:00:02Z' } },
        },
      ],
    },
  };
}

function writeMany(file, namespace, count) {
  const store = openStore(file, { autoCompact: false });
  for (let i = 0; i < count; i++) store.create(pods, pod(namespace, i));
  store.close();
}

if (!isMainThread) {
  const { file, namespace, count, start } = workerData;
  // All writers begin together once the main thread flips the shared flag.
  Atomics.wait(new Int32Array(start), 0, 0);
  writeMany(file, namespace, count);
  parentPort.postMessage('done');
} else {
  await main();
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeMs(fn, runs) {
  const times = [];
  let result;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), result };
}

async function writers(file, n, perWriter) {
  const start = new SharedArrayBuffer(4);
  const workers = Array.from(
    { length: n },
    (_, w) =>
      new Worker(new URL(import.meta.url), {
        workerData: { file, namespace: `ns-${w}`, count: perWriter, start },
      }),
  );
  await Promise.all(workers.map((w) => new Promise((r) => w.once('online', r))));
  const done = Promise.all(workers.map((w) => new Promise((r, j) => w.once('message', r).once('error', j))));
  const t = performance.now();
  Atomics.store(new Int32Array(start), 0, 1);
  Atomics.notify(new Int32Array(start), 0);
  await done;
  const ms = performance.now() - t;
  await Promise.all(workers.map((w) => w.terminate()));
  return ms;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'minik8s-bench-store-'));
  const rows = [];
  try {
    const size = JSON.stringify(pod('default', 1)).length;

    const one = join(dir, 'one.db');
    openStore(one, { autoCompact: false }).close();
    const oneCount = 20_000;
    const t = performance.now();
    const cpu = process.cpuUsage();
    writeMany(one, 'default', oneCount);
    const oneMs = performance.now() - t;
    const { user, system } = process.cpuUsage(cpu);
    rows.push([
      'writes/s, 1 writer',
      `${Math.round(oneCount / (oneMs / 1000))}`,
      `${oneCount} creates of ${size} B pods`,
    ]);
    rows.push([
      'writes per CPU-second, 1 writer',
      `${Math.round(oneCount / ((user + system) / 1e6))}`,
      'user+sys time: less sensitive to other load',
    ]);

    const four = join(dir, 'four.db');
    openStore(four, { autoCompact: false }).close();
    const perWriter = 5_000;
    const fourMs = await writers(four, 4, perWriter);
    rows.push([
      'writes/s, 4 writers',
      `${Math.round((4 * perWriter) / (fourMs / 1000))}`,
      '4 worker threads, one connection each',
    ]);

    const listFile = join(dir, 'list.db');
    writeMany(listFile, 'default', 10_000);
    const store = openStore(listFile, { autoCompact: false });
    const all = timeMs(() => store.list(pods), 5);
    rows.push(['list 10,000 pods', `${all.ms.toFixed(1)} ms`, `${all.result.items.length} items`]);
    const ns = timeMs(() => store.list(pods, { namespace: 'default' }), 5);
    rows.push(['list 10,000 pods, namespace', `${ns.ms.toFixed(1)} ms`, `${ns.result.items.length} items`]);
    const label = timeMs(() => store.list(pods, { labelSelector: 'app=web-3' }), 5);
    rows.push([
      'list, label selector app=web-3',
      `${label.ms.toFixed(1)} ms`,
      `${label.result.items.length} items`,
    ]);
    const field = timeMs(() => store.list(pods, { fieldSelector: 'spec.nodeName=node-2' }), 5);
    rows.push([
      'list, field selector spec.nodeName',
      `${field.ms.toFixed(1)} ms`,
      `${field.result.items.length} items`,
    ]);
    const page = timeMs(() => store.list(pods, { limit: 500 }), 5);
    rows.push([
      'list, first page of 500',
      `${page.ms.toFixed(1)} ms`,
      `remaining ${page.result.remainingItemCount}`,
    ]);
    const get = timeMs(() => {
      for (let i = 0; i < 10_000; i++) store.get(pods, 'default', `web-${i}`);
    }, 3);
    rows.push([
      'get, 10,000 pods one by one',
      `${get.ms.toFixed(1)} ms`,
      `${Math.round(10_000 / (get.ms / 1000))} gets/s`,
    ]);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const widths = [0, 1, 2].map((c) =>
    Math.max(...rows.map((r) => r[c].length), ['measure', 'result', 'note'][c].length),
  );
  const line = (r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ');
  console.log(
    `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(line(['measure', 'result', 'note']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}
