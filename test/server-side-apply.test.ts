import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestApiServer, type TestApiServer } from './helpers/api-server.js';

/** The real kubectl 1.32 against a real HTTPS API server: server-side apply, managed fields, diff and dry run. */
describe('server-side apply, managed fields and dry run through the real kubectl', () => {
  let api: TestApiServer;
  let dir: string;
  beforeAll(async () => {
    api = await startTestApiServer();
    dir = mkdtempSync(join(tmpdir(), 'minik8s-ssa-'));
  });
  afterAll(async () => {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const kubectl = (args: string[], input?: string) =>
    execa('kubectl', args, {
      env: { ...process.env, KUBECONFIG: api.kubeconfig, KUBECACHEDIR: join(dir, 'cache') },
      reject: false,
      ...(input === undefined ? {} : { input }),
    });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const getJson = async (what: string[]) =>
    JSON.parse((await kubectl(['get', ...what, '-o', 'json'])).stdout);
  const managers = async (what: string[]) =>
    ((await getJson([...what, '--show-managed-fields'])).metadata.managedFields ?? []).map(
      (e: { manager: string; operation: string; subresource?: string }) =>
        `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`,
    );

  const deployment = (name: string, replicas: number, image = 'nginx') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 80}]
`;

  it('records who wrote what, shown only with --show-managed-fields', async () => {
    expect((await kubectl(['create', 'configmap', 'rec', '--from-literal=a=1'])).exitCode).toBe(0);
    expect((await kubectl(['label', 'configmap', 'rec', 'tier=back'])).exitCode).toBe(0);
    const hidden = await kubectl(['get', 'configmap', 'rec', '-o', 'yaml']);
    expect(hidden.stdout).not.toContain('managedFields');
    const shown = parse(
      (await kubectl(['get', 'configmap', 'rec', '-o', 'yaml', '--show-managed-fields'])).stdout,
    );
    expect(shown.metadata.managedFields).toEqual([
      {
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } },
        manager: 'kubectl-create',
        operation: 'Update',
        time: expect.any(String),
      },
      {
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } } },
        manager: 'kubectl-label',
        operation: 'Update',
        time: expect.any(String),
      },
    ]);
  });

  it('keeps the fields of map-keyed lists by key, and scale writes as the scale subresource', async () => {
    expect((await kubectl(['apply', '-f', file('keyed.yaml', deployment('keyed', 1))])).exitCode).toBe(0);
    expect((await kubectl(['scale', 'deployment', 'keyed', '--replicas=2'])).exitCode).toBe(0);
    const d = await getJson(['deployment', 'keyed', '--show-managed-fields']);
    const csa = d.metadata.managedFields.find(
      (e: { manager: string }) => e.manager === 'kubectl-client-side-apply',
    );
    const container = csa.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}'];
    expect(container['f:ports']['k:{"containerPort":80,"protocol":"TCP"}']).toEqual({
      '.': {},
      'f:containerPort': {},
      'f:protocol': {},
    });
    expect(csa.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    const scale = d.metadata.managedFields.find((e: { manager: string }) => e.manager === 'kubectl');
    expect(scale).toMatchObject({
      operation: 'Update',
      subresource: 'scale',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
  });

  it('creates and updates with apply --server-side, and answers a conflict as Kubernetes does', async () => {
    const first = await kubectl(['apply', '--server-side', '-f', file('ssa.yaml', deployment('ssa', 1))]);
    expect(first.stdout).toContain('deployment.apps/ssa serverside-applied');
    expect(await managers(['deployment', 'ssa'])).toEqual(['kubectl/Apply']);

    const other = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ssa}\nspec: {replicas: 3}\n`;
    const conflict = await kubectl(['apply', '--server-side', '--field-manager=scaler', '-f', '-'], other);
    expect(conflict.exitCode).not.toBe(0);
    expect(conflict.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas',
    );
    expect((await getJson(['deployment', 'ssa'])).spec.replicas).toBe(1);

    const forced = await kubectl(
      ['apply', '--server-side', '--field-manager=scaler', '--force-conflicts', '-f', '-'],
      other,
    );
    expect(forced.exitCode).toBe(0);
    const d = await getJson(['deployment', 'ssa', '--show-managed-fields']);
    expect(d.spec.replicas).toBe(3);
    const owners = Object.fromEntries(
      d.metadata.managedFields.map((e: { manager: string; fieldsV1: object }) => [e.manager, e.fieldsV1]),
    );
    expect(owners.scaler).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(owners.kubectl['f:spec']['f:replicas']).toBeUndefined();

    // An update by another manager makes a later apply of a changed value conflict with it, "using" its version.
    await kubectl(['set', 'image', 'deployment/ssa', 'web=nginx:2']);
    const again = await kubectl([
      'apply',
      '--server-side',
      '-f',
      file('ssa3.yaml', deployment('ssa', 3, 'nginx:3')),
    ]);
    expect(again.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl-set" using apps/v1: .spec.template.spec.containers[name="web"].image',
    );
  });

  it('removes the fields a manager stops applying, unless another manager owns them', async () => {
    const cm = (data: string, labels: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: prune, labels: {${labels}}}\ndata: {${data}}\n`;
    await kubectl(['apply', '--server-side', '-f', '-'], cm('a: "1", b: "2", c: "3"', 'x: "1", y: "2"'));
    await kubectl(['apply', '--server-side', '--field-manager=keeper', '-f', '-'], cm('c: "3"', ''));
    await kubectl(['apply', '--server-side', '-f', '-'], cm('a: "1"', 'x: "1"'));
    const got = await getJson(['configmap', 'prune']);
    expect(got.data).toEqual({ a: '1', c: '3' });
    expect(got.metadata.labels).toEqual({ x: '1' });
  });

  it('moves an object made by client-side apply to server-side apply without conflicts', async () => {
    expect((await kubectl(['apply', '-f', file('csa.yaml', deployment('csa', 2))])).exitCode).toBe(0);
    expect(await managers(['deployment', 'csa'])).toEqual(['kubectl-client-side-apply/Update']);
    const moved = await kubectl(['apply', '--server-side', '-f', file('csa3.yaml', deployment('csa', 3))]);
    expect(moved.stderr).toBe('');
    expect(moved.stdout).toContain('deployment.apps/csa serverside-applied');
    expect((await getJson(['deployment', 'csa'])).spec.replicas).toBe(3);
    expect(await managers(['deployment', 'csa'])).toEqual(['kubectl/Apply', 'kubectl-last-applied/Apply']);
  });

  it('diffs through a server-side dry run: exit 1 with a unified diff on changes, 0 without, nothing stored', async () => {
    const path = file('diff.yaml', deployment('diffed', 1));
    expect((await kubectl(['apply', '-f', path])).exitCode).toBe(0);
    const same = await kubectl(['diff', '-f', path]);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toBe('');
    const changed = await kubectl(['diff', '-f', file('diff2.yaml', deployment('diffed', 4))]);
    expect(changed.exitCode).toBe(1);
    expect(changed.stdout).toMatch(/^- {2}replicas: 1$/m);
    expect(changed.stdout).toMatch(/^\+ {2}replicas: 4$/m);
    const fresh = await kubectl(['diff', '-f', file('diff3.yaml', deployment('notyet', 1))]);
    expect(fresh.exitCode).toBe(1);
    expect(fresh.stdout).toMatch(/^\+ {2}name: notyet$/m);
    expect((await getJson(['deployment', 'diffed'])).spec.replicas).toBe(1);
    expect((await kubectl(['get', 'deployment', 'notyet'])).exitCode).not.toBe(0);

    const dry = await kubectl([
      'apply',
      '--server-side',
      '--dry-run=server',
      '-f',
      file('dry.yaml', deployment('diffed', 5)),
    ]);
    expect(dry.stdout).toContain('deployment.apps/diffed serverside-applied (server dry run)');
    expect((await getJson(['deployment', 'diffed'])).spec.replicas).toBe(1);
  });

  it('evicts nothing on a dry-run eviction', async () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: stay}\nspec: {containers: [{name: c, image: busybox}]}\n';
    expect((await kubectl(['create', '-f', '-'], pod)).exitCode).toBe(0);
    const eviction = JSON.stringify({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'stay' },
    });
    const dry = await kubectl(
      ['create', '--raw', '/api/v1/namespaces/default/pods/stay/eviction?dryRun=All', '-f', '-'],
      eviction,
    );
    expect(dry.exitCode).toBe(0);
    const after = await getJson(['pod', 'stay']);
    expect(after.metadata.deletionTimestamp).toBeUndefined();
    await kubectl(['create', '--raw', '/api/v1/namespaces/default/pods/stay/eviction', '-f', '-'], eviction);
    const evicted = await kubectl(['get', 'pod', 'stay', '-o', 'json']);
    expect(evicted.exitCode !== 0 || JSON.parse(evicted.stdout).metadata.deletionTimestamp).toBeTruthy();
  });

  it('lets applies racing to create one object all succeed, the later ones as updates', async () => {
    const applies = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) =>
      kubectl(
        ['apply', '--server-side', `--field-manager=racer-${k}`, '-f', '-'],
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: raced}\ndata: {${k}: "1"}\n`,
      ),
    );
    const results = await Promise.all(applies);
    expect(results.map((r) => r.stderr)).toEqual(['', '', '', '', '', '']);
    expect(Object.keys((await getJson(['configmap', 'raced'])).data).sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
    ]);
    expect((await managers(['configmap', 'raced'])).sort()).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => `racer-${k}/Apply`),
    );
  });

  it('keeps ten Update managers at most, folding the oldest into ancient-changes', async () => {
    expect((await kubectl(['create', 'configmap', 'capped', '--from-literal=a=1'])).exitCode).toBe(0);
    const labellers = Array.from({ length: 11 }, (_, i) => String(i).padStart(2, '0'));
    for (const i of labellers)
      expect(
        (await kubectl(['label', 'configmap', 'capped', `k${i}=v`, `--field-manager=m${i}`])).exitCode,
      ).toBe(0);
    const entries = (await getJson(['configmap', 'capped', '--show-managed-fields'])).metadata.managedFields;
    expect(entries.map((e: { manager: string }) => e.manager).sort()).toEqual([
      'ancient-changes',
      ...labellers.slice(2).map((i) => `m${i}`),
    ]);
    const ancient = entries.find((e: { manager: string }) => e.manager === 'ancient-changes');
    expect(ancient).toMatchObject({ operation: 'Update', apiVersion: 'v1' });
    expect(ancient.fieldsV1).toEqual({
      'f:data': { '.': {}, 'f:a': {} },
      'f:metadata': { 'f:labels': { '.': {}, 'f:k00': {}, 'f:k01': {} } },
    });
  });

  it('applies server-side from client-node', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(api.kubeconfig);
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'node-ssa', namespace: 'default' },
      data: { k: 'v' },
    };
    await objects.patch(cm, undefined, undefined, 'my-operator', undefined, PatchStrategy.ServerSideApply);
    const conflicting = { ...cm, data: { k: 'w' } };
    await expect(
      objects.patch(
        conflicting,
        undefined,
        undefined,
        'someone-else',
        undefined,
        PatchStrategy.ServerSideApply,
      ),
    ).rejects.toMatchObject({ code: 409 });
    const forced = await objects.patch(
      conflicting,
      undefined,
      undefined,
      'someone-else',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((forced as { data?: Record<string, string> }).data).toEqual({ k: 'w' });
    await expect(
      objects.patch(cm, undefined, undefined, undefined, undefined, PatchStrategy.ServerSideApply),
    ).rejects.toMatchObject({
      code: 422,
    });
  });
});
