import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrdKinds } from '../src/api/crd/crd-kinds.js';
import type { CustomResourceDefinition, JSONSchemaProps } from '../src/api/crd/types.js';
import { crontabCrd } from './fixtures/crontab.js';
import { startTestApiServer, type TestApiServer } from './helpers/api-server.js';

/** The CronTab CRD with fields of each list and map type its schema may declare. */
function crd(): CustomResourceDefinition {
  const out = crontabCrd();
  const spec = out.spec.versions[0].schema!.openAPIV3Schema!.properties!.spec as JSONSchemaProps;
  spec.properties = {
    ...spec.properties,
    ports: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, port: { type: 'integer' } },
      },
    },
    tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
    args: { type: 'array', items: { type: 'string' } },
    selector: {
      type: 'object',
      'x-kubernetes-map-type': 'atomic',
      additionalProperties: { type: 'string' },
    },
    settings: { type: 'object', additionalProperties: { type: 'string' } },
  };
  const accepted = { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: '' };
  out.status = { acceptedNames: out.spec.names, conditions: [accepted], storedVersions: ['v1'] };
  return out;
}

/** A kind served in two versions whose `ports` list is atomic in v1beta1 and keyed by name in v1. */
function widgets(): CustomResourceDefinition {
  const ports = (keyed: boolean): JSONSchemaProps => ({
    type: 'array',
    ...(keyed ? { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] } : {}),
    items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
  });
  const names = { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.toys.example.com' },
    spec: {
      group: 'toys.example.com',
      scope: 'Namespaced',
      names,
      versions: ['v1beta1', 'v1'].map((name) => ({
        name,
        served: true,
        storage: name === 'v1',
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { ports: ports(name === 'v1') } } },
          },
        },
      })),
    },
    status: {
      acceptedNames: names,
      conditions: [{ type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: '' }],
      storedVersions: ['v1'],
    },
  } as CustomResourceDefinition;
}

/** Server-side apply of a custom resource through the real kubectl 1.32: its CRD's list and map types rule. */
describe('server-side apply of custom resources by their CRD schema', () => {
  let api: TestApiServer;
  let dir: string;
  const served = new CrdKinds(() => {});
  beforeAll(async () => {
    api = await startTestApiServer();
    dir = mkdtempSync(join(tmpdir(), 'minik8s-ssa-crd-'));
    served.sync(crd());
    served.sync(widgets());
  });
  afterAll(async () => {
    served.unserveAll();
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const kubectl = (args: string[]) =>
    execa('kubectl', args, {
      env: { ...process.env, KUBECONFIG: api.kubeconfig, KUBECACHEDIR: join(dir, 'cache') },
      reject: false,
    });
  let n = 0;
  const apply = (manager: string, name: string, spec: object, ...flags: string[]) => {
    const path = join(dir, `ct-${n++}.json`);
    const body = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name }, spec };
    writeFileSync(path, JSON.stringify(body));
    return kubectl(['apply', '--server-side', `--field-manager=${manager}`, '-f', path, ...flags]);
  };
  const get = async (name: string) =>
    JSON.parse((await kubectl(['get', 'crontab', name, '-o', 'json', '--show-managed-fields'])).stdout);
  const fieldsOf = (
    obj: { metadata: { managedFields: { manager: string; fieldsV1: object }[] } },
    m: string,
  ) => obj.metadata.managedFields.find((e) => e.manager === m)?.fieldsV1;

  it('merges a map-keyed list item by item, each owned by its applier', async () => {
    const first = await apply('alice', 'ports', {
      cronSpec: '* * * * */5',
      ports: [{ name: 'http', port: 80 }],
    });
    expect(first.stdout).toBe('crontab.stable.example.com/ports serverside-applied');
    expect((await apply('bob', 'ports', { ports: [{ name: 'metrics', port: 9090 }] })).exitCode).toBe(0);
    const obj = await get('ports');
    expect(obj.spec.ports).toEqual([
      { name: 'http', port: 80 },
      { name: 'metrics', port: 9090 },
    ]);
    expect(fieldsOf(obj, 'bob')).toEqual({
      'f:spec': { 'f:ports': { 'k:{"name":"metrics"}': { '.': {}, 'f:name': {}, 'f:port': {} } } },
    });
    expect(fieldsOf(obj, 'alice')).toEqual({
      'f:spec': {
        'f:cronSpec': {},
        'f:ports': { 'k:{"name":"http"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
      },
    });
  });

  it('reports a conflict on a field of another applier’s item, and takes it with --force-conflicts', async () => {
    const changed = {
      ports: [
        { name: 'metrics', port: 9090 },
        { name: 'http', port: 8080 },
      ],
    };
    const refused = await apply('bob', 'ports', changed);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "alice": .spec.ports[name="http"].port',
    );
    expect((await get('ports')).spec.ports[0]).toEqual({ name: 'http', port: 80 });
    expect((await apply('bob', 'ports', changed, '--force-conflicts')).exitCode).toBe(0);
    const obj = await get('ports');
    // The items both have come in the applied order (structured-merge-diff's merge).
    expect(obj.spec.ports).toEqual([
      { name: 'metrics', port: 9090 },
      { name: 'http', port: 8080 },
    ]);
    // alice still shares the item (its key), bob now holds its port.
    expect(fieldsOf(obj, 'alice')).toEqual({
      'f:spec': { 'f:cronSpec': {}, 'f:ports': { 'k:{"name":"http"}': { '.': {}, 'f:name': {} } } },
    });
  });

  it('keeps every manager’s fields through a patch that sends them back', async () => {
    const before = await get('ports');
    expect((await kubectl(['label', 'crontab', 'ports', 'tier=back'])).exitCode).toBe(0);
    const after = await get('ports');
    expect(fieldsOf(after, 'alice')).toEqual(fieldsOf(before, 'alice'));
    expect(fieldsOf(after, 'kubectl-label')).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } },
    });
  });

  it('removes the item an applier stops applying, and keeps the one another applier still holds', async () => {
    expect((await apply('bob', 'ports', { ports: [{ name: 'admin', port: 8081 }] })).exitCode).toBe(0);
    const obj = await get('ports');
    // http stays (alice still applies it); bob's port on it goes with bob's claim; metrics goes.
    expect(obj.spec.ports).toEqual([{ name: 'http' }, { name: 'admin', port: 8081 }]);
  });

  it('orders merged items as structured-merge-diff does: applied order, new items before the next one the object had', async () => {
    const port = (name: string) => ({ name, port: 80 });
    await apply('alice', 'order', { cronSpec: '* * * * */5', ports: ['a', 'b', 'c'].map(port) });
    expect((await apply('carol', 'order', { ports: ['x', 'c', 'a'].map(port) })).exitCode).toBe(0);
    const names = (await get('order')).spec.ports.map((p: { name: string }) => p.name);
    expect(names).toEqual(['b', 'x', 'c', 'a']);
  });

  it('types an object by the schema of the version it is applied in', async () => {
    const widget = (version: string, manager: string, name: string) => {
      const path = join(dir, `w-${n++}.json`);
      const body = {
        apiVersion: `toys.example.com/${version}`,
        kind: 'Widget',
        metadata: { name: `w-${version}` },
        spec: { ports: [{ name, port: 1 }] },
      };
      writeFileSync(path, JSON.stringify(body));
      return kubectl(['apply', '--server-side', `--field-manager=${manager}`, '-f', path]);
    };
    expect((await widget('v1', 'alice', 'a')).exitCode).toBe(0);
    expect((await widget('v1', 'bob', 'b')).exitCode).toBe(0);
    expect((await widget('v1beta1', 'alice', 'a')).exitCode).toBe(0);
    const atomic = await widget('v1beta1', 'bob', 'b');
    expect(atomic.stderr).toContain('Apply failed with 1 conflict: conflict with "alice": .spec.ports');
    const ports = async (version: string) =>
      JSON.parse(
        (await kubectl(['get', `widgets.${version}.toys.example.com`, `w-${version}`, '-o', 'json'])).stdout,
      ).spec.ports;
    expect(await ports('v1')).toEqual([
      { name: 'a', port: 1 },
      { name: 'b', port: 1 },
    ]);
    expect(await ports('v1beta1')).toEqual([{ name: 'a', port: 1 }]);
  });

  it('merges a set list, and treats an undeclared list and an atomic map as one value', async () => {
    const base = { cronSpec: '* * * * */5' };
    await apply('alice', 'kinds', {
      ...base,
      tags: ['a'],
      args: ['x'],
      selector: { a: '1' },
      settings: { a: '1' },
    });
    const bob = await apply('bob', 'kinds', { tags: ['b'], settings: { b: '2' } });
    expect(bob.exitCode).toBe(0);
    const merged = (await get('kinds')).spec;
    expect(merged.tags).toEqual(['a', 'b']);
    expect(merged.settings).toEqual({ a: '1', b: '2' });
    const atomic = await apply('bob', 'kinds', {
      tags: ['b'],
      settings: { b: '2' },
      args: ['y'],
      selector: { b: '2' },
    });
    expect(atomic.exitCode).not.toBe(0);
    expect(atomic.stderr).toContain(
      'Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.args\n- .spec.selector',
    );
  });
});
