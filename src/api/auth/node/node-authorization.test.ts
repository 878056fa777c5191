import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessControlPlane, startInProcess } from '../../../../test/helpers/control-plane.js';
import { eventually } from '../../../../test/helpers/wait.js';
import { Client } from '../../../client/client.js';
import { ApiError } from '../../errors.js';
import {
  CLUSTER_ROLE_BINDINGS,
  LEASES,
  NODES,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  PODS,
  SECRETS,
  SELF_SUBJECT_RULES_REVIEWS,
  SERVICE_ACCOUNTS,
  SUBJECT_ACCESS_REVIEWS,
} from '../../kinds/index.js';
import type { KubeObject } from '../../types.js';
import { componentToken, nodeUserName } from '../component-tokens.js';

/** The Node authorizer and NodeRestriction, through the real HTTPS API, as two node agents meet them. */
describe('node authorization', () => {
  let t: InProcessControlPlane;
  let n1: Client;
  let n2: Client;
  const asNode = (name: string) =>
    new Client({ ...t.conn, token: componentToken(t.conn.token, nodeUserName(name)) });
  const refusal = async (p: Promise<unknown>): Promise<string> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(403);
    return (err as ApiError).message;
  };
  const node = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  });
  const pod = (name: string, nodeName: string, secret: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      nodeName,
      containers: [
        {
          name: 'c',
          image: 'busybox',
          env: [{ name: 'S', valueFrom: { secretKeyRef: { name: secret, key: 'k' } } }],
        },
      ],
    },
  });
  const secret = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'default' },
    stringData: { k: 'v' },
  });

  beforeAll(async () => {
    t = await startInProcess();
    n1 = asNode('n1');
    n2 = asNode('n2');
    await n1.create(NODES, node('n1'));
    await n2.create(NODES, node('n2'));
    await t.client.create(SECRETS, secret('only-b'));
    // The pod waits for its namespace's default ServiceAccount, made by a controller.
    await eventually('the default ServiceAccount', () =>
      t.client.get(SERVICE_ACCOUNTS, 'default', 'default'),
    );
    await t.client.create(PODS, pod('on-b', 'n2', 'only-b'));
  }, 60_000);
  afterAll(async () => {
    n1?.close();
    n2?.close();
    await t?.stop();
  });

  it('binds the system:node role to no one, as Kubernetes since 1.8', async () => {
    const b = await t.client.get(CLUSTER_ROLE_BINDINGS, undefined, 'system:node');
    expect((b as { subjects?: unknown[] }).subjects).toBeUndefined();
  });

  it("reads a Secret only once a pod bound to the node uses it, with Kubernetes' reason", async () => {
    expect(await refusal(n1.get(SECRETS, 'default', 'only-b'))).toBe(
      `secrets "only-b" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'n1' and this object`,
    );
    expect((await n2.get(SECRETS, 'default', 'only-b')).metadata.name).toBe('only-b');
    expect(await refusal(n2.list(SECRETS, { namespace: 'default' }))).toContain(': No Object name found');
    await t.client.create(PODS, pod('on-a', 'n1', 'only-b'));
    await eventually('the token request reaches NodeRestriction', async () =>
      expect((await n1.get(SECRETS, 'default', 'only-b')).metadata.name).toBe('only-b'),
    );
    const one = await n1.list(SECRETS, { namespace: 'default', fieldSelector: 'metadata.name=only-b' });
    expect(one.items.map((s) => s.metadata.name)).toEqual(['only-b']);
    await t.client.delete(PODS, 'default', 'on-a', { gracePeriodSeconds: 0 });
    await eventually('n1 refused the Secret again', async () => {
      expect(await refusal(n1.get(SECRETS, 'default', 'only-b'))).toContain('no relationship found');
    });
  });

  it('reads a claim and its volume only through a pod bound to the node', async () => {
    await t.client.create(PERSISTENT_VOLUMES, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-a' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv-a' } },
    });
    await t.client.create(PERSISTENT_VOLUME_CLAIMS, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'claim-a', namespace: 'default' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: '',
        volumeName: 'pv-a',
        resources: { requests: { storage: '1Gi' } },
      },
    });
    await t.client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'with-claim', namespace: 'default' },
      spec: {
        nodeName: 'n1',
        containers: [{ name: 'c', image: 'busybox' }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'claim-a' } }],
      },
    });
    await eventually('n1 reads the claim and its volume', async () => {
      expect((await n1.get(PERSISTENT_VOLUME_CLAIMS, 'default', 'claim-a')).metadata.name).toBe('claim-a');
      expect((await n1.get(PERSISTENT_VOLUMES, undefined, 'pv-a')).metadata.name).toBe('pv-a');
    });
    expect(await refusal(n2.get(PERSISTENT_VOLUMES, undefined, 'pv-a'))).toBe(
      `persistentvolumes "pv-a" is forbidden: User "system:node:n2" cannot get resource "persistentvolumes" in API group "" at the cluster scope: no relationship found between node 'n2' and this object`,
    );
    expect(await refusal(n1.list(PERSISTENT_VOLUMES))).toContain(
      ': can only get individual resources of this type',
    );
    await t.client.delete(PODS, 'default', 'with-claim', { gracePeriodSeconds: 0 });
  });

  it('answers SubjectAccessReview for a node as the Node authorizer decides', async () => {
    const review = (name: string) =>
      t.client.create(SUBJECT_ACCESS_REVIEWS, {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        metadata: {},
        spec: {
          user: name,
          groups: ['system:nodes', 'system:authenticated'],
          resourceAttributes: { verb: 'get', resource: 'secrets', namespace: 'default', name: 'only-b' },
        },
      } as KubeObject);
    expect((await review('system:node:n2')).status).toMatchObject({ allowed: true });
    const rules = await n1.create(SELF_SUBJECT_RULES_REVIEWS, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: {},
      spec: { namespace: 'default' },
    } as KubeObject);
    expect(rules.status).toMatchObject({
      incomplete: true,
      evaluationError: 'node authorizer does not support user rule resolution',
    });
    expect((await review('system:node:n1')).status).toMatchObject({
      allowed: false,
      reason: "no relationship found between node 'n1' and this object",
    });
  });

  it('still reads what the kubelet needs cluster-wide: pods, nodes, services', async () => {
    expect((await n1.get(PODS, 'default', 'on-b')).metadata.name).toBe('on-b');
    expect((await n1.list(NODES)).items.map((n) => n.metadata.name).sort()).toEqual(['n1', 'n2']);
  });

  it('writes only its own Node, and not its taints or Kubernetes labels it does not own', async () => {
    expect(await refusal(n1.patch(NODES, undefined, 'n2', { metadata: { labels: { x: 'y' } } }))).toBe(
      'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"',
    );
    expect(await refusal(n1.create(NODES, node('n3')))).toBe(
      'nodes "n3" is forbidden: node "n1" is not allowed to modify node "n3"',
    );
    expect(
      await refusal(
        n1.patch(NODES, undefined, 'n1', { spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } }),
      ),
    ).toBe('nodes "n1" is forbidden: node "n1" is not allowed to modify taints');
    expect(
      await refusal(
        n1.patch(NODES, undefined, 'n1', { metadata: { labels: { 'node-role.kubernetes.io/worker': '' } } }),
      ),
    ).toBe('nodes "n1" is forbidden: is not allowed to modify labels: node-role.kubernetes.io/worker');
    const labelled = await n1.patch(NODES, undefined, 'n1', {
      metadata: { labels: { 'node.kubernetes.io/disk': 'ssd', 'example.com/rack': 'r1' } },
    });
    expect(labelled.metadata.labels).toMatchObject({
      'node.kubernetes.io/disk': 'ssd',
      'example.com/rack': 'r1',
    });
    expect(await refusal(n1.create(NODES, { ...node('n1'), metadata: { name: 'n1x' } }))).toContain(
      'is not allowed to modify node "n1x"',
    );
  });

  it('writes the status of, deletes and evicts only pods bound to itself', async () => {
    const onB = await t.client.get(PODS, 'default', 'on-b');
    expect(await refusal(n1.update(PODS, { ...onB, status: { phase: 'Running' } }, 'status'))).toBe(
      'pods "on-b" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself',
    );
    expect(await refusal(n1.delete(PODS, 'default', 'on-b'))).toBe(
      'pods "on-b" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself',
    );
    expect(
      await refusal(
        n1.createSubresource(PODS, 'default', 'on-b', 'eviction', {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name: 'on-b', namespace: 'default' },
        }),
      ),
    ).toBe('pods "on-b" is forbidden: node n1 can only evict pods with spec.nodeName set to itself');
    expect(await refusal(n1.patch(PODS, 'default', 'on-b', { metadata: { labels: { a: 'b' } } }))).toBe(
      'pods "on-b" is forbidden: User "system:node:n1" cannot patch resource "pods" in API group "" in the namespace "default"',
    );
    expect(await refusal(n1.create(PODS, pod('made-by-node', 'n1', 'only-b')))).toBe(
      'pods "made-by-node" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods',
    );
    const written = await n2.update(
      PODS,
      { ...onB, status: { ...(onB.status as object), phase: 'Running' } },
      'status',
    );
    expect((written.status as { phase: string }).phase).toBe('Running');
  });

  it('asks for tokens only of its pods, bound to a pod on itself', async () => {
    const onB = await t.client.get(PODS, 'default', 'on-b');
    const request = (p: KubeObject) => ({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: p.metadata.name, uid: p.metadata.uid } },
    });
    await eventually('n1 has no pod running as default', async () =>
      expect(
        await refusal(n1.createSubresource(SERVICE_ACCOUNTS, 'default', 'default', 'token', request(onB))),
      ).toBe(
        `serviceaccounts "default" is forbidden: User "system:node:n1" cannot create resource "serviceaccounts/token" in API group "" in the namespace "default": no relationship found between node 'n1' and this object`,
      ),
    );
    const onA = await t.client.create(PODS, pod('on-a2', 'n1', 'only-b'));
    await eventually('the token request reaches NodeRestriction', async () =>
      expect(
        await refusal(n1.createSubresource(SERVICE_ACCOUNTS, 'default', 'default', 'token', request(onB))),
      ).toBe(
        'serviceaccounts "default" is forbidden: node requested token bound to a pod scheduled on a different node',
      ),
    );
    const res = await n1.createSubresource<{ status: { token: string } }>(
      SERVICE_ACCOUNTS,
      'default',
      'default',
      'token',
      request(onA),
    );
    expect(res.status.token).toBeTruthy();
  });

  it('keeps its own Lease only, in kube-node-lease', async () => {
    const lease = (name: string, namespace = 'kube-node-lease'): KubeObject => ({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace },
      spec: { holderIdentity: name },
    });
    await n1.create(LEASES, lease('n1'));
    expect(await refusal(n1.create(LEASES, lease('n2')))).toBe(
      'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node',
    );
    expect(await refusal(n1.get(LEASES, 'kube-node-lease', 'n2'))).toContain(
      ': can only access node lease with the same name as the requesting node',
    );
    expect(await refusal(n1.create(LEASES, lease('n1', 'default')))).toContain(
      ': can only access leases in the "kube-node-lease" system namespace',
    );
  });
});

describe('the system:node binding of a cluster made before the Node authorizer', () => {
  it('loses its system:nodes group at the next start', async () => {
    const first = await startInProcess();
    try {
      await first.client.patch(CLUSTER_ROLE_BINDINGS, undefined, 'system:node', {
        subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:nodes' }],
      });
      await first.cp.close();
    } finally {
      first.client.close();
    }
    const second = await startInProcess(first.stateDir);
    try {
      const b = await second.client.get(CLUSTER_ROLE_BINDINGS, undefined, 'system:node');
      expect((b as { subjects?: unknown[] }).subjects).toBeUndefined();
    } finally {
      await second.stop();
    }
  }, 60_000);
});
