import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';

// `create KIND NAME` of the built CLI (`npm run build`) beside the real kubectl on a cluster
// without nodes: the same output, errors and exit codes, the same objects stored.
let c: TestCluster;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-create-'));
beforeAll(async () => {
  c = await startTestCluster();
  fs.writeFileSync(path.join(dir, 'settings.ini'), 'mode=prod\n');
  fs.writeFileSync(path.join(dir, 'app.env'), '# comment\nA=1\n B=two\n');
  fs.writeFileSync(path.join(dir, 'blob'), Buffer.from([0xff, 0xfe, 0x00]));
  // Two certificates and keys, to pair them right and wrong.
  for (const n of ['1', '2'])
    await execa('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=tls${n}`,
      '-days',
      '1',
      '-keyout',
      path.join(dir, `tls${n}.key`),
      '-out',
      path.join(dir, `tls${n}.crt`),
    ]);
}, 120_000);
afterAll(async () => {
  await c?.down();
  fs.rmSync(dir, { recursive: true, force: true });
});

const both = async (args: string[]) => {
  const run = (f: typeof c.kubectl) => f(['create', ...args], { reject: false });
  const [k, m] = await Promise.all([run(c.kubectl), run(c.minik8s)]);
  return { k, m };
};
const expectSame = async (args: string[]) => {
  const { k, m } = await both(args);
  expect({ out: m.stdout, err: m.stderr, code: m.exitCode }).toEqual({
    out: k.stdout,
    err: k.stderr,
    code: k.exitCode,
  });
  return m;
};

const f = (name: string) => path.join(dir, name);

describe('create KIND NAME --dry-run=client prints what kubectl generates', () => {
  const cases: string[][] = [
    [
      'configmap',
      'c1',
      '--from-literal=a=b',
      `--from-file=${f('settings.ini')}`,
      `--from-file=k2=${f('settings.ini')}`,
    ],
    ['cm', 'c2', `--from-env-file=${f('app.env')}`, '-n', 'kube-system'],
    ['cm', 'c3', `--from-file=${f('blob')}`],
    ['cm', 'c4', `--from-file=${dir}`],
    ['secret', 'generic', 's1', '--from-literal=user=admin', '--type=example.com/x'],
    ['secret', 'generic', 's2'],
    [
      'secret',
      'docker-registry',
      's3',
      '--docker-server=registry.example.com',
      '--docker-username=me',
      '--docker-password=pw',
      '--docker-email=me@example.com',
    ],
    ['secret', 'tls', 's4', `--cert=${f('tls1.crt')}`, `--key=${f('tls1.key')}`],
    ['secret', 'docker-registry', 's5', '--docker-username=me', '--docker-password=p<&>'],
    ['deployment', 'd1', '--image=nginx:1.27', '--replicas=3', '--port=80'],
    ['deploy', 'd2', '--image=registry.example.com:5000/team/app@sha256:abcd', '--', 'sh', '-c', 'sleep 1'],
    ['service', 'clusterip', 'v1', '--tcp=80:8080', '--tcp=90'],
    ['svc', 'clusterip', 'v2', '--clusterip=None'],
    ['svc', 'nodeport', 'v3', '--tcp=80:http', '--node-port=30080'],
    ['svc', 'loadbalancer', 'v4', '--tcp=443'],
    ['svc', 'externalname', 'v5', '--external-name=db.example.com'],
    ['serviceaccount', 'sa1'],
    ['namespace', 'ns1', '-n', 'kube-system'],
    ['sa', 'sa2', '-n', 'kube-system'],
    [
      'role',
      'r1',
      '--verb=get,list',
      '--verb=watch',
      '--resource=pods,deployments.apps,pods/log',
      '--resource=rs',
      '--resource-name=a',
    ],
    ['clusterrole', 'cr1', '--verb=get', '--resource=nodes', '--non-resource-url=/healthz'],
    ['clusterrole', 'cr2', '--aggregation-rule=team=web'],
    ['rolebinding', 'rb1', '--role=r1', '--user=u1', '--group=g', '--serviceaccount=ns:sa'],
    ['clusterrolebinding', 'crb1', '--clusterrole=view', '--serviceaccount=ns:sa'],
    ['priorityclass', 'pc1', '--value=10', '--description=batch', '--global-default'],
    ['pc', 'pc2', '--preemption-policy=Never'],
    [
      'ingress',
      'i1',
      '--rule=shop.example.com/*=web:http,tls=shop-cert',
      '--rule=shop.example.com/api=api:8080',
      '--rule=/healthz=web:80',
      '--class=minik8s',
      '--default-backend=web:80',
      '--annotation=team=web',
    ],
  ];
  // Flags go before a deployment's `-- command`: after it they are the command's.
  const withFlags = (args: string[], more: string[]) => {
    const end = args.includes('--') ? args.indexOf('--') : args.length;
    return [...args.slice(0, end), ...more, ...args.slice(end)];
  };
  for (const args of cases)
    for (const o of ['yaml', 'json', 'name'])
      it(`${args.slice(0, 3).join(' ')} -o ${o}`, () =>
        expectSame(withFlags(args, ['--dry-run=client', '-o', o])));
  it('says (dry run) without -o', () => expectSame(['cm', 'c5', '--dry-run=client']));
});

describe('create KIND NAME against the server', () => {
  it('creates the object kubectl would, then refuses it as kubectl does', async () => {
    const args = ['cm', 'made', '--from-literal=a=b', `--from-env-file=${f('app.env')}`];
    const bad = await expectSame(args);
    expect(bad.exitCode).toBe(1);
    const made = await c.minik8s(['create', 'cm', 'made', '--from-literal=a=b', '-o', 'name']);
    expect(made.stdout).toBe('configmap/made');
    const again = await expectSame(['cm', 'made', '--from-literal=a=b']);
    expect(again.stderr).toBe('error: failed to create configmap: configmaps "made" already exists');
    const stored = await c.kubectl(['get', 'cm', 'made', '-o', 'jsonpath={.data}']);
    expect(stored.stdout).toBe('{"a":"b"}');
  });

  it('creates a deployment, a secret, a service and a service account as kubectl', async () => {
    for (const [kind, ...rest] of [
      ['deployment', 'web', '--image=nginx'],
      ['secret', 'generic', 'pw', '--from-literal=p=s3cret'],
      ['service', 'nodeport', 'web', '--tcp=80'],
      ['serviceaccount', 'bot'],
      ['namespace', 'team-a'],
    ]) {
      const m = await c.minik8s(['create', kind, ...rest], { reject: false });
      expect(m.exitCode).toBe(0);
      await expectSame([kind, ...rest]);
    }
    const dep = JSON.parse((await c.kubectl(['get', 'deploy', 'web', '-o', 'json'])).stdout);
    expect(dep.spec.template.spec.containers[0].name).toBe('nginx');
    expect(dep.spec.selector.matchLabels).toEqual({ app: 'web' });
    const pw = (await c.kubectl(['get', 'secret', 'pw', '-o', 'jsonpath={.data.p}'])).stdout;
    expect(Buffer.from(pw, 'base64').toString()).toBe('s3cret');
  });

  it('prints the server dry run as kubectl, storing nothing', async () => {
    const { k, m } = await both(['sa', 'ghost', '--dry-run=server', '-o', 'yaml']);
    // The two objects differ only in their uid and the second they were made in.
    const noUid = (s: string) => s.replace(/uid: .*/, '').replace(/creationTimestamp: .*/, '');
    expect(noUid(m.stdout)).toBe(noUid(k.stdout));
    expect((await c.kubectl(['get', 'sa', 'ghost'], { reject: false })).exitCode).toBe(1);
    await expectSame(['sa', 'ghost', '--dry-run=server']);
  });

  it('prints the created object -o json in the field order kubectl prints', async () => {
    for (const [kind, ...rest] of [
      ['deployment', '--image=nginx', '--port=80'],
      ['service', 'clusterip', '--tcp=80:8080'],
      ['ingress', '--rule=a.example.com/=web:80'],
    ]) {
      const run = (f: typeof c.kubectl, name: string) =>
        f([
          'create',
          kind,
          ...(kind === 'service' ? [rest[0], name, ...rest.slice(1)] : [name, ...rest]),
          '-o',
          'json',
        ]);
      const [k, m] = await Promise.all([run(c.kubectl, `k-${kind}`), run(c.minik8s, `m-${kind}`)]);
      // What differs between two objects: names, uids, times, versions and allocated addresses.
      const same = (out: string, name: string) =>
        out
          .replaceAll(name, 'NAME')
          .split('\n')
          .filter((l) => !/"(uid|resourceVersion|creationTimestamp|time)"|10\.96\./.test(l))
          .join('\n');
      expect(same(m.stdout, `m-${kind}`)).toBe(same(k.stdout, `k-${kind}`));
    }
  });

  it('creates a role from the server discovery and refuses types the server lacks', async () => {
    await expectSame(['role', 'pod-reader', '--verb=get', '--resource=pods.foo']);
    await expectSame(['role', 'pod-reader', '--verb=fly', '--resource=nosuch']);
    const m = await c.minik8s(['create', 'role', 'pod-reader', '--verb=get', '--resource=pods,pods/log']);
    expect(m.stdout).toBe('role.rbac.authorization.k8s.io/pod-reader created');
    await expectSame(['role', 'pod-reader', '--verb=get', '--resource=pods']);
    await c.minik8s([
      'create',
      'rolebinding',
      'bot-reads',
      '--role=pod-reader',
      '--serviceaccount=default:bot',
    ]);
    const canI = (verb: string) =>
      c.kubectl(['auth', 'can-i', verb, 'pods', '--as=system:serviceaccount:default:bot'], { reject: false });
    expect((await canI('get')).stdout).toBe('yes');
    expect((await canI('list')).stdout).toBe('no');
  });

  it('create -f creates, prints and refuses as kubectl', async () => {
    const manifests = path.join(dir, 'manifests');
    fs.mkdirSync(path.join(manifests, 'sub'), { recursive: true });
    const cm = (name: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  x: "1"\n`;
    fs.writeFileSync(path.join(manifests, 'a.yaml'), cm('from-file-a'));
    fs.writeFileSync(path.join(manifests, 'sub', 'b.yaml'), cm('from-file-b'));
    for (const o of ['yaml', 'json', 'name'])
      await expectSame(['-f', manifests, '-R', '--dry-run=client', '-o', o]);
    await expectSame(['-f', manifests, '--dry-run=server', '-o', 'name']);
    await expectSame(['-f', manifests, '-o', 'wide']);
    const m = await c.minik8s(['create', '-f', manifests, '-R', '-o', 'name']);
    expect(m.stdout).toBe('configmap/from-file-a\nconfigmap/from-file-b');
    const again = await expectSame(['-f', manifests, '-R']);
    expect(again.stderr).toContain(
      `Error from server (AlreadyExists): error when creating "${manifests}/a.yaml"`,
    );
  });

  it('says a NAME is missing as kubectl, and where the help is (under its own name)', async () => {
    for (const args of [
      ['configmap'],
      ['cm'],
      ['secret', 'generic'],
      ['secret', 'tls'],
      ['secret', 'docker-registry'],
      ['deployment', '--image=x'],
      ['service', 'clusterip'],
      ['svc', 'nodeport'],
      ['service', 'externalname', '--external-name=x'],
      ['serviceaccount'],
      ['role'],
      ['clusterrolebinding', '--clusterrole=x'],
      ['priorityclass'],
      ['ingress'],
      ['job'],
      ['namespace'],
    ]) {
      const { k, m } = await both(args);
      expect({
        args,
        out: m.stdout,
        err: m.stderr.replace("See 'minik8s ", "See 'kubectl "),
        code: m.exitCode,
      }).toEqual({ args, out: k.stdout, err: k.stderr, code: k.exitCode });
    }
  });

  it('create secret and create service without a type fail as kubectl does, naming the types', async () => {
    for (const [args, types] of [
      [['secret'], ['docker-registry', 'generic', 'tls']],
      [['service'], ['clusterip', 'externalname', 'loadbalancer', 'nodeport']],
      [['svc'], ['clusterip', 'externalname', 'loadbalancer', 'nodeport']],
    ]) {
      const { k, m } = await both(args);
      expect([m.exitCode, m.stdout]).toEqual([k.exitCode, k.stdout]);
      for (const type of types) expect(m.stderr).toMatch(new RegExp(`^  ${type} +Create`, 'm'));
      expect(m.stderr).toContain(
        `minik8s create ${args[0] === 'svc' ? 'service' : args[0]} (${types.join(' | ')}) NAME`,
      );
    }
  });

  it('refuses bad input in kubectl words', async () => {
    await expectSame(['cm', 'x', '--from-literal=novalue']);
    await expectSame(['cm', 'x', '--from-literal=a=1', '--from-literal=a=2']);
    await expectSame(['svc', 'clusterip', 'x']);
    await expectSame(['cm', 'x', '-o', 'wide']);
    await expectSame(['cm', 'Bad_Name']);
    await expectSame(['rolebinding', 'x', '--user=u']);
    await expectSame(['rolebinding', 'x', '--role=r', '--serviceaccount=nocolon']);
    await expectSame(['clusterrole', 'x', '--verb=list', '--non-resource-url=/x']);
    await expectSame(['ingress', 'x', '--rule=bad']);
    await expectSame(['ingress', 'x']);
    await expectSame(['secret', 'tls', 'x', `--cert=${f('tls1.crt')}`, `--key=${f('tls2.key')}`]);
    await expectSame(['secret', 'tls', 'x', `--cert=${f('tls1.key')}`, `--key=${f('tls1.key')}`]);
    await expectSame(['secret', 'tls', 'x', `--cert=${f('tls1.crt')}`]);
    await expectSame(['secret', 'docker-registry', 'x', '--docker-password=p']);
  });
});
