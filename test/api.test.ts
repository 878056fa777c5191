import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kinds } from '../src/api/kinds/index.js';
import { Client } from '../src/client/client.js';
import { openStore } from '../src/store/sqlite-store.js';
import { type InProcessControlPlane, startInProcess } from './helpers/control-plane.js';
import { failure } from './helpers/failure.js';
import { eventually, waitFor } from './helpers/wait.js';

const pods = kinds.find('pods')!;
const cms = kinds.find('configmaps')!;
const deploys = kinds.find('deployments')!;
const nss = kinds.find('namespaces')!;

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...extra },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('the API server', () => {
  let t: InProcessControlPlane;
  beforeAll(async () => {
    t = await startInProcess();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers health and version without a token, and 401 for anything else', async () => {
    const anon = new Client({ ...t.conn, token: 'wrong' });
    try {
      expect((await anon.raw('GET', '/readyz')).status).toBe(200);
      expect(((await anon.request('GET', '/version')) as { gitVersion: string }).gitVersion).toMatch(
        /^v1\.32/,
      );
      const err = await failure(anon.request('GET', '/api/v1/pods'));
      expect(err.code).toBe(401);
    } finally {
      anon.close();
    }
  });

  it('serves the system namespaces and the kubernetes service from the start', async () => {
    const list = await t.client.list(nss);
    expect(list.items.map((n) => n.metadata.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']),
    );
    const svc = await t.client.get(kinds.find('svc')!, 'default', 'kubernetes');
    expect((svc.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.1');
  });

  it('creates with server-owned metadata, defaults, and generateName', async () => {
    const created = await t.client.create(pods, pod('', { generateName: 'web-' }));
    expect(created.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/Z$/);
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    const spec = created.spec as { restartPolicy: string; containers: { imagePullPolicy: string }[] };
    expect(spec.restartPolicy).toBe('Always');
    expect(spec.containers[0].imagePullPolicy).toBe('Always');
    expect((created.status as { phase: string }).phase).toBe('Pending');
  });

  it('answers 409 AlreadyExists and 404 NotFound as Status objects', async () => {
    await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dup', namespace: 'default' },
    });
    const dup = await failure(
      t.client.create(cms, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'dup', namespace: 'default' },
      }),
    );
    expect(dup.status).toMatchObject({
      kind: 'Status',
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "dup" already exists',
    });
    const missing = await failure(t.client.get(pods, 'default', 'nosuch'));
    expect(missing.status).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'pods "nosuch" not found',
    });
    const noNs = await failure(
      t.client.create(cms, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', namespace: 'nowhere' },
      }),
    );
    expect(noNs.status).toMatchObject({ code: 404, message: 'namespaces "nowhere" not found' });
  });

  it('rejects a stale update with 409 Conflict and bumps generation only on spec changes', async () => {
    const d = await t.client.create(deploys, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'gen', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'gen' } },
        template: {
          metadata: { labels: { app: 'gen' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    });
    expect(d.metadata.generation).toBe(1);
    const labelled = await t.client.patch(deploys, 'default', 'gen', { metadata: { labels: { x: 'y' } } });
    expect(labelled.metadata.generation).toBe(1);
    const scaled = await t.client.patch(deploys, 'default', 'gen', { spec: { replicas: 4 } });
    expect(scaled.metadata.generation).toBe(2);
    const stale = await failure(t.client.update(deploys, d));
    expect(stale.status).toMatchObject({ code: 409, reason: 'Conflict' });
    const scale = (await t.client.request('GET', `${Client.path(deploys, 'default', 'gen')}/scale`)) as {
      spec: { replicas: number };
      status: { selector: string };
    };
    expect(scale.spec.replicas).toBe(4);
    expect(scale.status.selector).toBe('app=gen');
  });

  it('answers 422 Invalid naming each bad field', async () => {
    const err = await failure(
      t.client.create(pods, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'Bad_Name', namespace: 'default', labels: { 'bad key!': 'v' } },
        spec: { containers: [{ name: 'c' }] },
      }),
    );
    expect(err.status.code).toBe(422);
    expect(err.status.reason).toBe('Invalid');
    const fields = err.status.details?.causes?.map((c) => c.field);
    expect(fields).toEqual(
      expect.arrayContaining(['metadata.name', 'metadata.labels', 'spec.containers[0].image']),
    );
  });

  it('rejects unknown fields with fieldValidation=Strict (400) and drops them otherwise', async () => {
    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'strict', namespace: 'default' },
      data: { a: 'b' },
      bogus: 1,
    };
    const err = await failure(t.client.create(cms, body, { fieldValidation: 'Strict' }));
    expect(err.status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(err.status.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"',
    );
    const res = await t.client.raw('POST', Client.path(cms, 'default'), { body });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toContain('unknown field \\"bogus\\"');
    expect(JSON.parse(res.body.toString()).bogus).toBeUndefined();
  });

  it('answers 413, 415, 405 and 400 for bad requests and keeps serving', async () => {
    const big = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big', namespace: 'default' },
      data: { a: 'x'.repeat(3.5 * 1024 * 1024) },
    };
    expect((await failure(t.client.create(cms, big))).code).toBe(413);
    const res415 = await t.client.raw('POST', Client.path(cms, 'default'), {
      body: 'a=b',
      contentType: 'text/plain',
    });
    expect(res415.status).toBe(415);
    expect((await failure(t.client.request('PUT', Client.path(cms, 'default')))).code).toBe(405);
    const res400 = await t.client.raw('POST', Client.path(cms, 'default'), { body: '{not json' });
    expect(res400.status).toBe(400);
    const badSel = await failure(t.client.list(pods, { labelSelector: 'a in (' }));
    expect(badSel.code).toBe(400);
    expect((await t.client.raw('GET', '/readyz')).status).toBe(200);
  });

  it('names no object with an empty path segment: nothing is read or deleted through one', async () => {
    for (const name of ['scale', 'x'])
      await t.client.create(cms, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'default' },
      });
    for (const path of [
      '/api/v1/namespaces/default/configmaps//scale',
      '/api/v1/namespaces//configmaps/x',
      '/api/v1/namespaces/default/configmaps//',
    ]) {
      expect((await t.client.raw('GET', path)).status, path).toBe(404);
      expect((await t.client.raw('DELETE', path)).status, path).toBe(404);
    }
    expect((await t.client.get(cms, 'default', 'scale')).metadata.name).toBe('scale');
    expect((await t.client.get(cms, 'default', 'x')).metadata.name).toBe('x');
    // A trailing slash still names the collection, as before.
    expect((await t.client.raw('GET', '/api/v1/namespaces/default/configmaps/')).status).toBe(200);
    expect(() => Client.path(cms, 'default', '')).toThrow('resource name may not be empty');
  });

  it('checks a dry-run create as a create, the name included, and stores nothing', async () => {
    const cm = (name: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: 'default' },
    });
    await t.client.create(cms, cm('dry-taken'));
    const taken = await failure(t.client.create(cms, cm('dry-taken'), { dryRun: 'All' }));
    expect([taken.code, taken.status.reason]).toEqual([409, 'AlreadyExists']);
    expect((await t.client.create(cms, cm('dry-new'), { dryRun: 'All' })).metadata.name).toBe('dry-new');
    expect((await failure(t.client.get(cms, 'default', 'dry-new'))).code).toBe(404);
  });

  it('pages lists with limit and continue', async () => {
    for (let i = 0; i < 5; i++) {
      await t.client.create(cms, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `page-${i}`, namespace: 'default', labels: { page: 'yes' } },
      });
    }
    const seen: string[] = [];
    let cont: string | undefined;
    do {
      const page = await t.client.list(cms, {
        namespace: 'default',
        labelSelector: 'page=yes',
        limit: 2,
        continue: cont,
      });
      seen.push(...page.items.map((i) => i.metadata.name!));
      cont = page.metadata.continue;
    } while (cont);
    expect(seen).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });

  it('streams watch events from a resourceVersion', async () => {
    const start = await t.client.list(cms, { namespace: 'default' });
    const events: string[] = [];
    const w = t.client.watch(
      cms,
      { namespace: 'default', resourceVersion: start.metadata.resourceVersion },
      (ev) => {
        events.push(`${ev.type} ${ev.object.metadata.name}`);
      },
    );
    await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'watched', namespace: 'default' },
    });
    await t.client.delete(cms, 'default', 'watched');
    await waitFor('both events', () => events.length >= 2, 5000).finally(() => w.stop());
    expect(events).toEqual(['ADDED watched', 'DELETED watched']);
  });

  it('deletes pods not bound to a node at once, and holds objects with finalizers', async () => {
    await t.client.create(pods, pod('gone'));
    const del = (await t.client.delete(pods, 'default', 'gone')) as { metadata: { name: string } };
    expect(del.metadata.name).toBe('gone');
    expect((await failure(t.client.get(pods, 'default', 'gone'))).code).toBe(404);

    await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'] },
    });
    await t.client.delete(cms, 'default', 'held');
    const held = await t.client.get(cms, 'default', 'held');
    expect(held.metadata.deletionTimestamp).toBeTruthy();
    await t.client.patch(cms, 'default', 'held', { metadata: { finalizers: null } });
    expect((await failure(t.client.get(cms, 'default', 'held'))).code).toBe(404);

    const pre = await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pre', namespace: 'default' },
    });
    const wrongUid = await failure(
      t.client.delete(cms, 'default', 'pre', { preconditions: { uid: 'not-the-uid' } }),
    );
    expect(wrongUid.code).toBe(409);
    await t.client.delete(cms, 'default', 'pre', { preconditions: { uid: pre.metadata.uid } });
  });

  it('garbage-collects dependents of a deleted owner, and keeps them with the orphan policy', async () => {
    const owner = await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owner', namespace: 'default' },
    });
    const ref = [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid!, controller: true },
    ];
    await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dependent', namespace: 'default', ownerReferences: ref },
    });
    await t.client.delete(cms, 'default', 'owner', { propagationPolicy: 'Foreground' });
    await eventually('the owner gone after its dependent', async () =>
      expect((await failure(t.client.get(cms, 'default', 'owner'))).code).toBe(404),
    );
    expect((await failure(t.client.get(cms, 'default', 'dependent'))).code).toBe(404);

    const owner2 = await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owner2', namespace: 'default' },
    });
    await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'orphan',
        namespace: 'default',
        ownerReferences: [{ ...ref[0], name: 'owner2', uid: owner2.metadata.uid! }],
      },
    });
    await t.client.delete(cms, 'default', 'owner2', { propagationPolicy: 'Orphan' });
    await eventually('the orphaning owner gone', async () =>
      expect((await failure(t.client.get(cms, 'default', 'owner2'))).code).toBe(404),
    );
    const orphan = await t.client.get(cms, 'default', 'orphan');
    expect(orphan.metadata.ownerReferences).toBeUndefined();
  });

  it('empties and removes a deleted namespace, and refuses new content meanwhile', async () => {
    await t.client.create(nss, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'temp' } });
    await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'inside', namespace: 'temp', finalizers: ['example.com/slow'] },
    });
    await t.client.delete(nss, undefined, 'temp');
    const ns = await t.client.get(nss, undefined, 'temp');
    expect((ns.status as { phase: string }).phase).toBe('Terminating');
    const refused = await failure(
      t.client.create(cms, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'late', namespace: 'temp' },
      }),
    );
    expect(refused.code).toBe(403);
    await t.client.patch(cms, 'temp', 'inside', { metadata: { finalizers: null } });
    await eventually('the emptied namespace gone', async () =>
      expect((await failure(t.client.get(nss, undefined, 'temp'))).code).toBe(404),
    );
  });

  it('answers a watch from a compacted revision with a 410 Expired event', async () => {
    const first = await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'before-compaction', namespace: 'default' },
    });
    await t.client.patch(cms, 'default', 'before-compaction', { data: { a: 'b' } });
    // The server's timer compacts the same file; a second connection does it now.
    const store = openStore(join(t.stateDir, 'state.db'), { autoCompact: false });
    try {
      await store.compact(await store.revision());
    } finally {
      await store.close();
    }
    const res = await t.client.raw('GET', Client.path(cms, 'default'), {
      query: { watch: true, resourceVersion: first.metadata.resourceVersion! },
    });
    expect(res.status).toBe(200);
    const event = JSON.parse(res.body.toString('utf8').trim());
    expect(event.type).toBe('ERROR');
    expect(event.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(event.object.message).toMatch(/^too old resource version: /);
  });

  it("merges a Secret's stringData into data on create and on patch", async () => {
    const secrets = kinds.find('secrets')!;
    const created = await t.client.create(secrets, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: 'default' },
      data: { keep: Buffer.from('old').toString('base64'), user: Buffer.from('x').toString('base64') },
      stringData: { user: 'admin' },
    } as never);
    expect(created).not.toHaveProperty('stringData');
    expect((created as unknown as { data: Record<string, string> }).data).toEqual({
      keep: Buffer.from('old').toString('base64'),
      user: Buffer.from('admin').toString('base64'),
    });
    const patched = await t.client.patch(secrets, 'default', 'creds', { stringData: { pass: 's3cr=t' } });
    expect(patched).not.toHaveProperty('stringData');
    expect((patched as unknown as { data: Record<string, string> }).data.pass).toBe(
      Buffer.from('s3cr=t').toString('base64'),
    );
  });

  it('answers 400 for a field selector on a field the resource cannot be selected by', async () => {
    const bad = await failure(t.client.list(cms, { namespace: 'default', fieldSelector: 'spec.foo=x' }));
    expect(bad.code).toBe(400);
    expect(bad.message).toBe('field label not supported: spec.foo');
    expect((await failure(t.client.list(pods, { fieldSelector: 'status.podIPs=x' }))).code).toBe(400);
    await t.client.create(pods, pod('selected'));
    const pending = await t.client.list(pods, {
      namespace: 'default',
      fieldSelector: 'status.phase=Pending,metadata.name=selected',
    });
    expect(pending.items.map((p) => p.metadata.name)).toEqual(['selected']);
    await t.client.delete(pods, 'default', 'selected');
  });

  it('rejects malformed delete options without deleting, and answers binding with a Status', async () => {
    await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kept', namespace: 'default' },
    });
    const path = Client.path(cms, 'default', 'kept');
    for (const body of ['null', '{"preconditions":"x"}', '{"gracePeriodSeconds":"soon"}']) {
      const res = await t.client.raw('DELETE', path, { body, contentType: 'application/json' });
      expect(res.status).toBe(400);
    }
    const policy = await failure(t.client.delete(cms, 'default', 'kept', { propagationPolicy: 'Bogus' }));
    expect(policy.code).toBe(422);
    expect(policy.status.reason).toBe('Invalid');
    expect(policy.status.details?.causes?.[0]?.field).toBe('propagationPolicy');
    expect((await t.client.get(cms, 'default', 'kept')).metadata.name).toBe('kept');

    await t.client.create(pods, pod('to-bind'));
    const bound = await t.client.request('POST', `${Client.path(pods, 'default', 'to-bind', 'binding')}`, {
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'to-bind' },
        target: { kind: 'Node', name: 'n1' },
      },
    });
    expect(bound).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    const pod1 = await t.client.get(pods, 'default', 'to-bind');
    expect((pod1.spec as { nodeName: string }).nodeName).toBe('n1');
  });

  it("keeps a Service's allocated cluster IP and node ports on a replace, and allocates them on a type change", async () => {
    const svcs = kinds.find('services')!;
    const manifest = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'replaced', namespace: 'default' },
      spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ name: 'http', port: 80 }] },
    };
    type Spec = { clusterIP: string; ports: { nodePort?: number }[] };
    const created = (await t.client.create(svcs, manifest)).spec as Spec;
    const replaced = (await t.client.update(svcs, manifest)).spec as Spec;
    expect(replaced.clusterIP).toBe(created.clusterIP);
    expect(replaced.ports[0]!.nodePort).toBe(created.ports[0]!.nodePort);

    await t.client.create(svcs, {
      ...manifest,
      metadata: { name: 'retyped', namespace: 'default' },
      spec: { ...manifest.spec, type: 'ClusterIP' },
    });
    const retyped = (await t.client.patch(svcs, 'default', 'retyped', { spec: { type: 'NodePort' } }))
      .spec as Spec;
    expect(retyped.ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(retyped.ports[0]!.nodePort).not.toBe(created.ports[0]!.nodePort);
  });

  it('deletes a collection by label selector and answers the list of what it deleted', async () => {
    for (const name of ['coll-a', 'coll-b', 'coll-keep']) {
      await t.client.create(cms, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'default', labels: { coll: name === 'coll-keep' ? 'no' : 'yes' } },
      });
    }
    const res = (await t.client.request('DELETE', Client.path(cms, 'default'), {
      query: { labelSelector: 'coll=yes' },
    })) as { kind: string; items: { metadata: { name: string } }[] };
    expect(res.kind).toBe('ConfigMapList');
    expect(res.items.map((i) => i.metadata.name)).toEqual(['coll-a', 'coll-b']);
    const left = await t.client.list(cms, { namespace: 'default', labelSelector: 'coll' });
    expect(left.items.map((i) => i.metadata.name)).toEqual(['coll-keep']);
  });

  it('treats a resourceVersion in a patch as a precondition', async () => {
    const cm = await t.client.create(cms, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'patched-rv', namespace: 'default' },
    });
    const rv = cm.metadata.resourceVersion!;
    await t.client.patch(cms, 'default', 'patched-rv', { data: { a: '1' } });
    const merge = await failure(
      t.client.patch(cms, 'default', 'patched-rv', { metadata: { resourceVersion: rv }, data: { b: '2' } }),
    );
    expect(merge.status).toMatchObject({ code: 409, reason: 'Conflict' });
    const json = await failure(
      t.client.patch(
        cms,
        'default',
        'patched-rv',
        [{ op: 'replace', path: '/metadata/resourceVersion', value: rv }],
        'json',
      ),
    );
    expect(json.code).toBe(409);
    const current = await t.client.get(cms, 'default', 'patched-rv');
    expect(current.data).toEqual({ a: '1' });
    const ok = await t.client.patch(cms, 'default', 'patched-rv', {
      metadata: { resourceVersion: current.metadata.resourceVersion },
      data: { b: '2' },
    });
    expect(ok.data).toEqual({ a: '1', b: '2' });
  });

  it('serves a HorizontalPodAutoscaler under autoscaling/v1 and v2, converting between them', async () => {
    const v1Path = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
    const v2Path = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';
    const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    const created = (await t.client.request('POST', v1Path, {
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'by-v1', namespace: 'default' },
        spec: { scaleTargetRef: target, maxReplicas: 4, targetCPUUtilizationPercentage: 70 },
      },
    })) as { apiVersion: string; spec: Record<string, unknown> };
    expect(created.apiVersion).toBe('autoscaling/v1');
    expect(created.spec).toEqual({
      scaleTargetRef: target,
      minReplicas: 1,
      maxReplicas: 4,
      targetCPUUtilizationPercentage: 70,
    });
    const asV2 = (await t.client.request('GET', `${v2Path}/by-v1`)) as {
      apiVersion: string;
      spec: { metrics: unknown[] };
    };
    expect(asV2.apiVersion).toBe('autoscaling/v2');
    expect(asV2.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ]);

    const patched = (await t.client.request('PATCH', `${v1Path}/by-v1`, {
      body: { spec: { targetCPUUtilizationPercentage: 55 } },
      contentType: 'application/merge-patch+json',
    })) as { spec: { targetCPUUtilizationPercentage: number } };
    expect(patched.spec.targetCPUUtilizationPercentage).toBe(55);
    const list = (await t.client.request('GET', v1Path)) as {
      apiVersion: string;
      items: { apiVersion: string }[];
    };
    expect(list.apiVersion).toBe('autoscaling/v1');
    expect(list.items.every((i) => i.apiVersion === 'autoscaling/v1')).toBe(true);
    const back = (await t.client.request('GET', `${v2Path}/by-v1`)) as {
      spec: { metrics: { resource: { target: { averageUtilization: number } } }[] };
    };
    expect(back.spec.metrics[0]!.resource.target.averageUtilization).toBe(55);
  });
});
