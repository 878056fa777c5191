import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure.js';
import { LocalClient } from '../../client/local-client.js';
import { openStore } from '../../store/sqlite-store.js';
import type { Store } from '../../store/types.js';
import { CONTROLLER_MANAGER } from '../auth/user.js';
import { bootstrap } from '../bootstrap.js';
import { CONFIGMAPS, DEPLOYMENTS } from '../kinds/index.js';
import { patchTypes } from '../patch/index.js';
import { ResourceService } from '../service.js';
import type { KubeObject } from '../types.js';
import { FieldSet, pathString } from './field-set.js';

const APPLY = patchTypes.apply;
const cm = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', ...extra },
  data,
});
const deployment = (containers: object[], replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'd' } },
    template: { metadata: { labels: { app: 'd' } }, spec: { containers } },
  },
});
const managers = (o: KubeObject) =>
  (o.metadata.managedFields as { manager: string; operation: string; subresource?: string }[]).map(
    (e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`,
  );

describe('field sets', () => {
  it('read and write FieldsV1, and print paths as structured-merge-diff does', () => {
    const fields = {
      'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {} } }, 'f:replicas': {} },
    };
    const set = FieldSet.fromFieldsV1(fields);
    expect(set.toFieldsV1()).toEqual(fields);
    expect([...set.members()].map(pathString)).toEqual([
      '.spec.containers[name="a"]',
      '.spec.containers[name="a"].image',
      '.spec.replicas',
    ]);
    const other = FieldSet.fromFieldsV1({ 'f:spec': { 'f:replicas': {} } });
    expect(set.difference(other).has(['f:spec', 'f:replicas'])).toBe(false);
    expect(set.intersection(other).toFieldsV1()).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(pathString(['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}', 'v:"x"'])).toBe(
      '.ports[containerPort=80,protocol="TCP"][="x"]',
    );
  });
});

describe('managed fields on the resource service', () => {
  let dir: string;
  let store: Store;
  let svc: ResourceService;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minik8s-fields-'));
    store = openStore(join(dir, 'state.db'));
    svc = new ResourceService(store);
    await bootstrap(svc);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves fields between updaters, keeps status writes apart, and stores nothing for a write that changes nothing', async () => {
    const created = await svc.create(CONFIGMAPS, 'default', cm({ a: '1' }), { agent: 'kubectl-create' });
    await svc.patch(
      CONFIGMAPS,
      'default',
      'c',
      patchTypes.merge,
      { data: { a: '2', b: '1' } },
      { agent: 'editor' },
    );
    const got = await svc.get(CONFIGMAPS, 'default', 'c');
    // Within one second, entries sort by manager name.
    expect(got.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'editor', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } }),
      expect.objectContaining({ manager: 'kubectl-create', fieldsV1: { 'f:data': {} } }),
    ]);
    const same = await svc.update(
      CONFIGMAPS,
      'default',
      'c',
      { ...got, metadata: { name: 'c' } },
      { agent: 'someone' },
    );
    expect(same.metadata.resourceVersion).toBe(got.metadata.resourceVersion);
    expect(created.metadata.managedFields).toHaveLength(1);

    await svc.create(DEPLOYMENTS, 'default', deployment([{ name: 'a', image: 'a' }]), {
      agent: 'kubectl-create',
    });
    const client = new LocalClient(svc, CONTROLLER_MANAGER);
    const d = await svc.get(DEPLOYMENTS, 'default', 'd');
    await client.update(DEPLOYMENTS, { ...d, status: { observedGeneration: 1, replicas: 0 } }, 'status');
    const after = await svc.get(DEPLOYMENTS, 'default', 'd');
    expect(managers(after).sort()).toEqual([
      'kube-controller-manager/Update/status',
      'kubectl-create/Update',
    ]);
    const status = (after.metadata.managedFields as { subresource?: string; fieldsV1: object }[]).find(
      (e) => e.subresource === 'status',
    );
    expect(status?.fieldsV1).toEqual({ 'f:status': { 'f:observedGeneration': {}, 'f:replicas': {} } });
  });

  it('clears managed fields sent as [{}]', async () => {
    await svc.create(CONFIGMAPS, 'default', cm({ a: '1' }), { agent: 'kubectl-create' });
    const cleared = await svc.patch(
      CONFIGMAPS,
      'default',
      'c',
      patchTypes.merge,
      { metadata: { managedFields: [{}] } },
      { agent: 'kubectl-patch' },
    );
    expect(cleared.metadata.managedFields).toBeUndefined();
  });

  it('merges applied containers and ports by their keys, and lists every conflict by manager', async () => {
    const ctx = (fieldManager: string, force?: boolean) => ({ fieldManager, ...(force ? { force } : {}) });
    const one = deployment([{ name: 'a', image: 'a:1', ports: [{ containerPort: 80 }] }]);
    await svc.patch(DEPLOYMENTS, 'default', 'd', APPLY, one, ctx('first'));
    const two = deployment([{ name: 'b', image: 'b:1', ports: [{ containerPort: 81, protocol: 'UDP' }] }]);
    const merged = await svc.patch(DEPLOYMENTS, 'default', 'd', APPLY, two, ctx('second'));
    const containers = (
      merged.spec as { template: { spec: { containers: { name: string; ports: object[] }[] } } }
    ).template.spec.containers;
    expect(containers.map((c) => c.name)).toEqual(['a', 'b']);
    expect(containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);

    const taking = deployment([{ name: 'a', image: 'a:2' }], 5);
    const err = await failure(svc.patch(DEPLOYMENTS, 'default', 'd', APPLY, taking, ctx('third')));
    expect(err.code).toBe(409);
    // "second" applied replicas 1 too: it co-owns the field, and so conflicts as well.
    expect(err.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "first":\n- .spec.replicas\n- .spec.template.spec.containers[name="a"].image\nconflicts with "second":\n- .spec.replicas',
    );
    expect(err.status.details?.causes).toContainEqual({
      reason: 'FieldManagerConflict',
      message: 'conflict with "first"',
      field: '.spec.replicas',
    });
  });

  it('refuses an apply without a fieldManager, and force on any other patch', async () => {
    const noManager = await failure(svc.patch(CONFIGMAPS, 'default', 'c', APPLY, cm({})));
    expect(noManager.code).toBe(422);
    expect(noManager.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    const forced = await failure(
      svc.patch(CONFIGMAPS, 'default', 'c', patchTypes.merge, {}, { force: true }),
    );
    expect(forced.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
  });

  it('turns an apply that finds the object created meanwhile into an update of it', async () => {
    const racers = ['a', 'b', 'c'].map((k) =>
      svc.patch(CONFIGMAPS, 'default', 'c', APPLY, cm({ [k]: '1' }), { fieldManager: `racer-${k}` }),
    );
    await Promise.all(racers);
    const got = await svc.get(CONFIGMAPS, 'default', 'c');
    expect(got.data).toEqual({ a: '1', b: '1', c: '1' });
    expect(managers(got).sort()).toEqual(['racer-a/Apply', 'racer-b/Apply', 'racer-c/Apply']);
  });

  it('stores nothing on a dry-run apply, and answers what would be stored', async () => {
    const dry = await svc.patch(CONFIGMAPS, 'default', 'c', APPLY, cm({ a: '1' }), {
      fieldManager: 'm',
      dryRun: true,
    });
    expect(managers(dry)).toEqual(['m/Apply']);
    expect((await failure(svc.get(CONFIGMAPS, 'default', 'c'))).code).toBe(404);
  });
});
