import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startTestCluster, type TestCluster } from './helpers/cluster.js';
import { writeKubeconfig } from './helpers/kubeconfig.js';
import { waitFor } from './helpers/wait.js';

const APP = join(ROOT, 'test/fixtures/app.yaml');

describe.each(['sqlite', 'etcd'] as const)('the real kubectl against minik8s on %s', (datastore) => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ datastore });
  });
  afterAll(async () => {
    await c?.down();
  });

  it('applies a namespace, deployment, service and configmap, then an edit of them', async () => {
    const first = await c.kubectl(['apply', '-f', APP]);
    expect(first.stdout).toContain('namespace/shop created');
    expect(first.stdout).toContain('deployment.apps/web created');
    expect(first.stdout).toContain('service/web created');
    expect(first.stdout).toContain('configmap/web-config created');

    const edited = readFileSync(APP, 'utf8')
      .replace('replicas: 2', 'replicas: 3')
      .replace('greeting: hello', 'greeting: bonjour')
      .replace('    tier: front\n', '');
    const file = join(c.home, 'app-edited.yaml');
    writeFileSync(file, edited);
    const second = await c.kubectl(['apply', '-f', file]);
    expect(second.stdout).toContain('deployment.apps/web configured');
    expect(second.stdout).toContain('configmap/web-config configured');
    expect(second.stdout).toContain('namespace/shop unchanged');

    const deploy = JSON.parse((await c.kubectl(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json'])).stdout);
    expect(deploy.spec.replicas).toBe(3);
    expect(deploy.metadata.labels).toEqual({ app: 'web' });
    expect(deploy.metadata.generation).toBe(2);
    expect(deploy.spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key).toBe('greeting');
    const cm = JSON.parse((await c.kubectl(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'json'])).stdout);
    expect(cm.data.greeting).toBe('bonjour');
  });

  it('gets several kinds as tables, wide, yaml and json', async () => {
    const table = await c.kubectl(['get', 'deploy,svc,cm', '-n', 'shop']);
    expect(table.stdout).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(table.stdout).toMatch(/deployment\.apps\/web\s+0\/3/);
    expect(table.stdout).toMatch(/NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
    expect(table.stdout).toMatch(/service\/web\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP/);
    expect(table.stdout).toMatch(/configmap\/web-config\s+1\s/);

    const wide = await c.kubectl(['get', 'deploy', '-n', 'shop', '-o', 'wide']);
    expect(wide.stdout).toMatch(/CONTAINERS\s+IMAGES\s+SELECTOR/);
    expect(wide.stdout).toMatch(/web\s+minik8s\/busybox:latest\s+app=web/);

    const yaml = await c.kubectl(['get', 'svc', 'web', '-n', 'shop', '-o', 'yaml']);
    expect(yaml.stdout).toContain('kind: Service');
    expect(yaml.stdout).toMatch(/targetPort: 8080/);

    const json = JSON.parse((await c.kubectl(['get', 'cm', '-n', 'shop', '-o', 'json'])).stdout);
    expect(json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toContain('web-config');
  });

  it('labels and annotates objects', async () => {
    await c.kubectl(['label', 'cm', 'web-config', '-n', 'shop', 'color=blue']);
    await c.kubectl(['annotate', 'cm', 'web-config', '-n', 'shop', 'note=checked']);
    const byLabel = await c.kubectl(['get', 'cm', '-n', 'shop', '-l', 'color=blue', '-o', 'name']);
    expect(byLabel.stdout.trim()).toBe('configmap/web-config');
    const cm = JSON.parse((await c.kubectl(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'json'])).stdout);
    expect(cm.metadata.annotations.note).toBe('checked');
    await c.kubectl(['label', 'cm', 'web-config', '-n', 'shop', 'color-']);
    const none = await c.kubectl(['get', 'cm', '-n', 'shop', '-l', 'color=blue', '-o', 'name']);
    expect(none.stdout.trim()).toBe('');
  });

  it('streams changes to `get pods -w`', async () => {
    // -v=6 logs each request: the watch is open once its GET with watch=true is logged.
    const watcher = spawn('kubectl', ['get', 'pods', '-n', 'shop', '-w', '-v=6'], { env: c.env });
    let out = '';
    let err = '';
    watcher.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    watcher.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    try {
      await waitFor('the watch of `get -w`', () => /GET \S+watch=true\S* 200/.test(err), 15_000);
      await c.kubectl([
        'run',
        'watched',
        '-n',
        'shop',
        '--image=minik8s/busybox:latest',
        '--restart=Never',
        '--',
        'sleep',
        '3600',
      ]);
      await waitFor('the new pod in `get -w`', () => /watched\s+0\/1\s+Pending/.test(out), 15_000);
      await c.kubectl(['label', 'pod', 'watched', '-n', 'shop', 'seen=yes']);
      await waitFor(
        'the labelled pod in `get -w`',
        () => out.split('\n').filter((l) => l.startsWith('watched')).length >= 2,
        15_000,
      );
    } finally {
      watcher.kill('SIGTERM');
    }
    expect(out).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
  });

  it('creates, scales, exposes and autoscales objects with kubectl (protobuf bodies)', async () => {
    expect(
      (await c.kubectl(['create', 'configmap', 'made', '-n', 'shop', '--from-literal=a=b'])).stdout,
    ).toContain('configmap/made created');
    expect(
      (
        await c.kubectl([
          'create',
          'deployment',
          'api',
          '-n',
          'shop',
          '--image=minik8s/busybox:latest',
          '--replicas=2',
        ])
      ).stdout,
    ).toContain('deployment.apps/api created');
    expect((await c.kubectl(['scale', 'deployment', 'api', '-n', 'shop', '--replicas=4'])).stdout).toContain(
      'deployment.apps/api scaled',
    );
    // A patch of the scale subresource, strategic merge by kubectl's default, as on a real cluster.
    expect(
      (
        await c.kubectl([
          'patch',
          'deployment',
          'api',
          '-n',
          'shop',
          '--subresource=scale',
          '-p',
          '{"spec":{"replicas":5}}',
        ])
      ).stdout,
    ).toContain('scale.autoscaling/api patched');
    expect(
      (await c.kubectl(['expose', 'deployment', 'api', '-n', 'shop', '--port=80', '--target-port=8080']))
        .stdout,
    ).toContain('service/api exposed');
    const deploy = JSON.parse((await c.kubectl(['get', 'deploy', 'api', '-n', 'shop', '-o', 'json'])).stdout);
    expect(deploy.spec.replicas).toBe(5);
    const svc = JSON.parse((await c.kubectl(['get', 'svc', 'api', '-n', 'shop', '-o', 'json'])).stdout);
    expect(svc.spec.selector).toEqual({ app: 'api' });
    const cm = JSON.parse((await c.kubectl(['get', 'cm', 'made', '-n', 'shop', '-o', 'json'])).stdout);
    expect(cm.data).toEqual({ a: 'b' });
    // kubectl autoscale sends an autoscaling/v1 object; it reads back as v2 and as v1.
    expect(
      (await c.kubectl(['autoscale', 'deployment', 'api', '-n', 'shop', '--max=4', '--cpu-percent=60']))
        .stdout,
    ).toContain('horizontalpodautoscaler.autoscaling/api autoscaled');
    const v2 = JSON.parse((await c.kubectl(['get', 'hpa', 'api', '-n', 'shop', '-o', 'json'])).stdout);
    expect(v2.spec.metrics[0].resource.target.averageUtilization).toBe(60);
    const v1 = JSON.parse(
      (await c.kubectl(['get', 'horizontalpodautoscalers.v1.autoscaling', 'api', '-n', 'shop', '-o', 'json']))
        .stdout,
    );
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(60);
  });

  it("authenticates kubectl with the admin's client certificate from the kubeconfig `up` writes, as kind's", async () => {
    const who = await c.kubectl(['auth', 'whoami']);
    expect(who.stdout).toMatch(/^Username\s+kubernetes-admin$/m);
    expect(who.stdout).toMatch(/^Groups\s+\[system:masters system:authenticated\]$/m);
  });

  it('issues service account tokens the API server accepts', async () => {
    const token = (
      await c.kubectl(['create', 'token', 'default', '-n', 'shop', '--duration=20m'])
    ).stdout.trim();
    // A JWT, as Kubernetes issues: the default account may do nothing until a binding grants it.
    expect(token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    // A kubeconfig with the token alone: kubectl would still present the admin's client certificate with --token.
    const asToken = join(c.home, 'sa-kubeconfig');
    writeKubeconfig(asToken, { url: c.conn.server, ca: c.conn.ca, token });
    const sa = (args: string[]) => c.kubectl(['--kubeconfig', asToken, ...args], { reject: false });
    const before = await sa(['get', 'cm', 'web-config', '-n', 'shop']);
    expect(before.stderr).toContain(
      'User "system:serviceaccount:shop:default" cannot get resource "configmaps" in API group "" in the namespace "shop"',
    );
    await c.kubectl([
      'create',
      'rolebinding',
      'default-view',
      '-n',
      'shop',
      '--clusterrole=view',
      '--serviceaccount=shop:default',
    ]);
    const asSa = await sa(['get', 'cm', 'web-config', '-n', 'shop', '-o', 'name']);
    expect(asSa.stdout.trim()).toBe('configmap/web-config');
    writeKubeconfig(asToken, { url: c.conn.server, ca: c.conn.ca, token: `${token.slice(0, -2)}xx` });
    const forged = await sa(['get', 'cm', '-n', 'shop']);
    expect(forged.exitCode).not.toBe(0);
    expect(forged.stderr).toContain('Unauthorized');
  });

  it('prints the usual NotFound line for a missing pod', async () => {
    const res = await c.kubectl(['get', 'pod', 'nosuch'], { reject: false });
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('Error from server (NotFound): pods "nosuch" not found');
  });

  it('rejects unknown fields when applying with validation on', async () => {
    const bad = join(c.home, 'bad.yaml');
    writeFileSync(
      bad,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  namespace: shop\ndata:\n  a: b\nspec:\n  nonsense: 1\n',
    );
    const res = await c.kubectl(['apply', '-f', bad], { reject: false });
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain('unknown field "spec"');
  });

  it('applies server-side, a new object as an existing one', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: default}\ndata: {a: b}\n';
    const created = await c.kubectl(['apply', '--server-side', '-f', '-'], { input: cm });
    expect(created.stdout).toContain('configmap/ssa serverside-applied');
    const again = await c.kubectl(['apply', '--server-side', '-f', '-'], {
      input: cm.replace('a: b', 'a: c'),
    });
    expect(again.stdout).toContain('configmap/ssa serverside-applied');
  });

  it('lists api-resources and explains fields', async () => {
    const res = await c.kubectl(['api-resources']);
    expect(res.stdout).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
    expect(res.stdout).toMatch(/pods\s+po\s+v1\s+true\s+Pod/);
    const explain = await c.kubectl(['explain', 'deployment.spec.replicas']);
    expect(explain.stdout).toContain('replicas');
  });

  it('replaces a Service from its manifest, stores stringData as data, and refuses unknown field selectors', async () => {
    const file = join(c.home, 'extra.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: v1\nkind: Service\nmetadata: {name: np, namespace: shop}',
        'spec: {type: NodePort, selector: {app: np}, ports: [{name: http, port: 80}]}',
        '---',
        'apiVersion: v1\nkind: Secret\nmetadata: {name: creds, namespace: shop}\nstringData: {user: admin}',
        '',
      ].join('\n'),
    );
    await c.kubectl(['apply', '-f', file]);
    const port = async () =>
      (await c.kubectl(['get', 'svc', 'np', '-n', 'shop', '-o', 'jsonpath={.spec.ports[0].nodePort}']))
        .stdout;
    const before = await port();
    const replaced = await c.kubectl(['replace', '-f', file]);
    expect(replaced.stdout).toContain('service/np replaced');
    expect(await port()).toBe(before);

    const secrets = await c.kubectl(['get', 'secret', 'creds', '-n', 'shop']);
    expect(secrets.stdout).toMatch(/creds\s+Opaque\s+1\s/);
    const data = await c.kubectl(['get', 'secret', 'creds', '-n', 'shop', '-o', 'jsonpath={.data.user}']);
    expect(Buffer.from(data.stdout, 'base64').toString()).toBe('admin');

    const res = await c.kubectl(['get', 'cm', '-n', 'shop', '--field-selector', 'spec.foo=x'], {
      reject: false,
    });
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('field label not supported: spec.foo');
  });

  it('deletes what a file created', async () => {
    const res = await c.kubectl(['delete', '-f', APP]);
    expect(res.stdout).toContain('namespace "shop" deleted');
    expect(res.stdout).toContain('deployment.apps "web" deleted');
    const gone = await c.kubectl(['get', 'ns', 'shop'], { reject: false });
    expect(gone.stderr).toContain('namespaces "shop" not found');
  });
});
