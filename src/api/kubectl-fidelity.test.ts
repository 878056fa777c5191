import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../test/helpers/api-server.js';

/**
 * Scenarios in the manner of kubectl's own test/cmd suite: the real kubectl 1.32 against the
 * real HTTPS API, each asserting what kubectl prints against a real 1.32 cluster.
 */
describe('kubectl scenarios against the API server', () => {
  let t: TestApiServer;
  let dir: string;
  const kubectl = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
    execa('kubectl', args, {
      env: { KUBECONFIG: t.kubeconfig, ...opts.env },
      input: opts.input,
      reject: false,
    });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const json = async (args: string[]) => JSON.parse((await kubectl([...args, '-o', 'json'])).stdout);

  beforeAll(async () => {
    t = await startTestApiServer();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-fidelity-'));
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const POD = `apiVersion: v1
kind: Pod
metadata: {name: valid-pod, labels: {name: valid-pod}}
spec: {containers: [{name: c, image: busybox}]}
`;
  const RC = `apiVersion: v1
kind: ReplicationController
metadata: {name: frontend}
spec:
  replicas: 3
  selector: {app: fe}
  template:
    metadata: {labels: {app: fe}}
    spec: {containers: [{name: c, image: busybox}]}
`;

  it('creates from a raw POST without a Content-Type, read as JSON', async () => {
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"raw"},"data":{"a":"b"}}';
    const out = await kubectl(['create', '--raw', '/api/v1/namespaces/default/configmaps', '-f', '-'], {
      input: body,
    });
    expect(out.exitCode).toBe(0);
    expect((await json(['get', 'cm', 'raw'])).data).toEqual({ a: 'b' });
  });

  it('scales with --current-replicas, a PUT of /scale without a Content-Type', async () => {
    await kubectl(['create', '-f', file('rc.yaml', RC)]);
    const out = await kubectl(['scale', '--current-replicas=3', '--replicas=2', 'rc/frontend']);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('replicationcontroller/frontend scaled');
    expect((await json(['get', 'rc', 'frontend'])).spec.replicas).toBe(2);
    const stale = await kubectl(['scale', '--current-replicas=3', '--replicas=1', 'rc/frontend']);
    expect(stale.stderr).toContain('Expected replicas to be 3, was 2');
  });

  it('replaces a pod with itself as read back (defaults and admission fields included)', async () => {
    await kubectl(['create', '-f', file('pod.yaml', POD)]);
    const pod = (await kubectl(['get', 'pod', 'valid-pod', '-o', 'json'])).stdout;
    const out = await kubectl(['replace', '-f', '-'], { input: pod });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('pod/valid-pod replaced');
  });

  it('takes an update with resourceVersion "0" as unconditional, and a stale one as a conflict', async () => {
    await kubectl(['create', 'cm', 'rv', '--from-literal=a=1']);
    const cm = await json(['get', 'cm', 'rv']);
    const stale = structuredClone(cm);
    await kubectl(['label', 'cm', 'rv', 'moved=yes']);
    stale.data.a = '2';
    const refused = await kubectl(['replace', '-f', '-'], { input: JSON.stringify(stale) });
    expect(refused.stderr).toContain('Operation cannot be fulfilled on configmaps "rv"');
    stale.metadata.resourceVersion = '0';
    const out = await kubectl(['replace', '-f', '-'], { input: JSON.stringify(stale) });
    expect(out.stdout).toBe('configmap/rv replaced');
    expect((await json(['get', 'cm', 'rv'])).data.a).toBe('2');
  });

  it('refuses an update without resourceVersion where Kubernetes does (PodDisruptionBudgets)', async () => {
    await kubectl(['create', 'pdb', 'budget', '--selector=app=x', '--min-available=1']);
    const pdb = await json(['get', 'pdb', 'budget']);
    delete pdb.metadata.resourceVersion;
    // kubectl replace fills in the live resourceVersion; a raw PUT sends none.
    const path = '/apis/policy/v1/namespaces/default/poddisruptionbudgets/budget';
    const out = await kubectl(['replace', '--raw', path, '-f', '-'], { input: JSON.stringify(pdb) });
    expect(out.stderr).toContain(
      'Operation cannot be fulfilled on poddisruptionbudgets.policy "budget": metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
  });

  it('switches a Deployment from RollingUpdate to Recreate by apply (retainKeys on strategy)', async () => {
    const deployment = (strategy: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx}
spec:
  selector: {matchLabels: {app: nginx}}
  strategy: ${strategy}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: c, image: busybox}]}
`;
    await kubectl([
      'apply',
      '-f',
      file('d1.yaml', deployment('{type: RollingUpdate, rollingUpdate: {maxSurge: 2}}')),
    ]);
    const out = await kubectl(['apply', '-f', file('d2.yaml', deployment('{type: Recreate}'))]);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('deployment.apps/nginx configured');
    expect((await json(['get', 'deploy', 'nginx'])).spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('publishes retainKeys on DeploymentSpec.strategy in OpenAPI v3 and v2', async () => {
    const v3 = JSON.parse((await t.http('GET', '/openapi/v3/apis/apps/v1')).body.toString());
    expect(
      v3.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy[
        'x-kubernetes-patch-strategy'
      ],
    ).toBe('retainKeys');
    const v2 = JSON.parse(
      (await t.http('GET', '/openapi/v2', { headers: { accept: 'application/json' } })).body.toString(),
    );
    expect(
      v2.definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy['x-kubernetes-patch-strategy'],
    ).toBe('retainKeys');
  });

  it('creates every item of a v1 List', async () => {
    const list = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: listed-cm}, data: {k: v}}
- {apiVersion: v1, kind: Secret, metadata: {name: listed-secret}, stringData: {k: v}}
`;
    const out = await kubectl(['create', '-f', file('list.yaml', list)]);
    expect(out.stdout).toBe('configmap/listed-cm created\nsecret/listed-secret created');
  });

  it('edits several objects of several kinds in one EDITOR session', async () => {
    await kubectl(['create', 'cm', 'edited', '--from-literal=color=red']);
    const editor = file(
      'editor.sh',
      '#!/bin/sh\nsed -i \'s/color: red/color: blue/; s/ replicas: 2$/ replicas: 4/\' "$1"\n',
    );
    chmodSync(editor, 0o755);
    const out = await kubectl(['edit', 'cm/edited', 'rc/frontend'], { env: { EDITOR: editor } });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('configmap/edited edited\nreplicationcontroller/frontend edited');
    expect((await json(['get', 'cm', 'edited'])).data.color).toBe('blue');
    expect((await json(['get', 'rc', 'frontend'])).spec.replicas).toBe(4);
  });

  it("refuses a changed Service clusterIP in Kubernetes' words", async () => {
    await kubectl(['create', 'service', 'clusterip', 'redis', '--tcp=6379:6379']);
    const out = await kubectl(['patch', 'svc', 'redis', '-p', '{"spec":{"clusterIP":"10.96.0.99"}}']);
    expect(out.stderr).toBe(
      'The Service "redis" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set',
    );
  });

  it('says which type a collection takes when it is sent something it cannot read', async () => {
    const yaml = await kubectl(['create', '--raw', '/api/v1/namespaces', '-f', file('raw-pod.yaml', POD)]);
    expect(yaml.stderr).toContain(
      "the object provided is unrecognized (must be of type Namespace): couldn't get version/kind; json parse error: invalid character 'a' looking for beginning of value",
    );
    const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
    const other = await kubectl(['create', '--raw', '/api/v1/namespaces', '-f', '-'], { input: pod });
    expect(other.stderr).toContain('Pod in version "v1" cannot be handled as a Namespace');
  });

  it('refuses labels patched as a string as the unstructured converter does', async () => {
    const out = await kubectl(['patch', 'pod', 'valid-pod', '-p', '{"metadata":{"labels":"invalid"}}']);
    expect(out.stderr).toBe(
      'The request is invalid: patch: Invalid value: "map[metadata:map[labels:invalid]]": cannot restore map from string',
    );
  });

  it("fills discovery's storageVersionHash and indents JSON for ?pretty=true", async () => {
    const v1 = JSON.parse((await kubectl(['get', '--raw', '/api/v1'])).stdout);
    const pods = v1.resources.find((r: { name: string }) => r.name === 'pods');
    expect(pods.storageVersionHash).toBe('xPOwRZ+Yhw8=');
    const pretty = (await kubectl(['get', '--raw', '/api/v1/namespaces/default?pretty=true'])).stdout;
    expect(pretty).toContain('\n  "kind": "Namespace",\n');
  });

  it('serves podtemplates', async () => {
    const template = `apiVersion: v1
kind: PodTemplate
metadata: {name: nginx}
template:
  metadata: {labels: {name: nginx}}
  spec: {containers: [{name: nginx, image: nginx}]}
`;
    expect((await kubectl(['create', '-f', file('pt.yaml', template)])).stdout).toBe(
      'podtemplate/nginx created',
    );
    expect((await kubectl(['get', 'podtemplates'])).stdout).toMatch(
      /NAME\s+CONTAINERS\s+IMAGES\s+POD LABELS\nnginx\s+nginx\s+nginx\s+name=nginx/,
    );
    expect((await json(['get', 'podtemplate', 'nginx'])).template.spec.restartPolicy).toBe('Always');
  });

  it('serves events.k8s.io/v1 Events from the core Events, both ways', async () => {
    const event = `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: poked}
eventTime: "2026-01-01T00:00:00.000000Z"
reportingController: example.com/poker
reportingInstance: poker-1
action: Poke
reason: Poked
type: Normal
note: the pod was poked
regarding: {apiVersion: v1, kind: Pod, name: valid-pod, namespace: default}
`;
    expect((await kubectl(['create', '-f', file('ev.yaml', event)])).stdout).toBe(
      'event.events.k8s.io/poked created',
    );
    const core = JSON.parse(
      (await kubectl(['get', '--raw', '/api/v1/namespaces/default/events/poked'])).stdout,
    );
    expect(core.message).toBe('the pod was poked');
    expect(core.involvedObject.name).toBe('valid-pod');
    expect(core.reportingComponent).toBe('example.com/poker');
    const v1 = await json(['get', 'events.v1.events.k8s.io', 'poked']);
    expect(v1.apiVersion).toBe('events.k8s.io/v1');
    expect(v1.note).toBe('the pod was poked');
    expect((await kubectl(['events'])).stdout).toMatch(/Normal\s+Poked\s+Pod\/valid-pod\s+the pod was poked/);
    const versions = (await kubectl(['api-versions'])).stdout.split('\n');
    expect(versions).toContain('events.k8s.io/v1');
    const selected = (selector: string) =>
      kubectl(['get', 'events.events.k8s.io', '--field-selector', selector, '-o', 'name']);
    for (const selector of [
      'regarding.name=valid-pod',
      'regarding.kind=Pod,regarding.namespace=default',
      'reportingController=example.com/poker,type=Normal,reason=Poked',
    ])
      expect((await selected(selector)).stdout).toBe('event.events.k8s.io/poked');
    expect((await selected('regarding.name=other')).stdout).toBe('');
    const watched = await t.http(
      'GET',
      '/apis/events.k8s.io/v1/namespaces/default/events?watch=1&timeoutSeconds=1&fieldSelector=regarding.name%3Dvalid-pod',
    );
    expect(
      watched.body
        .toString()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).object.metadata.name),
    ).toEqual(['poked']);
    // Core's field names are not events.k8s.io's (Kubernetes' field label conversion refuses them).
    expect((await selected('involvedObject.name=valid-pod')).stderr).toBe(
      'Error from server (BadRequest): Unable to find "events.k8s.io/v1, Resource=events" that match label selector "", field selector "involvedObject.name=valid-pod": field label not supported: involvedObject.name',
    );
    expect((await kubectl(['events', '--for', 'pod/valid-pod'])).stdout).toMatch(/Poked\s+Pod\/valid-pod/);
    expect((await kubectl(['events', '--for', 'pod/other'])).stdout).not.toContain('Poked');
  });

  it('pages every list with --chunk-size, following continue', async () => {
    for (const i of [1, 2, 3, 4, 5]) await kubectl(['create', 'cm', `page-${i}`]);
    const out = await kubectl(['get', 'cm', '--chunk-size=2', '-o', 'name', '-v=6']);
    const names = out.stdout.split('\n').filter((n) => n.startsWith('configmap/page-'));
    expect(names).toEqual([1, 2, 3, 4, 5].map((i) => `configmap/page-${i}`));
    expect(out.stderr).toMatch(/continue=/);
  });

  it('waits for a deletion and for a jsonpath value', async () => {
    await kubectl(['create', 'cm', 'doomed']);
    const waiting = kubectl(['wait', '--for=delete', 'cm/doomed', '--timeout=30s']);
    await kubectl(['delete', 'cm', 'doomed']);
    expect((await waiting).exitCode).toBe(0);
    const value = await kubectl(['wait', '--for=jsonpath={.data.color}=blue', 'cm/edited', '--timeout=30s']);
    expect(value.stdout).toBe('configmap/edited condition met');
  });

  it('taints a node and sorts and templates what get prints', async () => {
    await kubectl(['create', '-f', '-'], {
      input: '{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"}}',
    });
    expect((await kubectl(['taint', 'node', 'node-a', 'dedicated=db:NoSchedule'])).stdout).toBe(
      'node/node-a tainted',
    );
    expect((await json(['get', 'node', 'node-a'])).spec.taints).toEqual([
      { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
    ]);
    const sorted = await kubectl([
      'get',
      'cm',
      '--sort-by=.metadata.name',
      '-o',
      'custom-columns=N:.metadata.name',
    ]);
    const names = sorted.stdout.split('\n').slice(1);
    expect(names).toEqual([...names].sort());
    const template = await kubectl([
      'get',
      'pod',
      'valid-pod',
      '-o',
      'go-template={{.metadata.name}}:{{.spec.restartPolicy}}',
    ]);
    expect(template.stdout).toBe('valid-pod:Always');
  });

  it('shows the server version and answers health checks through get --raw', async () => {
    expect((await kubectl(['version'])).stdout).toMatch(/Server Version: v1\.32\.\d+/);
    expect((await kubectl(['get', '--raw', '/healthz'])).stdout).toBe('ok');
    expect((await kubectl(['get', '--raw', '/readyz'])).stdout).toBe('ok');
    expect((await kubectl(['get', '--raw', '/livez/etcd'])).stdout).toBe('ok');
    const verbose = (await kubectl(['get', '--raw', '/readyz?verbose&exclude=log'])).stdout;
    expect(verbose).toContain('[+]ping ok\n[+]log excluded: ok\n[+]etcd ok\n');
    expect(verbose).toMatch(/readyz check passed$/);
    expect((await kubectl(['get', '--raw', '/livez/nothing'])).stderr).toContain('NotFound');
  });
});
