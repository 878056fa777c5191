import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCert } from '../src/cluster/certs.js';
import { type InProcessControlPlane, startInProcess } from './helpers/control-plane.js';
import { writeKubeconfig } from './helpers/kubeconfig.js';
import { eventually } from './helpers/wait.js';

/** Authentication and RBAC through the real HTTPS API, as the real kubectl sees them. */
const READER_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader-reads-pods, namespace: team-a}
subjects:
- kind: ServiceAccount
  name: reader
  namespace: team-a
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
`;

describe('authentication and RBAC', () => {
  let t: InProcessControlPlane;
  let dir: string;
  let admin: string;
  const kubectl = (config: string, args: string[], input?: string) =>
    execa('kubectl', ['--kubeconfig', config, ...args], {
      reject: false,
      input: input ?? '',
      timeout: 30_000,
    });
  const config = (name: string, user: { token?: string; clientCert?: { cert: string; key: string } }) => {
    const file = join(dir, name);
    writeKubeconfig(file, { url: t.conn.server, ca: t.conn.ca, ...user });
    return file;
  };
  const apply = async (yaml: string) => {
    const res = await kubectl(admin, ['apply', '-f', '-'], yaml);
    expect(res.stderr).toBe('');
  };
  const saToken = async (ns: string, sa: string) =>
    (await kubectl(admin, ['create', 'token', sa, '-n', ns])).stdout.trim();

  beforeAll(async () => {
    t = await startInProcess();
    dir = mkdtempSync(join(tmpdir(), 'minik8s-rbac-'));
    admin = config('admin', { token: t.conn.token });
    await apply(`
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-b}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: reader, namespace: team-a}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: team-a}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
---
${READER_BINDING}`);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships the default cluster roles, with view, edit and admin aggregated', async () => {
    const roles = await kubectl(admin, ['get', 'clusterroles', '-o', 'name']);
    for (const name of [
      'cluster-admin',
      'admin',
      'edit',
      'view',
      'system:discovery',
      'system:basic-user',
      'system:node',
    ])
      expect(roles.stdout.split('\n')).toContain(`clusterrole.rbac.authorization.k8s.io/${name}`);
    await eventually('view aggregated', async () => {
      const view = JSON.parse((await kubectl(admin, ['get', 'clusterrole', 'view', '-o', 'json'])).stdout);
      expect(view.rules.some((r: { resources: string[] }) => r.resources.includes('pods'))).toBe(true);
    });
    const binding = await kubectl(admin, ['get', 'clusterrolebinding', 'cluster-admin']);
    expect(binding.stdout).toMatch(/^NAME\s+ROLE\s+AGE\ncluster-admin\s+ClusterRole\/cluster-admin\s+/);
  });

  it('answers kubectl auth can-i for the admin, a service account and --as', async () => {
    expect((await kubectl(admin, ['auth', 'can-i', 'delete', 'nodes'])).stdout.trim()).toBe('yes');
    const reader = config('reader', { token: await saToken('team-a', 'reader') });
    expect((await kubectl(reader, ['auth', 'can-i', 'list', 'pods', '-n', 'team-a'])).stdout.trim()).toBe(
      'yes',
    );
    const no = await kubectl(reader, ['auth', 'can-i', 'list', 'pods', '-n', 'team-b']);
    expect(no.stdout.trim()).toBe('no');
    expect(no.exitCode).toBe(1);
    const as = await kubectl(admin, [
      'auth',
      'can-i',
      'create',
      'pods',
      '-n',
      'team-a',
      '--as',
      'system:serviceaccount:team-a:reader',
    ]);
    expect(as.stdout.trim()).toBe('no');
    const asList = await kubectl(admin, [
      'auth',
      'can-i',
      'list',
      'pods',
      '-n',
      'team-a',
      '--as',
      'system:serviceaccount:team-a:reader',
    ]);
    expect(asList.stdout.trim()).toBe('yes');
    const list = await kubectl(reader, ['auth', 'can-i', '--list', '-n', 'team-a']);
    expect(list.stdout).toMatch(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(list.stdout).toMatch(
      /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m,
    );
  });

  it("lets a service account list pods only where a Role allows it, with Kubernetes' 403 elsewhere", async () => {
    // Its subject's API group is the core one, left out of the object as Kubernetes leaves it out:
    // the same manifest applied again is unchanged.
    const again = await kubectl(admin, ['apply', '-f', '-'], READER_BINDING);
    expect(again.stdout.trim()).toBe('rolebinding.rbac.authorization.k8s.io/reader-reads-pods unchanged');
    const reader = config('reader2', { token: await saToken('team-a', 'reader') });
    const ok = await kubectl(reader, ['get', 'pods', '-n', 'team-a']);
    expect(ok.exitCode).toBe(0);
    const denied = await kubectl(reader, ['get', 'pods', '-n', 'team-b']);
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr.trim()).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:team-a:reader" cannot list resource "pods" in API group "" in the namespace "team-b"',
    );
    const secrets = await kubectl(reader, ['get', 'secrets', '-n', 'team-a']);
    expect(secrets.stderr).toContain(
      'cannot list resource "secrets" in API group "" in the namespace "team-a"',
    );
  });

  it('answers TokenReview and SubjectAccessReview, and checks impersonation with the impersonate verb', async () => {
    const token = await saToken('team-a', 'reader');
    const review = await kubectl(
      admin,
      ['create', '-o', 'json', '-f', '-'],
      JSON.stringify({
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        spec: { token },
      }),
    );
    expect(JSON.parse(review.stdout).status).toMatchObject({
      authenticated: true,
      user: {
        username: 'system:serviceaccount:team-a:reader',
        groups: expect.arrayContaining(['system:serviceaccounts:team-a']),
      },
    });
    const sar = await kubectl(
      admin,
      ['create', '-o', 'json', '-f', '-'],
      JSON.stringify({
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: {
          user: 'system:serviceaccount:team-a:reader',
          resourceAttributes: { namespace: 'team-a', verb: 'watch', resource: 'pods' },
        },
      }),
    );
    expect(JSON.parse(sar.stdout).status).toEqual({ allowed: true });
    const reader = config('reader3', { token });
    const as = await kubectl(reader, ['get', 'pods', '--as', 'bob']);
    expect(as.stderr.trim()).toBe(
      'Error from server (Forbidden): users "bob" is forbidden: User "system:serviceaccount:team-a:reader" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('refuses a token once its ServiceAccount is deleted, and tokens for another audience', async () => {
    await apply('apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: short-lived, namespace: team-a}\n');
    const token = await saToken('team-a', 'short-lived');
    const cfg = config('short', { token });
    expect(
      (await kubectl(cfg, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).stdout,
    ).toBe('system:serviceaccount:team-a:short-lived');
    await kubectl(admin, ['delete', 'sa', 'short-lived', '-n', 'team-a']);
    const after = await kubectl(cfg, ['get', 'pods', '-n', 'team-a']);
    expect(after.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    await apply(`
apiVersion: v1
kind: Pod
metadata: {name: holder, namespace: team-a}
spec:
  serviceAccountName: reader
  containers: [{name: c, image: busybox}]
`);
    const bound = (
      await kubectl(admin, [
        'create',
        'token',
        'reader',
        '-n',
        'team-a',
        '--bound-object-kind',
        'Pod',
        '--bound-object-name',
        'holder',
      ])
    ).stdout.trim();
    const podCfg = config('pod-bound', { token: bound });
    const who = JSON.parse((await kubectl(podCfg, ['auth', 'whoami', '-o', 'json'])).stdout);
    expect(who.status.userInfo.extra['authentication.kubernetes.io/pod-name']).toEqual(['holder']);
    await kubectl(admin, ['delete', 'pod', 'holder', '-n', 'team-a', '--grace-period=0', '--force']);
    expect((await kubectl(podCfg, ['get', 'pods', '-n', 'team-a'])).stderr).toContain('Unauthorized');
    const other = (
      await kubectl(admin, ['create', 'token', 'reader', '-n', 'team-a', '--audience', 'vault'])
    ).stdout.trim();
    expect(
      (await kubectl(config('other', { token: other }), ['get', 'pods', '-n', 'team-a'])).stderr,
    ).toContain('Unauthorized');
  });

  it('authenticates client certificates signed by the cluster CA: CN the user, O the groups', async () => {
    const alice = config('alice', { clientCert: await createClientCert(t.ca, 'alice', ['devs']) });
    const who = await kubectl(alice, ['auth', 'whoami']);
    expect(who.stdout).toMatch(
      /^ATTRIBUTE\s+VALUE\nUsername\s+alice\nGroups\s+\[devs system:authenticated\]$/,
    );
    expect((await kubectl(alice, ['get', 'pods', '-n', 'team-a'])).stderr).toContain(
      'User "alice" cannot list resource "pods"',
    );
    const root = config('root', {
      clientCert: await createClientCert(t.ca, 'kubernetes-admin', ['system:masters']),
    });
    expect((await kubectl(root, ['get', 'nodes'])).exitCode).toBe(0);
  });

  it('refuses a Role granting more than its author holds, unless they may escalate', async () => {
    await apply(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bob-admin, namespace: team-a}
subjects: [{kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
`);
    const bob = config('bob', { clientCert: await createClientCert(t.ca, 'bob') });
    const res = await kubectl(bob, [
      'create',
      'role',
      'node-boss',
      '-n',
      'team-a',
      '--verb=get',
      '--resource=nodes',
    ]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain(
      'roles.rbac.authorization.k8s.io "node-boss" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}',
    );
    const held = await kubectl(bob, [
      'create',
      'role',
      'cm-reader',
      '-n',
      'team-a',
      '--verb=get',
      '--resource=configmaps',
    ]);
    expect(held.stderr).toBe('');
    const bind = await kubectl(bob, [
      'create',
      'rolebinding',
      'bob-ca',
      '-n',
      'team-a',
      '--clusterrole=cluster-admin',
      '--user=bob',
    ]);
    expect(bind.stderr).toContain('is attempting to grant RBAC permissions not currently held');
  });

  it('answers malformed RBAC objects and reviews with 4xx, never 5xx', async () => {
    const post = (path: string, body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = https.request(
          `${t.conn.server}${path}`,
          {
            method: 'POST',
            ca: t.conn.ca,
            headers: { authorization: `Bearer ${t.conn.token}`, 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const rbacPath = '/apis/rbac.authorization.k8s.io/v1';
    for (const [path, body] of [
      [
        `${rbacPath}/namespaces/team-a/rolebindings`,
        '{"metadata":{"name":"x"},"subjects":"abc","roleRef":7}',
      ],
      [`${rbacPath}/namespaces/team-a/roles`, '{"metadata":{"name":"x"},"rules":{"verbs":1}}'],
      [`${rbacPath}/clusterroles`, '{"metadata":{"name":"x"},"rules":[null,"a"]}'],
      ['/apis/authentication.k8s.io/v1/tokenreviews', 'null'],
      ['/apis/authentication.k8s.io/v1/tokenreviews', '{"spec":{"token":{"a":1}}}'],
      [
        '/apis/authorization.k8s.io/v1/subjectaccessreviews',
        '{"spec":{"groups":"system:masters","resourceAttributes":[]}}',
      ],
      [
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        '{"spec":{"resourceAttributes":{"verb":5}}}',
      ],
    ]) {
      const status = await post(path, body);
      expect(status, `${path} ${body}`).toBeGreaterThanOrEqual(200);
      expect(status, `${path} ${body}`).toBeLessThan(500);
    }
  });

  it('keeps an aggregated ClusterRole following the labelled roles', async () => {
    await apply(`
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
- apiGroups: [example.com]
  resources: [widgets]
  verbs: [get]
`);
    const hasWidgets = async () =>
      JSON.parse((await kubectl(admin, ['get', 'clusterrole', 'view', '-o', 'json'])).stdout).rules.some(
        (r: { resources: string[] }) => r.resources.includes('widgets'),
      );
    await eventually('widgets in view', async () => expect(await hasWidgets()).toBe(true));
    await kubectl(admin, [
      'label',
      'clusterrole',
      'widgets-view',
      'rbac.authorization.k8s.io/aggregate-to-view-',
    ]);
    await eventually('widgets out of view', async () => expect(await hasWidgets()).toBe(false));
  });

  it('gives anonymous requests only what system:public-info-viewer grants', async () => {
    const anonymous = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        https
          .get(`${t.conn.server}${path}`, { ca: t.conn.ca }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          })
          .on('error', reject);
      });
    expect((await anonymous('/version')).status).toBe(200);
    expect((await anonymous('/livez')).status).toBe(200);
    const pods = await anonymous('/api/v1/namespaces/default/pods');
    expect(pods.status).toBe(403);
    expect(JSON.parse(pods.body).message).toBe(
      'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    expect(JSON.parse((await anonymous('/apis')).body).message).toBe(
      'forbidden: User "system:anonymous" cannot get path "/apis"',
    );
  });
});

describe('the default RBAC policy across a control-plane restart', () => {
  it('puts back a changed default role, keeps one marked autoupdate "false", and keeps users\' roles', async () => {
    const first = await startInProcess();
    const dir = mkdtempSync(join(tmpdir(), 'minik8s-rbac-restart-'));
    const admin = join(dir, 'admin');
    const kubectl = (config: string, args: string[]) =>
      execa('kubectl', ['--kubeconfig', config, ...args], { reject: false, input: '', timeout: 30_000 });
    try {
      writeKubeconfig(admin, { url: first.conn.server, ca: first.conn.ca, token: first.conn.token });
      await kubectl(admin, [
        'patch',
        'clusterrole',
        'system:discovery',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/rules","value":[]}]',
      ]);
      await kubectl(admin, [
        'annotate',
        '--overwrite',
        'clusterrole',
        'system:basic-user',
        'rbac.authorization.kubernetes.io/autoupdate=false',
      ]);
      await kubectl(admin, [
        'patch',
        'clusterrole',
        'system:basic-user',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/rules","value":[]}]',
      ]);
      await kubectl(admin, ['create', 'clusterrole', 'mine', '--verb=get', '--resource=pods']);
      await first.cp.close();
      const second = await startInProcess(first.stateDir);
      try {
        writeKubeconfig(admin, { url: second.conn.server, ca: second.conn.ca, token: second.conn.token });
        const rules = async (name: string) =>
          JSON.parse((await kubectl(admin, ['get', 'clusterrole', name, '-o', 'json'])).stdout).rules ?? [];
        expect((await rules('system:discovery')).length).toBe(1);
        expect(await rules('system:basic-user')).toEqual([]);
        expect(await rules('mine')).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
        const names = (await kubectl(admin, ['get', 'clusterroles', '-o', 'name'])).stdout.split('\n');
        expect(names.filter((n) => n === 'clusterrole.rbac.authorization.k8s.io/cluster-admin')).toHaveLength(
          1,
        );
      } finally {
        await second.stop();
      }
    } finally {
      first.client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
