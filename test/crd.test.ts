import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomObjectsApi, KubeConfig, makeInformer } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CRONTAB_CRD_FILE, MY_CRONTAB_FILE } from './fixtures/crontab.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { waitFor } from './helpers/wait.js';

const CRD = 'crd/crontabs.stable.example.com';

/** A second CRD: cluster-scoped, two versions, in category all, no printer columns. */
const widgets = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.toys.example.com' },
  spec: {
    group: 'toys.example.com',
    scope: 'Cluster',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', categories: ['all'] },
    versions: ['v1beta1', 'v1'].map((name) => ({
      name,
      served: true,
      storage: name === 'v1',
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
        },
      },
    })),
    ...extra,
  },
});

describe('CustomResourceDefinitions with the real kubectl', () => {
  let c: TestCluster;
  const json = async (args: string[]) => JSON.parse((await c.kubectl([...args, '-o', 'json'])).stdout);

  beforeAll(async () => {
    c = await startTestCluster();
  });
  afterAll(async () => {
    await c?.down();
  });

  it('applies the CronTab CRD and reports it established with its accepted names', async () => {
    const applied = await c.kubectl(['apply', '-f', CRONTAB_CRD_FILE]);
    expect(applied.stdout).toContain(
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created',
    );
    await c.kubectl(['wait', '--for', 'condition=established', '--timeout=10s', CRD]);
    const crd = await json(['get', CRD]);
    const conditions = Object.fromEntries(
      crd.status.conditions.map((k: { type: string; status: string; reason: string }) => [
        k.type,
        [k.status, k.reason],
      ]),
    );
    expect(conditions).toEqual({
      NamesAccepted: ['True', 'NoConflicts'],
      Established: ['True', 'InitialNamesAccepted'],
    });
    expect(crd.status.acceptedNames).toEqual({
      plural: 'crontabs',
      singular: 'crontab',
      kind: 'CronTab',
      listKind: 'CronTabList',
      shortNames: ['ct'],
    });
    expect(crd.status.storedVersions).toEqual(['v1']);
    expect((await c.kubectl(['get', 'crd'])).stdout).toMatch(
      /NAME\s+CREATED AT\ncrontabs\.stable\.example\.com\s+\d{4}-\d\d-\d\dT/,
    );
    expect((await c.kubectl(['api-resources', '--api-group', 'stable.example.com'])).stdout).toMatch(
      /crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab/,
    );
  });

  it('creates a CronTab, defaults it, and prints its columns', async () => {
    expect((await c.kubectl(['apply', '-f', MY_CRONTAB_FILE])).stdout).toContain(
      'crontab.stable.example.com/my-new-cron-object created',
    );
    const obj = await json(['get', 'crontab', 'my-new-cron-object']);
    expect(obj.spec).toEqual({ cronSpec: '* * * * */5', image: 'my-awesome-cron-image', replicas: 1 });
    expect(obj.metadata.generation).toBe(1);
    const table = (await c.kubectl(['get', 'ct'])).stdout;
    expect(table).toMatch(/NAME\s+SPEC\s+REPLICAS\s+AGE\nmy-new-cron-object\s+\* \* \* \* \*\/5\s+1\s+\d+s/);
    expect(table).not.toContain('IMAGE');
    expect((await c.kubectl(['get', 'crontabs.stable.example.com', '-o', 'wide'])).stdout).toMatch(
      /NAME\s+SPEC\s+REPLICAS\s+IMAGE\s+AGE\nmy-new-cron-object\s+\* \* \* \* \*\/5\s+1\s+my-awesome-cron-image\s/,
    );
  });

  it('refuses invalid CronTabs with Kubernetes messages', async () => {
    const bad = (spec: string) =>
      c.kubectl(['apply', '-f', '-'], {
        reject: false,
        input: `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: bad\nspec:\n${spec}\n`,
      });
    const pattern = await bad('  cronSpec: "every minute"');
    expect(pattern.all).toContain(
      'The CronTab "bad" is invalid: spec.cronSpec: Invalid value: "every minute": spec.cronSpec in body should match',
    );
    const type = await bad('  replicas: "many"');
    expect(type.all).toContain(
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    );
    const unknown = await bad('  colour: blue');
    expect(unknown.all).toContain('strict decoding error: unknown field "spec.colour"');
  });

  it('describes, edits and patches a CronTab', async () => {
    const described = (await c.kubectl(['describe', 'crontab', 'my-new-cron-object'])).stdout;
    expect(described).toMatch(/Name:\s+my-new-cron-object/);
    expect(described).toMatch(/API Version:\s+stable\.example\.com\/v1/);
    expect(described).toMatch(/Cron Spec:\s+\* \* \* \* \*\/5/);

    const editor = join(c.home, 'edit.sh');
    writeFileSync(editor, `#!/bin/sh\nsed -i 's/image: my-awesome-cron-image/image: edited-image/' "$1"\n`);
    chmodSync(editor, 0o755);
    const edited = await c.kubectl(['edit', 'crontab', 'my-new-cron-object'], {
      env: { KUBE_EDITOR: editor },
    });
    expect(edited.stdout).toContain('crontab.stable.example.com/my-new-cron-object edited');

    const patched = await c.kubectl([
      'patch',
      'ct',
      'my-new-cron-object',
      '--type=merge',
      '-p',
      '{"spec":{"replicas":3}}',
    ]);
    expect(patched.stdout).toContain('crontab.stable.example.com/my-new-cron-object patched');
    const strategic = await c.kubectl(
      ['patch', 'ct', 'my-new-cron-object', '-p', '{"spec":{"replicas":5}}'],
      {
        reject: false,
      },
    );
    expect(strategic.stderr).toContain(
      'application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab',
    );
    expect(strategic.stderr).toMatch(
      /the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/apply-patch\+yaml$/m,
    );
    const obj = await json(['get', 'ct', 'my-new-cron-object']);
    expect(obj.spec).toMatchObject({ image: 'edited-image', replicas: 3 });
    expect(obj.metadata.generation).toBe(3);
  });

  it('writes status through its subresource without touching generation, and scales', async () => {
    await c.kubectl([
      'patch',
      'ct',
      'my-new-cron-object',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"replicas":3,"labelSelector":"app=cron"}}',
    ]);
    const before = await json(['get', 'ct', 'my-new-cron-object']);
    expect(before.status).toEqual({ replicas: 3, labelSelector: 'app=cron' });
    expect(before.metadata.generation).toBe(3);
    await c.kubectl(['patch', 'ct', 'my-new-cron-object', '--type=merge', '-p', '{"status":{"replicas":9}}']);
    expect((await json(['get', 'ct', 'my-new-cron-object'])).status.replicas).toBe(3);

    expect((await c.kubectl(['scale', 'crontab', 'my-new-cron-object', '--replicas=4'])).stdout).toContain(
      'crontab.stable.example.com/my-new-cron-object scaled',
    );
    const scale = JSON.parse(
      (
        await c.kubectl([
          'get',
          '--raw',
          '/apis/stable.example.com/v1/namespaces/default/crontabs/my-new-cron-object/scale',
        ])
      ).stdout,
    );
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 4 },
      status: { replicas: 3, selector: 'app=cron' },
    });
  });

  it('explains the CronTab schema', async () => {
    const out = (await c.kubectl(['explain', 'crontab.spec'])).stdout;
    expect(out).toMatch(/^GROUP:\s+stable\.example\.com\nKIND:\s+CronTab\nVERSION:\s+v1\n/);
    expect(out).toContain('FIELD: spec <Object>');
    expect(out).toMatch(/cronSpec\s+<string>/);
    expect(out).toMatch(/replicas\s+<integer>/);
  });

  it('selects CronTabs by label and by name', async () => {
    await c.kubectl(['label', 'ct', 'my-new-cron-object', 'team=a']);
    expect((await c.kubectl(['get', 'ct', '-l', 'team=a', '-o', 'name'])).stdout.trim()).toBe(
      'crontab.stable.example.com/my-new-cron-object',
    );
    expect((await c.kubectl(['get', 'ct', '-l', 'team=b', '-o', 'name'])).stdout.trim()).toBe('');
    const byName = await c.kubectl([
      'get',
      'ct',
      '--field-selector',
      'metadata.name=my-new-cron-object',
      '-o',
      'name',
    ]);
    expect(byName.stdout.trim()).toBe('crontab.stable.example.com/my-new-cron-object');
    const bad = await c.kubectl(['get', 'ct', '--field-selector', 'spec.image=x'], { reject: false });
    expect(bad.all).toContain('field label not supported: spec.image');
  });

  it('serves a cluster-scoped kind in two versions and in category all', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(widgets()) });
    await c.kubectl([
      'wait',
      '--for',
      'condition=established',
      '--timeout=10s',
      'crd/widgets.toys.example.com',
    ]);
    await c.kubectl(['apply', '-f', '-'], {
      input: 'apiVersion: toys.example.com/v1beta1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 2\n',
    });
    const v1 = await json(['get', 'widgets.v1.toys.example.com', 'w1']);
    expect(v1.apiVersion).toBe('toys.example.com/v1');
    const v1beta1 = await json(['get', 'widgets.v1beta1.toys.example.com', 'w1']);
    expect(v1beta1.apiVersion).toBe('toys.example.com/v1beta1');
    expect((await c.kubectl(['get', 'widgets'])).stdout).toMatch(/NAME\s+AGE\nw1\s+\d+s/);
    expect((await c.kubectl(['get', 'all', '-n', 'default'])).stdout).toContain('widget.toys.example.com/w1');
    // Applied again, changed: kubectl chooses its patch by what the OpenAPI document says the kind
    // takes, and a custom resource takes no strategic merge patch.
    for (const size of [3, 2]) {
      const again = await c.kubectl(['apply', '-f', '-'], {
        input: `apiVersion: toys.example.com/v1beta1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: ${size}\n`,
      });
      expect(again.stdout).toBe('widget.toys.example.com/w1 configured');
      expect((await json(['get', 'widgets.v1beta1.toys.example.com', 'w1'])).spec.size).toBe(size);
    }
  });

  it('refuses names another CRD of the group holds', async () => {
    const clash = widgets();
    clash.metadata.name = 'gadgets.toys.example.com';
    Object.assign(clash.spec.names, { plural: 'gadgets', singular: 'gadget', kind: 'Widget' });
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(clash) });
    const status = await waitFor('the NamesAccepted condition', async () => {
      const crd = await json(['get', 'crd', 'gadgets.toys.example.com']);
      return crd.status?.conditions?.find((k: { type: string }) => k.type === 'NamesAccepted');
    });
    // Kubernetes checks kind then listKind: the last conflict found is the one reported.
    expect(status).toMatchObject({
      status: 'False',
      reason: 'ListKindConflict',
      message: '"WidgetList" is already in use',
    });
    await c.kubectl(['delete', 'crd', 'gadgets.toys.example.com']);
  });

  it('takes a CRD update live: a new printer column', async () => {
    const crd = parse(readFileSync(CRONTAB_CRD_FILE, 'utf8'));
    crd.spec.versions[0].additionalPrinterColumns.splice(2, 0, {
      name: 'Team',
      type: 'string',
      jsonPath: '.metadata.labels.team',
    });
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(crd) });
    await waitFor('the new column', async () => /TEAM/.test((await c.kubectl(['get', 'ct'])).stdout));
    expect((await c.kubectl(['get', 'ct'])).stdout).toMatch(
      /my-new-cron-object\s+\* \* \* \* \*\/5\s+4\s+a\s/,
    );
  });

  it('takes a CRD update live: a new field and a new served version', async () => {
    const crd = parse(readFileSync(CRONTAB_CRD_FILE, 'utf8'));
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.timeZone = { type: 'string' };
    crd.spec.versions.push({ ...structuredClone(crd.spec.versions[0]), name: 'v2', storage: false });
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(crd) });
    await waitFor(
      'v2 served',
      async () => (await c.kubectl(['get', 'crontabs.v2.stable.example.com'])).exitCode === 0,
    );
    await c.kubectl([
      'patch',
      'ct',
      'my-new-cron-object',
      '--type=merge',
      '-p',
      '{"spec":{"timeZone":"UTC"}}',
    ]);
    const v2 = await json(['get', 'crontabs.v2.stable.example.com', 'my-new-cron-object']);
    expect(v2.apiVersion).toBe('stable.example.com/v2');
    expect(v2.spec.timeZone).toBe('UTC');
    expect((await json(['get', 'crd', 'crontabs.stable.example.com'])).status.storedVersions).toEqual(['v1']);
  });

  it('feeds a client-node informer on CronTabs', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(c.kubeconfig);
    const api = kc.makeApiClient(CustomObjectsApi);
    const path = '/apis/stable.example.com/v1/namespaces/default/crontabs';
    const list = () =>
      api.listNamespacedCustomObject({
        group: 'stable.example.com',
        version: 'v1',
        namespace: 'default',
        plural: 'crontabs',
      });
    const informer = makeInformer(kc, path, list as never);
    const seen: string[] = [];
    for (const verb of ['add', 'update', 'delete'] as const) {
      informer.on(verb, (obj: { metadata?: { name?: string } }) =>
        seen.push(`${verb} ${obj.metadata?.name}`),
      );
    }
    await informer.start();
    try {
      const body = {
        apiVersion: 'stable.example.com/v1',
        kind: 'CronTab',
        metadata: { name: 'watched' },
        spec: { image: 'a' },
      };
      const target = { group: 'stable.example.com', version: 'v1', namespace: 'default', plural: 'crontabs' };
      await api.createNamespacedCustomObject({ ...target, body });
      await waitFor('the add', () => seen.includes('add watched'));
      await c.kubectl(['patch', 'ct', 'watched', '--type=merge', '-p', '{"spec":{"image":"b"}}']);
      await waitFor('the update', () => seen.includes('update watched'));
      await api.deleteNamespacedCustomObject({ ...target, name: 'watched' });
      await waitFor('the delete', () => seen.includes('delete watched'));
    } finally {
      await informer.stop();
    }
  });

  it('keeps CRDs and their objects over a restart of the control plane', async () => {
    await c.minik8s(['stop', '--name', c.name]);
    await c.minik8s(['start', '--name', c.name]);
    expect((await json(['get', 'ct', 'my-new-cron-object'])).spec.replicas).toBe(4);
    expect((await json(['get', 'widget', 'w1'])).spec).toEqual({ size: 2 });
  });

  it('deletes a CRD with its objects, and its kind leaves discovery', async () => {
    expect((await c.kubectl(['delete', 'crontab', 'my-new-cron-object'])).stdout).toContain(
      'crontab.stable.example.com "my-new-cron-object" deleted',
    );
    await c.kubectl(['apply', '-f', MY_CRONTAB_FILE]);
    expect((await c.kubectl(['delete', '-f', CRONTAB_CRD_FILE])).stdout).toContain(
      'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted',
    );
    const groups = JSON.parse((await c.kubectl(['get', '--raw', '/apis'])).stdout);
    expect(groups.groups.map((g: { name: string }) => g.name)).not.toContain('stable.example.com');
    expect((await c.kubectl(['api-resources'])).stdout).not.toContain('crontabs');
    expect((await c.kubectl(['get', 'crd', '-o', 'name'])).stdout).not.toContain('crontabs');
    await c.kubectl(['apply', '-f', CRONTAB_CRD_FILE]);
    await c.kubectl(['wait', '--for', 'condition=established', '--timeout=10s', CRD]);
    expect((await c.kubectl(['get', 'ct', '-o', 'name'])).stdout.trim()).toBe('');
  });

  it("minik8s's own CLI finds custom kinds through the server's discovery", async () => {
    const out = async (args: string[], input?: string) => (await c.minik8s(args, { input })).stdout;
    expect((await c.minik8s(['get', 'crontabs'])).all).toBe('No resources found in default namespace.');
    expect(await out(['create', '-f', MY_CRONTAB_FILE])).toBe(
      'crontab.stable.example.com/my-new-cron-object created',
    );
    expect(await out(['get', 'crontabs'])).toMatch(
      /^NAME\s+SPEC\s+REPLICAS\s+AGE\nmy-new-cron-object\s+\* \* \* \* \*\/5\s+1\s+\d+s$/,
    );
    const changed = readFileSync(MY_CRONTAB_FILE, 'utf8').replace('my-awesome-cron-image', 'other-image');
    expect(await out(['apply', '-f', '-'], changed)).toBe(
      'crontab.stable.example.com/my-new-cron-object configured',
    );
    expect(JSON.parse(await out(['get', 'ct/my-new-cron-object', '-o', 'json'])).spec.image).toBe(
      'other-image',
    );
    expect(await out(['describe', 'crontab', 'my-new-cron-object'])).toMatch(
      /Cron Spec:\s+\* \* \* \* \*\/5/,
    );
    expect(await out(['delete', '-f', MY_CRONTAB_FILE])).toBe(
      'crontab.stable.example.com "my-new-cron-object" deleted',
    );

    const w1 = JSON.parse(await out(['get', 'widgets.v1beta1.toys.example.com', 'w1', '-o', 'json']));
    expect(w1.apiVersion).toBe('toys.example.com/v1beta1');
    expect(await out(['get', 'all', '-o', 'name'])).toContain('widget.toys.example.com/w1');
    expect(await out(['delete', 'widget', 'w1'])).toBe('widget.toys.example.com "w1" deleted');
  });
});
