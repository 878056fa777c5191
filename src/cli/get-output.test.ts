import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../../test/helpers/cluster.js';
import { type InProcessControlPlane, startInProcess } from '../../test/helpers/control-plane.js';
import { writeKubeconfig } from '../../test/helpers/kubeconfig.js';
import { eventually, waitFor } from '../../test/helpers/wait.js';
import { toKubectlYaml } from './kubectl-yaml.js';
import { parseOutput } from './output-format.js';
import { goYamlKeyLess, readsAsOtherType } from './yaml11.js';

const run = promisify(execFile);

describe("go-yaml v2's YAML, as kubectl prints it", () => {
  it('sorts keys, leaves sequences unindented and quotes what YAML 1.1 reads as another type', () => {
    expect(
      toKubectlYaml({
        b: ['x', { z: 1, a: [] }],
        a: { t: 'true', d: '2026-01-01', f: '1.0', e: '', y: 'yes', m: 'multi\nline', i: '@x', q: "it's" },
      }),
    ).toBe(
      [
        'a:',
        '  d: "2026-01-01"',
        '  e: ""',
        '  f: "1.0"',
        "  i: '@x'",
        '  m: |-',
        '    multi',
        '    line',
        "  q: it's",
        '  t: "true"',
        '  "y": "yes"',
        'b:',
        '- x',
        '- a: []',
        '  z: 1',
        '',
      ].join('\n'),
    );
  });

  it('folds a long string at the first space past 80 columns', () => {
    const words = (n: number) => Array(n).fill('word').join(' ');
    expect(toKubectlYaml({ k: words(20) })).toBe(`k: ${words(16)}\n  ${words(4)}\n`);
  });

  it('writes a key longer than 128 bytes, or of several lines, as ? key / : value', () => {
    const long = 'k'.repeat(130);
    expect(toKubectlYaml({ [long]: { a: [1] }, 'two\nlines': 'v' })).toBe(
      `? ${long}\n: a:\n  - 1\n? |-\n  two\n  lines\n: v\n`,
    );
  });

  it('reads scalars as go-yaml v2 does and orders keys its way', () => {
    for (const s of [
      'on',
      'N',
      '0x1f',
      '0o17',
      '012',
      '1_000',
      '1e3',
      '.5',
      '+1',
      '1:20',
      '0b101',
      '2026-1-2',
      '~',
    ])
      expect(readsAsOtherType(s), s).toBe(true);
    for (const s of ['NaN', '<<', '2026-13-01', '1.2.3', 'x1', '08x', 'hello'])
      expect(readsAsOtherType(s), s).toBe(false);
    const keys = ['item10', 'item9', 'itemA', 'item_1', 'a.b', 'ab'];
    expect(keys.sort((a, b) => (goYamlKeyLess(a, b) ? -1 : 1))).toEqual([
      'a.b',
      'ab',
      'item_1',
      'item9',
      'item10',
      'itemA',
    ]);
  });
});

describe('-o and --template as kubectl reads them', () => {
  it('takes json, yaml and name in any case, and --template for a bare template format or alone', () => {
    expect(parseOutput('JSON')).toEqual({ output: 'json' });
    expect(parseOutput('Yaml')).toEqual({ output: 'yaml' });
    expect(() => parseOutput('WIDE')).toThrow(
      'unable to match a printer suitable for the output format "WIDE"',
    );
    expect(parseOutput('go-template', '{{.kind}}')).toEqual({ output: 'go-template', template: '{{.kind}}' });
    expect(parseOutput(undefined, '{{.kind}}')).toEqual({ output: 'go-template', template: '{{.kind}}' });
    expect(parseOutput('jsonpath', '{.kind}')).toEqual({ output: 'jsonpath', template: '{.kind}' });
    expect(parseOutput('yaml', '{{.kind}}')).toEqual({ output: 'yaml' });
    expect(() => parseOutput('go-template={{.kind}}', '{{.apiVersion}}')).toThrow(
      'unable to match a printer',
    );
  });

  it('says when a template format has no template, and why a template file does not read', () => {
    for (const o of ['jsonpath', 'jsonpath=', 'go-template=', 'template', 'go-template-file'])
      expect(() => parseOutput(o)).toThrow(/^template format specified but no template given$/);
    for (const o of ['custom-columns', 'custom-columns='])
      expect(() => parseOutput(o)).toThrow(/^custom-columns format specified but no custom columns given$/);
    const dir = tmpdir();
    expect(() => parseOutput(`go-template-file=${dir}`)).toThrow(
      new RegExp(`^error reading --template ${dir}, read ${dir}: is a directory$`),
    );
    expect(() => parseOutput('jsonpath-file', join(dir, 'none'))).toThrow(
      `error reading --template ${join(dir, 'none')}, open ${join(dir, 'none')}: no such file or directory`,
    );
    expect(() => parseOutput(`custom-columns-file=${dir}`)).toThrow('invalid template, missing header line.');
  });
});

describe('minik8s get beside kubectl', () => {
  let cp: InProcessControlPlane;
  let env: NodeJS.ProcessEnv;
  const kubectl = (args: string[], input?: string) => {
    const child = run('kubectl', args, { env });
    if (input !== undefined) child.child.stdin?.end(input);
    return child;
  };

  /** Runs both tools until their outputs read alike; ages printed a second apart may differ. */
  const sameAsKubectl = (args: string[]) =>
    eventually(
      args.join(' '),
      async () => {
        const [ours, theirs] = await Promise.all([
          run(process.execPath, [BIN, ...args], { env }),
          kubectl(args),
        ]);
        const age = (out: string) => out.replace(/\b\d+[smh]\b/g, 'AGE');
        expect(age(ours.stdout), args.join(' ')).toBe(age(theirs.stdout));
        expect(ours.stderr, args.join(' ')).toBe(theirs.stderr);
      },
      10_000,
    );

  beforeAll(async () => {
    cp = await startInProcess();
    const kubeconfig = join(cp.stateDir, 'kubeconfig');
    writeKubeconfig(kubeconfig, { url: cp.conn.server, ca: cp.conn.ca, token: cp.conn.token });
    env = {
      ...process.env,
      KUBECONFIG: kubeconfig,
      KUBECACHEDIR: join(cp.stateDir, 'kube-cache'),
      NO_COLOR: '1',
    };
    const long = Array(30).fill('word').join(' ');
    const objects = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'tricky', labels: { item10: 'a', item9: 'b', 'a-b': 'on' } },
        data: {
          a: 'true',
          b: '2026-01-01',
          c: '1.0',
          d: '',
          e: 'yes',
          f: 'multi\nline',
          g: '0x1f',
          h: 'a: b',
          i: "'q' #x",
          j: `${long} `,
          k: long,
          l: 'tab\there',
          m: 'emoji 😀',
          n: 'x\n\n',
          '123': '<&>',
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'web', image: 'nginx:1.27', args: [long, '--x=1'], ports: [{ containerPort: 80 }] },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'p1',
          annotations: { note: 'yes' },
          labels: { 'app.kubernetes.io/name': 'x', tier: 'front' },
        },
        spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 1000'] }] },
      },
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          ],
        },
      },
    ];
    await kubectl(['create', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: {
        floats: [0.5, 1e-7, 1234567.5, 100],
        nested: [[1, [2]], [], {}, null, true],
        '': 'x',
        'key: v': 1,
      },
    };
    await eventually('the Widget kind to be served', () =>
      kubectl(['create', '-f', '-'], JSON.stringify(widget)),
    );
  });
  afterAll(async () => {
    await cp?.stop();
  });

  it('prints the same bytes as kubectl', async () => {
    for (const target of [
      ['cm', 'tricky'],
      ['deploy', 'web'],
      ['pod', 'p1'],
      ['widget', 'w1'],
      ['cm'],
      ['crd'],
    ])
      for (const output of ['yaml', 'json']) {
        const args = ['get', ...target, '-o', output];
        const [ours, theirs] = await Promise.all([
          run(process.execPath, [BIN, ...args], { env }),
          kubectl(args),
        ]);
        expect(ours.stdout, args.join(' ')).toBe(theirs.stdout);
      }
  });

  it('gets the objects a file names, as kubectl get -f does', async () => {
    const file = join(cp.stateDir, 'named.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tricky}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n',
    );
    for (const args of [
      ['get', '-f', file],
      ['get', '-f', file, '-o', 'name'],
      ['get', '-f', file, '-o', 'yaml'],
    ])
      await sameAsKubectl(args);
  });

  it('prints what the server answers a GET of --raw PATH, and its errors and those of get and explain given no type, as kubectl does', async () => {
    for (const args of [
      ['get', '--raw', '/api/v1/namespaces/default'],
      ['get', '--raw', '/apis/apps/v1'],
      ['get', '--raw', '/api/v1/nope'],
    ]) {
      const [ours, theirs] = await Promise.all([
        run(process.execPath, [BIN, ...args], { env }).catch((e: { stdout: string; stderr: string }) => e),
        kubectl(args).catch((e: { stdout: string; stderr: string }) => e),
      ]);
      expect([ours.stdout, ours.stderr], args.join(' ')).toEqual([theirs.stdout, theirs.stderr]);
    }
    const both = await run(process.execPath, [BIN, 'get', '--raw', '/metrics', 'pods'], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(both).toMatchObject({
      code: 1,
      stderr: 'error: arguments may not be passed when --raw is specified\n',
    });
    const none = await run(process.execPath, [BIN, 'get'], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(none).toMatchObject({ code: 1 });
    const [explainOurs, explainTheirs] = await Promise.all([
      run(process.execPath, [BIN, 'explain'], { env }).catch((e: { code: number; stderr: string }) => e),
      kubectl(['explain']).catch((e: { code: number; stderr: string }) => e),
    ]);
    expect(explainOurs).toMatchObject({ code: 1, stderr: (explainTheirs as { stderr: string }).stderr });
    expect((none as { stderr: string }).stderr.split('\n').slice(0, 3)).toEqual([
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.',
      '',
      'error: Required resource not specified.',
    ]);
  });

  it('prints tables with -L, --no-headers and --ignore-not-found as kubectl does', async () => {
    for (const args of [
      ['get', 'pods', '-L', 'app.kubernetes.io/name,tier', '-L', 'app', '--show-labels'],
      ['get', 'pods,cm', '--no-headers'],
      ['get', 'pods', '-L', 'app', '--no-headers'],
      ['get', 'pods', '-o', 'custom-columns=N:.metadata.name,P:.spec.priority', '--no-headers'],
      ['get', 'pods', 'nosuch', 'p1', '--ignore-not-found'],
      ['get', 'pods', '-l', 'nosuch=x', '--ignore-not-found'],
      ['get', 'pods', '-A=false', '--show-labels=true'],
      ['get', 'pods,cm', '--show-kind'],
      ['get', 'deploy', 'web', '-o', 'yaml', '--show-managed-fields'],
      ['get', 'cm', '-o', 'json', '--show-managed-fields', '--request-timeout=30s'],
      [
        'get',
        'cm',
        '-o',
        'go-template={{range .items}}{{if eq .metadata.name "kube-root-ca.crt"}}{{continue}}{{end}}{{slice .metadata.name 0 1}}{{break}}{{end}}',
      ],
      [
        'get',
        'cm',
        '-o',
        'go-template={{define "n"}}<{{.}}>{{end}}{{template "n" .kind}}{{printf "%d" 1.5}}',
      ],
    ])
      await sameAsKubectl(args);
  });

  it('says what kubectl says of missing namespaces, cluster-scoped types and fields, and a type given twice', async () => {
    type Ran = { stdout: string; stderr: string; code?: number };
    const outcome = (child: Promise<Ran>) =>
      child.then(
        (r) => ({ ...r, code: 0 }),
        (e: Ran) => e,
      );
    for (const args of [
      ['get', 'pv,pvc'],
      ['get', 'cm', 'c1', 'c2', '-n', 'nosuchns'],
      ['get', 'cm', 'c1', '-n', 'nosuchns', '-o', 'name'],
      ['get', 'cm', '-n', 'nosuchns'],
      ['get', 'pods,cm', '--sort-by=.nope'],
      ['get', 'cm', '-o', 'jsonpath-file=/nonexistent/file'],
      ['get', 'cm', '-o', 'nope'],
      ['get', 'cm', '-o', 'go-template={{.metadata.name'],
      ['get', 'cm', '-o', 'go-template={{ 1e400 }}'],
      ['get', 'cm', '-o', 'go-template={{break}}'],
      ['get', 'cm', '-o', 'jsonpath={.items[99999999999999999999]}'],
      ['get', 'cm', '-o', 'go-template=x\n{{if .kind}}{{nofn .x}}{{end}}'],
      ['get', 'ns', '-o', 'go-template', '--template={{.kind}}'],
      ['get', 'ns', '--template={{.kind}}'],
      ['get', 'cm', 'tricky', '-o', 'JSON'],
      ['get', 'cm', '-o', 'custom-columns', '--template=NAME:.metadata.name'],
      ['get', 'cm', '-o', 'jsonpath='],
      ['get', 'cm', '-o', 'custom-columns='],
      ['get', 'cm', '-o', 'go-template-file=/tmp'],
      ['get', 'cm', '-o', 'custom-columns-file=/tmp'],
      ['explain', 'pods.spec.nope'],
      ['explain', 'deploy.spec.nope'],
      ['get', 'deploy', 'web', 'svc/web'],
    ]) {
      const [ours, theirs] = await Promise.all([
        outcome(run(process.execPath, [BIN, ...args], { env })),
        outcome(kubectl(args)),
      ]);
      const named = (text: string) => text.replaceAll("'kubectl get", "'minik8s get");
      expect([ours.stdout, ours.stderr, ours.code], args.join(' ')).toEqual([
        theirs.stdout,
        named(theirs.stderr),
        theirs.code,
      ]);
    }
  });

  it('prints watches as kubectl does: events aligned, templates, custom columns, events as JSON and YAML', async () => {
    const variants = [
      ['get', 'cm', '-w', '--output-watch-events'],
      ['get', 'cm', '-w', '-o', 'jsonpath={.metadata.name}{"\\n"}'],
      ['get', 'cm', '-w', '-o', 'custom-columns=N:.metadata.name,L:.metadata.labels'],
      ['get', 'cm', '-w', '--output-watch-events', '-o', 'json'],
      ['get', 'cm', '-w', '--output-watch-events', '-o', 'yaml'],
    ];
    const watchers = variants.flatMap((args) => [
      spawn(process.execPath, [BIN, ...args], { env }),
      spawn('kubectl', args, { env }),
    ]);
    const outs = watchers.map(() => '');
    for (const [i, w] of watchers.entries())
      w.stdout.on('data', (c: Buffer) => {
        outs[i] += c.toString();
      });
    const name = 'a-config-map-with-a-much-longer-name';
    const times = (n: number, what: string) =>
      waitFor(`${what} ${n} times in every watch`, () => outs.every((o) => o.split(what).length > n));
    try {
      await times(1, 'tricky');
      await kubectl(['create', 'cm', name]);
      await times(1, name);
      await kubectl(['delete', 'cm', name]);
      await times(2, name);
    } finally {
      for (const w of watchers) w.kill();
    }
    const aged = outs.map((o) => o.replace(/\b\d+s\b/g, 'AGE'));
    for (const [i, args] of variants.entries()) expect(aged[2 * i], args.join(' ')).toBe(aged[2 * i + 1]);
  });
});
