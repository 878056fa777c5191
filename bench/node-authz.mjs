// Node authorizer benchmark: GET of a Secret p50/p99 with 10 clients, as a node agent
// (system:node:NAME: the Node authorizer looks the Secret up in its pods-by-node graph) beside the
// admin (system:masters, allowed before any authorizer reads anything), with 1,000 pods on 20
// nodes in the graph, in one run on one cluster.
// Run: npm run build && node bench/node-authz.mjs
// Traffic goes only to 127.0.0.1; every loop is bounded by a count; the cluster is removed at the end.

import { componentToken, nodeUserName } from '../dist/api/auth/component-tokens.js';
import { NAMESPACES, NODES, PODS, SECRETS, SERVICE_ACCOUNTS } from '../dist/api/kinds/index.js';
import { Client } from '../dist/client/client.js';
import { benchCluster } from './cluster.mjs';
import { ms, pct, report, timed } from './measure.mjs';

const CLIENTS = 10;
const GETS = 2000; // per identity and round
const NODE_COUNT = 20;
const PODS_PER_NODE = 50;
const NS = 'bench-nodes';

const cluster = benchCluster();
const { row, print } = report('admin (system:masters)');

try {
  cluster.up('--nodes', '0');
  const admin = cluster.client();
  await admin.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const nodes = Array.from({ length: NODE_COUNT }, (_, i) => {
    const name = `bench-node-${i}`;
    return {
      name,
      client: new Client({ ...admin.conn, token: componentToken(admin.conn.token, nodeUserName(name)) }),
    };
  });
  for (const n of nodes)
    await n.client.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name: n.name } });
  for (let i = 0; i < 100 && !(await admin.get(SERVICE_ACCOUNTS, NS, 'default').catch(() => undefined)); i++)
    await new Promise((r) => setTimeout(r, 100));
  const secretOf = (node, j) => `s-${node}-${j}`;
  await timed(CLIENTS, NODE_COUNT * PODS_PER_NODE, async (k) => {
    const node = k % NODE_COUNT;
    const j = Math.floor(k / NODE_COUNT);
    await admin.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secretOf(node, j), namespace: NS },
      stringData: { k: 'v' },
    });
    await admin.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p-${node}-${j}`, namespace: NS },
      spec: {
        nodeName: nodes[node].name,
        containers: [{ name: 'c', image: 'busybox', envFrom: [{ secretRef: { name: secretOf(node, j) } }] }],
      },
    });
  });
  const identities = [
    { who: 'admin', client: admin, lat: [] },
    { who: 'node', client: nodes[0].client, lat: [] },
  ];
  // Two rounds, each identity in turn, so neither gets the warmer server.
  for (let round = 0; round < 2; round++)
    for (const id of round ? [...identities].reverse() : identities) {
      const r = await timed(CLIENTS, GETS, (i) => id.client.get(SECRETS, NS, secretOf(0, i % PODS_PER_NODE)));
      id.lat.push(...r.lat);
    }
  const denied = await nodes[0].client.get(SECRETS, NS, secretOf(1, 0)).then(
    () => 'allowed',
    (e) => e.code,
  );
  const [a, n] = identities;
  const fmt = (lat) => `${ms(pct(lat, 50))} / ${ms(pct(lat, 99))}`;
  row(
    `get Secret, ${CLIENTS} clients, p50 / p99 (${a.lat.length} each; ${NODE_COUNT * PODS_PER_NODE} pods on ${NODE_COUNT} nodes; another node's Secret: ${denied})`,
    fmt(n.lat),
    fmt(a.lat),
  );
  for (const x of nodes) x.client.close();
  admin.close();
} finally {
  cluster.down();
}
print();
