// Node authorizer cost per decision, in process (no HTTP): Node,RBAC as the API server asks them,
// beside RBAC alone with system:node bound to the group system:nodes (minik8s before), for the
// same requests, with 1,000 pods on 20 nodes in the graph, on a real SQLite store.
// Run: npm run build && node bench/node-authz-cost.mjs
// No network at all; every loop is bounded by a count; the state folder is removed at the end.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AdmissionChain } from '../dist/api/admission/index.js';
import { NODES_GROUP } from '../dist/api/auth/component-tokens.js';
import { nodeRbacAuthorizer } from '../dist/api/auth/node-rbac-authorizer.js';
import { ensureBootstrapPolicy } from '../dist/api/auth/rbac/ensure-policy.js';
import { RbacPolicy } from '../dist/api/auth/rbac/policy.js';
import { rbacAuthorizer } from '../dist/api/auth/rbac/rbac-authorizer.js';
import { CLUSTER_ROLE_BINDINGS, PODS } from '../dist/api/kinds/index.js';
import { ResourceService } from '../dist/api/service.js';
import { openStoreFromEndpoint } from '../dist/store/open-store.js';
import { report } from './measure.mjs';

const NODE_COUNT = 20;
const PODS_PER_NODE = 50;
const CALLS = 100_000;
const NS = 'bench';

const dir = mkdtempSync(join(tmpdir(), 'minik8s-node-authz-'));
const { row, print } = report('RBAC alone, system:node bound to system:nodes');
const store = await openStoreFromEndpoint(undefined, dir);
try {
  const svc = new ResourceService(store, new AdmissionChain([]));
  await ensureBootstrapPolicy(svc);
  for (let n = 0; n < NODE_COUNT; n++)
    for (let j = 0; j < PODS_PER_NODE; j++)
      await svc.create(PODS, NS, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p-${n}-${j}`, namespace: NS },
        spec: {
          nodeName: `node-${n}`,
          serviceAccountName: 'default',
          containers: [{ name: 'c', image: 'busybox', envFrom: [{ secretRef: { name: `s-${n}-${j}` } }] }],
          volumes: [{ name: 'cfg', configMap: { name: `cm-${n}` } }],
        },
      });
  const rbac = new RbacPolicy(svc);
  const both = nodeRbacAuthorizer(svc, rbac);
  const alone = rbacAuthorizer(rbac);
  const node0 = { name: 'system:node:node-0', groups: [NODES_GROUP, 'system:authenticated'] };
  const admin = { name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
  const req = (user, resource, name, verb = 'get') => ({
    user,
    verb,
    resourceRequest: true,
    apiGroup: '',
    apiVersion: 'v1',
    resource,
    subresource: '',
    namespace: NS,
    name,
    path: '',
  });
  const cases = [
    ['node gets a Secret its pod uses', (i) => req(node0, 'secrets', `s-0-${i % PODS_PER_NODE}`)],
    [
      "node gets another node's Secret (Node: refused, then RBAC)",
      (i) => req(node0, 'secrets', `s-1-${i % PODS_PER_NODE}`),
    ],
    ['node lists pods (the kubelet rules)', () => req(node0, 'pods', '', 'list')],
    ['admin gets a Secret (system:masters)', (i) => req(admin, 'secrets', `s-1-${i % PODS_PER_NODE}`)],
  ];
  const perCall = async (z, make) => {
    for (let i = 0; i < 1000; i++) await z.authorize(make(i));
    const s = performance.now();
    for (let i = 0; i < CALLS; i++) await z.authorize(make(i));
    return `${(((performance.now() - s) / CALLS) * 1000).toFixed(2)} µs`;
  };
  const results = [];
  for (const [what, make] of cases) {
    const decision = (await both.authorizer.authorize(make(0))).allowed ? 'allowed' : 'denied';
    results.push([
      `${what}: per decision, ${decision} (${CALLS} calls)`,
      await perCall(both.authorizer, make),
    ]);
  }
  // Then minik8s before: RBAC alone, with the group binding it had.
  await svc.create(CLUSTER_ROLE_BINDINGS, undefined, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'old-system-node' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:node' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: NODES_GROUP }],
  });
  for (let i = 0; i < 500 && !(await alone.authorize(cases[0][1](0))).allowed; i++)
    await new Promise((r) => setTimeout(r, 10));
  for (const [i, [, make]] of cases.entries()) row(...results[i], await perCall(alone, make));
  both.close();
  rbac.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
print();
