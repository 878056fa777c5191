// Hostile-input benchmark: how long hostile 2 MB bodies take to be refused (a YAML of nested `[`,
// a JSON nested 1,001 deep, a 2 MB YAML that is valid but parses slowly), beside a normal small
// create in the same run, and how long a small create waits while a 2 MB YAML is being decoded.
// Run: npm run build && node bench/hostile.mjs
// Traffic goes only to 127.0.0.1; every loop is bounded by a count; the cluster is removed at the end.
import { performance } from 'node:perf_hooks';
import { CONFIGMAPS } from '../dist/api/kinds/index.js';
import { benchCluster } from './cluster.mjs';
import { ms, pct, report, rssMb } from './measure.mjs';

const ROUNDS = 7;
const MB2 = 2 * 1024 * 1024;
const cluster = benchCluster();
const { row, print } = report('normal small create');

const path = '/api/v1/namespaces/default/configmaps';
const bodies = {
  'YAML of 2 MB nested `[`': [`data: ${'['.repeat(MB2)}`, 'application/yaml'],
  'JSON of 2 MB nested 1,001 deep then padded': [
    `{"metadata":{"name":"deep"},"pad":"${'x'.repeat(MB2)}","data":${'{"a":'.repeat(1001)}1${'}'.repeat(1001)}}`,
    'application/json',
  ],
  'YAML of 2 MB, valid, 60,000 keys (too large a ConfigMap)': [
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${Array.from({ length: 60_000 }, (_, i) => `  key-${i}: value-number-${i}-${'v'.repeat(8)}`).join('\n')}\n`,
    'application/yaml',
  ],
};

try {
  cluster.up('--nodes', '0');
  const client = cluster.client();
  let n = 0;
  const smallCreate = async () => {
    const s = performance.now();
    await client.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `small-${n++}`, namespace: 'default' },
      data: { k: 'v' },
    });
    return performance.now() - s;
  };
  const small = [];
  for (let i = 0; i < 20; i++) small.push(await smallCreate());
  const baseline = ms(pct(small, 50));
  row('small ConfigMap create p50', baseline, baseline);

  for (const [what, [body, contentType]] of Object.entries(bodies)) {
    const took = [];
    const during = [];
    let status;
    for (let i = 0; i < ROUNDS; i++) {
      const s = performance.now();
      const hostile = client.raw('POST', path, { body, contentType }).then((r) => {
        status = r.status;
        took.push(performance.now() - s);
      });
      // A small create sent while the hostile body is being read and decoded.
      await new Promise((r) => setTimeout(r, 20));
      during.push(await smallCreate());
      await hostile;
    }
    row(`${what}: refused (${status}) p50`, ms(pct(took, 50)), baseline);
    row(`${what}: small create sent meanwhile, max`, ms(Math.max(...during)), baseline);
  }
  row('control-plane RSS after the hostile bodies', `${rssMb(cluster.pid()).toFixed(1)} MB`);
  client.close();
} finally {
  cluster.down();
}
print();
