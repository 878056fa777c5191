// Store benchmark, side by side in one run: SQLite, etcd (a local member the benchmark starts on
// 127.0.0.1 and removes), and, with --baseline DIR, the SQLite store of an earlier build. Figures:
// writes/s (one ~2 KB pod per write, 1 and 4 writers) and list and get times over 10,000 pods.
// Run: npx tsc -p tsconfig.json && node bench/store.mjs [--baseline DIR]
// DIR is a built checkout of an earlier commit, e.g. the synchronous store of 3f4670c:
//   mkdir /tmp/store-before && git archive 3f4670c | tar -x -C /tmp/store-before &&
//   ln -s "$PWD/node_modules" /tmp/store-before/ && (cd /tmp/store-before && npx tsc -p tsconfig.json)
// Every loop is bounded by a count and a time; the data lives in temporary folders removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const pods = { group: '', resource: 'pods' };
const LIST_SIZE = 10_000;
const ONE_WRITER = { count: 20_000, seconds: 10 };
const FOUR_WRITERS = { count: 5_000, seconds: 10 };
/** Filling a store for the list figures: concurrent writes let etcd batch its disk syncs. */
const FILL = { lanes: 32, seconds: 120 };

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

// A store of one backend, on one place: a SQLite file, or a key prefix of the local etcd. Calls
// are awaited, so the synchronous store of the baseline runs the same code.
const openers = {
  sqlite: (module, place) => module.openStore(place.file, { autoCompact: false }),
  etcd: (module, place) =>
    new module.EtcdStore({ endpoints: [place.endpoint], prefix: place.prefix, autoCompact: false }),
};

async function openStore(backend, place) {
  return openers[backend.kind](await import(backend.module), place);
}

/** Creates pods one at a time until `count` or `deadline`; returns how many it created. */
async function writeMany(store, namespace, count, deadline) {
  let done = 0;
  while (done < count && performance.now() < deadline) {
    await store.create(pods, pod(namespace, done));
    done++;
  }
  return done;
}

if (!isMainThread) {
  const { backend, place, namespace, count, seconds, start } = workerData;
  const store = await openStore(backend, place);
  parentPort.postMessage('ready');
  // All writers begin together once the main thread flips the shared flag.
  Atomics.wait(new Int32Array(start), 0, 0);
  const done = await writeMany(store, namespace, count, performance.now() + seconds * 1000);
  await store.close();
  parentPort.postMessage(done);
} else {
  await main();
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeMs(fn, runs) {
  const times = [];
  let result;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), result };
}

async function writers(backend, place, n) {
  const start = new SharedArrayBuffer(4);
  const workers = Array.from(
    { length: n },
    (_, w) =>
      new Worker(new URL(import.meta.url), {
        workerData: { backend, place, namespace: `ns-${w}`, ...FOUR_WRITERS, start },
      }),
  );
  const message = () =>
    Promise.all(workers.map((w) => new Promise((r, j) => w.once('message', r).once('error', j))));
  await message();
  const done = message();
  const t = performance.now();
  Atomics.store(new Int32Array(start), 0, 1);
  Atomics.notify(new Int32Array(start), 0);
  const counts = await done;
  const ms = performance.now() - t;
  await Promise.all(workers.map((w) => w.terminate()));
  return { writes: counts.reduce((a, b) => a + b, 0), ms };
}

/** Creates `count` pods over a few concurrent lanes, bounded in time; returns how many exist. */
async function fill(store, count) {
  const deadline = performance.now() + FILL.seconds * 1000;
  let next = 0;
  const lane = async () => {
    while (next < count && performance.now() < deadline) await store.create(pods, pod('default', next++));
  };
  await Promise.all(Array.from({ length: FILL.lanes }, lane));
  return Math.min(next, count);
}

async function writeFigures(backend, places, record) {
  const one = await openStore(backend, places.next());
  const size = JSON.stringify(pod('default', 1)).length;
  const t = performance.now();
  const cpu = process.cpuUsage();
  const done = await writeMany(one, 'default', ONE_WRITER.count, t + ONE_WRITER.seconds * 1000);
  const ms = performance.now() - t;
  const { user, system } = process.cpuUsage(cpu);
  await one.close();
  record('writes/s, 1 writer', Math.round(done / (ms / 1000)), `${size} B pods, one at a time`);
  record(
    'writes per CPU-second of this process, 1 writer',
    Math.round(done / ((user + system) / 1e6)),
    "user+sys of the writer alone (etcd's own CPU is not in it)",
  );
  const four = await writers(backend, places.next(), 4);
  record(
    'writes/s, 4 writers',
    Math.round(four.writes / (four.ms / 1000)),
    '4 worker threads, one store each',
  );
}

async function listFigures(backend, places, record) {
  const store = await openStore(backend, places.next());
  try {
    const filled = await fill(store, LIST_SIZE);
    if (filled < LIST_SIZE)
      console.error(`${backend.name}: only ${filled} pods written in ${FILL.seconds} s`);
    const runs = 5;
    const all = await timeMs(() => store.list(pods), runs);
    record('list 10,000 pods', `${all.ms.toFixed(1)} ms`, `${all.result.items.length} items`);
    const ns = await timeMs(() => store.list(pods, { namespace: 'default' }), runs);
    record('list 10,000 pods, namespace', `${ns.ms.toFixed(1)} ms`, `${ns.result.items.length} items`);
    const label = await timeMs(() => store.list(pods, { labelSelector: 'app=web-3' }), runs);
    record(
      'list, label selector app=web-3',
      `${label.ms.toFixed(1)} ms`,
      `${label.result.items.length} items`,
    );
    const field = await timeMs(() => store.list(pods, { fieldSelector: 'spec.nodeName=node-2' }), runs);
    record(
      'list, field selector spec.nodeName',
      `${field.ms.toFixed(1)} ms`,
      `${field.result.items.length} items`,
    );
    const page = await timeMs(() => store.list(pods, { limit: 500 }), runs);
    record(
      'list, first page of 500',
      `${page.ms.toFixed(1)} ms`,
      `remaining ${page.result.remainingItemCount}`,
    );
    const get = await timeMs(async () => {
      for (let i = 0; i < filled; i++) await store.get(pods, 'default', `web-${i}`);
    }, 3);
    record(
      'get, 10,000 pods one by one',
      `${get.ms.toFixed(1)} ms`,
      `${Math.round(filled / (get.ms / 1000))} gets/s`,
    );
  } finally {
    await store.close();
  }
}

function printTable(columns, rows) {
  const header = ['measure', ...columns, 'note'];
  const lines = [...rows.entries()].map(([measure, r]) => [
    measure,
    ...columns.map((c) => String(r.values[c] ?? '-')),
    r.note,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const line = (cells) => cells.map((cell, c) => cell.padEnd(widths[c])).join('  ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const l of lines) console.log(line(l));
}

async function main() {
  const { values } = parseArgs({ options: { baseline: { type: 'string' } } });
  const { startLocalEtcd } = await import('../dist/store/local-etcd.js');
  const dir = mkdtempSync(join(tmpdir(), 'minik8s-bench-store-'));
  const etcd = await startLocalEtcd();
  const backends = [
    values.baseline && {
      name: 'sqlite before',
      kind: 'sqlite',
      module: new URL(`file://${resolve(values.baseline, 'dist/store/sqlite-store.js')}`).href,
    },
    {
      name: 'sqlite',
      kind: 'sqlite',
      module: new URL('../dist/store/sqlite-store.js', import.meta.url).href,
    },
    { name: 'etcd', kind: 'etcd', module: new URL('../dist/store/etcd-store.js', import.meta.url).href },
  ].filter(Boolean);
  const rows = new Map();
  let n = 0;
  // A fresh place per figure: a new SQLite file, or a new key prefix of the one etcd member.
  const places = {
    next: () => ({ file: join(dir, `${++n}.db`), endpoint: etcd.endpoint, prefix: `/bench-${n}` }),
  };
  try {
    for (const backend of backends) {
      const record = (measure, value, note) => {
        const row = rows.get(measure) ?? { values: {}, note };
        row.values[backend.name] = value;
        rows.set(measure, row);
      };
      await writeFigures(backend, places, record);
      await listFigures(backend, places, record);
    }
  } finally {
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const load = loadavg().map((l) => l.toFixed(2));
  console.log(
    `node ${process.version}, ${cpus().length} CPUs, load average ${load.join(' ')}; etcd: one local member`,
  );
  printTable(
    backends.map((b) => b.name),
    rows,
  );
}
