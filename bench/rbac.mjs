// RBAC benchmark: API create p99 and list p99 with 10 clients, as a service account whose every
// request goes through RBAC (a Role and RoleBinding among 200 other bindings), beside the admin
// (system:masters, allowed before any rule is read) on the same cluster, and beside the admin of
// the build before RBAC (BASELINE_ROOT, a built checkout of 0039682), in one run.
// Run: npm run build && BASELINE_ROOT=/path/to/0039682 node bench/rbac.mjs
// Traffic goes only to 127.0.0.1; every loop is bounded by a count; each cluster is removed at the end.

import { CONFIGMAPS, NAMESPACES, ROLE_BINDINGS, ROLES, SERVICE_ACCOUNTS } from '../dist/api/kinds/index.js';
import { Client } from '../dist/client/client.js';
import { benchCluster } from './cluster.mjs';
import { ms, pct, report, timed } from './measure.mjs';

const CLIENTS = 10;
const CREATES = 1000; // per identity and round
const LISTS = 300;
const OTHER_BINDINGS = 200;

const BASELINE = process.env.BASELINE_ROOT;
if (!BASELINE) {
  console.error('BASELINE_ROOT must name a built checkout of the build before RBAC (commit 0039682)');
  process.exit(1);
}

const cluster = benchCluster();
const previous = benchCluster(BASELINE);
const { row, print } = report('admin (system:masters)', `previous build, admin (${BASELINE})`);
const rbac = 'rbac.authorization.k8s.io';

try {
  cluster.up('--nodes', '0');
  previous.up('--nodes', '0');
  const admin = cluster.client();
  const before = previous.client();
  await before.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench-prev' } });
  for (const name of ['bench-admin', 'bench-sa'])
    await admin.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  await admin.create(SERVICE_ACCOUNTS, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'bencher', namespace: 'bench-sa' },
  });
  await admin.create(ROLES, {
    apiVersion: `${rbac}/v1`,
    kind: 'Role',
    metadata: { name: 'cm-writer', namespace: 'bench-sa' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'list', 'get'] }],
  });
  // Bindings for others, in the same namespace: the authorizer looks past them on every request.
  for (let i = 0; i < OTHER_BINDINGS; i++)
    await admin.create(ROLE_BINDINGS, {
      apiVersion: `${rbac}/v1`,
      kind: 'RoleBinding',
      metadata: { name: `other-${i}`, namespace: 'bench-sa' },
      subjects: [{ kind: 'User', apiGroup: rbac, name: `user-${i}` }],
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'view' },
    });
  await admin.create(ROLE_BINDINGS, {
    apiVersion: `${rbac}/v1`,
    kind: 'RoleBinding',
    metadata: { name: 'bencher-writes', namespace: 'bench-sa' },
    subjects: [{ kind: 'ServiceAccount', name: 'bencher', namespace: 'bench-sa' }],
    roleRef: { apiGroup: rbac, kind: 'Role', name: 'cm-writer' },
  });
  const { status } = await admin.createSubresource(SERVICE_ACCOUNTS, 'bench-sa', 'bencher', 'token', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 3600 },
  });
  const sa = new Client({ ...admin.conn, token: status.token });

  const identities = [
    { who: 'admin', client: admin, ns: 'bench-admin', create: [], list: [] },
    { who: 'sa', client: sa, ns: 'bench-sa', create: [], list: [] },
    { who: 'previous', client: before, ns: 'bench-prev', create: [], list: [] },
  ];
  // Two rounds, each identity in turn, so none gets the warmer server or the quieter machine.
  for (let round = 0; round < 2; round++)
    for (const id of round ? [...identities].reverse() : identities) {
      const r = await timed(CLIENTS, CREATES, (i) =>
        id.client.create(CONFIGMAPS, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `r${round}-${i}`, namespace: id.ns },
          data: { k: 'v' },
        }),
      );
      id.create.push(...r.lat);
    }
  for (let round = 0; round < 2; round++)
    for (const id of round ? [...identities].reverse() : identities) {
      const r = await timed(CLIENTS, LISTS, () =>
        id.client.list(CONFIGMAPS, { namespace: id.ns, limit: 100 }),
      );
      id.list.push(...r.lat);
    }
  const [a, s, p] = identities;
  const fmt = (lat) => `${ms(pct(lat, 50))} / ${ms(pct(lat, 99))}`;
  row(
    `create ConfigMap, ${CLIENTS} clients, p50 / p99 (${a.create.length} each)`,
    fmt(s.create),
    fmt(a.create),
    fmt(p.create),
  );
  row(
    `list ConfigMaps (limit 100), ${CLIENTS} clients, p50 / p99 (${a.list.length} each)`,
    fmt(s.list),
    fmt(a.list),
    fmt(p.list),
  );
  sa.close();
  admin.close();
  before.close();
} finally {
  cluster.down();
  previous.down();
}
print();
