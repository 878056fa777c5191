import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../../test/helpers/cluster.js';
import { type InProcessControlPlane, startInProcess } from '../../test/helpers/control-plane.js';
import { writeKubeconfig } from '../../test/helpers/kubeconfig.js';
import { CONFIGMAPS } from '../api/kinds/index.js';
import { customColumns, jsonpathOutput, sortByPath } from './jsonpath.js';

const run = promisify(execFile);

describe("kubectl's JSONPath templates", () => {
  const list = {
    kind: 'List',
    items: [
      { metadata: { name: 'b', labels: { 'app.kubernetes.io/name': 'web' } }, data: { n: 2 } },
      { metadata: { name: 'a' }, data: { n: 10 } },
    ],
  };

  it('prints expressions, ranges, literals and escaped keys', () => {
    expect(jsonpathOutput('{.items[*].metadata.name}', list)).toBe('b a');
    expect(jsonpathOutput('{range .items[*]}{.metadata.name}{"\\t"}{.data.n}{"\\n"}{end}', list)).toBe(
      'b\t2\na\t10\n',
    );
    expect(jsonpathOutput('{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', list)).toBe('web');
    expect(jsonpathOutput('names: {.items[?(@.data.n==10)].metadata.name}', list)).toBe('names: a');
    expect(jsonpathOutput('{.items[0].missing}', list)).toBe('');
    expect(() => jsonpathOutput('{range .items[*]}{.x}', list)).toThrow('unclosed range');
  });

  it("refuses what Go's JSONPath refuses, in kubectl's words", () => {
    expect(() => jsonpathOutput('{.items[99999999999999999999]}', list)).toThrow(
      'error parsing jsonpath {.items[99999999999999999999]}, array index 99999999999999999999 is not a number',
    );
    expect(() => jsonpathOutput('{.items[-99999999999999999999:]}', list)).toThrow(
      'array index -99999999999999999999 is not a number',
    );
    expect(() => jsonpathOutput('{.items[0}', list)).toThrow(
      'error parsing jsonpath {.items[0}, unterminated array',
    );
    expect(() => jsonpathOutput('{.items[::0]}', list)).toThrow(
      'error executing jsonpath "{.items[::0]}": Error executing template: step must be > 0',
    );
    expect(jsonpathOutput('{.missing[::0]}', list)).toBe('');
    expect(jsonpathOutput('{.items[9223372036854775807]}', list)).toBe('');
    expect(() => customColumns('X:.spec.finalizers[0', list.items)).toThrow(/^unterminated array$/);
  });

  it('makes custom columns and sorts by a path, numbers as numbers', () => {
    expect(customColumns('NAME:.metadata.name,LABEL:.metadata.labels', list.items)).toEqual([
      ['NAME', 'LABEL'],
      ['b', 'map[app.kubernetes.io/name:web]'],
      ['a', '<none>'],
    ]);
    expect(sortByPath(list.items, '.metadata.name').map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(sortByPath(list.items, '{.data.n}').map((i) => i.metadata.name)).toEqual(['b', 'a']);
  });
});

describe('minik8s get -o jsonpath / custom-columns / --sort-by beside kubectl', () => {
  let cp: InProcessControlPlane;
  let kubeconfig: string;
  const both = async (args: string[]) => {
    const env = { ...process.env, KUBECONFIG: kubeconfig, NO_COLOR: '1' };
    const [ours, theirs] = await Promise.all([
      run(process.execPath, [BIN, ...args], { env }),
      run('kubectl', args, { env: { ...env, KUBECACHEDIR: join(cp.stateDir, 'kube-cache') } }),
    ]);
    return { ours: ours.stdout, theirs: theirs.stdout };
  };

  beforeAll(async () => {
    cp = await startInProcess();
    kubeconfig = join(cp.stateDir, 'kubeconfig');
    writeKubeconfig(kubeconfig, { url: cp.conn.server, ca: cp.conn.ca, token: cp.conn.token });
    for (const [name, size, ip] of [
      ['zeta', '3', '10.245.128.9'],
      ['alpha', '12', '10.245.128.10'],
      ['mid', '7', '10.245.128.1'],
      ['p10', '1Gi', '10.245.128.2'],
      ['p2', '100m', '10.245.128.11'],
    ])
      await cp.client.create(CONFIGMAPS, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'default', labels: { size } },
        data: { size, ip },
      });
    // Enough ties for Go's pdqsort to partition, pick ninthers and break patterns.
    for (let i = 0; i < 70; i++)
      await cp.client.create(CONFIGMAPS, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: `tie-${String(99 - i)}`,
          namespace: 'default',
          labels: { tie: String(i % 3), ...(i % 4 ? { odd: String(i % 2) } : {}) },
        },
      });
    writeFileSync(join(cp.stateDir, 'path.jsonpath'), '{range .items[*]}{.metadata.name}{"\\n"}{end}');
    writeFileSync(join(cp.stateDir, 'columns.txt'), 'NAME   SIZE\nmetadata.name  {.data.size}\n');
    writeFileSync(join(cp.stateDir, 'names.tmpl'), '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}');
  });
  afterAll(async () => {
    await cp?.stop();
  });

  it('prints what kubectl prints', async () => {
    for (const args of [
      ['get', 'cm', '-l', 'size', '-o', 'jsonpath={.items[*].metadata.name}'],
      ['get', 'cm', 'zeta', '-o', 'jsonpath={.data.size}'],
      [
        'get',
        'cm',
        '-l',
        'size',
        '-o',
        'jsonpath={range .items[*]}{.metadata.name}={.data.size}{"\\n"}{end}',
      ],
      ['get', 'cm', '-l', 'size', '-o', 'custom-columns=NAME:.metadata.name,SIZE:.data.size,NONE:.spec'],
      [
        'get',
        'cm',
        '-l',
        'size',
        '-o',
        'custom-columns=NAME:.metadata.name,DATA:.data,META:.metadata.labels',
      ],
      ['get', 'cm', '-l', 'size', '--sort-by=.metadata.labels.size', '-o', 'name'],
      ['get', 'cm', '-l', 'size', '--sort-by=.data.size'],
      // Addresses and names as text, quantities by size, objects without the field first.
      ['get', 'cm', '-l', 'size', '--sort-by=.data.ip', '-o', 'name'],
      ['get', 'cm', '--sort-by=.metadata.name', '-o', 'name'],
      ['get', 'cm', '--sort-by=.data.size', '-o', 'custom-columns=N:.metadata.name'],
      ['get', 'cm', '--sort-by=.nope'],
      ['get', 'cm', '-l', 'tie', '--sort-by=.metadata.labels.tie', '-o', 'name'],
      ['get', 'cm', '--sort-by=.metadata.labels.odd', '-o', 'name'],
      ['get', 'cm', '-l', 'tie', '--sort-by=.metadata.labels.odd'],
      ['get', 'cm', 'zeta', '-o', 'jsonpath={@}'],
      ['get', 'cm', 'zeta', '-o', 'jsonpath={@.metadata.name}'],
      ['get', 'cm', '-l', 'size', '-o', "jsonpath={.items[*]['metadata.name']}"],
      ['get', 'cm', '-l', 'size', '-o', 'jsonpath={range.items[*]}{.metadata.name}{"\\n"}{end}'],
      ['get', 'cm', '-l', 'size', '-o', 'jsonpath-as-json={.items[*].metadata.name}'],
      ['get', 'cm', 'zeta', '-o', 'jsonpath-as-json=x{.data.size}{.nope}{.data}'],
      ['get', 'cm', '-l', 'size', '-o', `jsonpath-file=${join(cp.stateDir, 'path.jsonpath')}`],
      ['get', 'cm', '-l', 'size', '-o', `custom-columns-file=${join(cp.stateDir, 'columns.txt')}`],
      ['get', 'cm', '-l', 'size', '-o', `go-template-file=${join(cp.stateDir, 'names.tmpl')}`],
      [
        'get',
        'cm',
        '-l',
        'size',
        '-o',
        'go-template={{range $i, $c := .items}}{{$i}} {{$c.metadata.name}} {{if eq $c.data.size "3"}}three{{else}}{{len $c.data}} {{$c.metadata.labels}}{{end}} {{.nope}}{{"\\n"}}{{end}}',
      ],
      ['get', 'cm', 'zeta', '-o', 'go-template={{- with .data -}} {{ .size | printf "%5s|" }} {{- end }}'],
      ['get', 'cm', '-l', 'size', '--show-kind', '--chunk-size=2'],
      ['get', 'cm', '-l', 'size', '--chunk-size=0', '-o', 'name'],
    ]) {
      const { ours, theirs } = await both(args);
      // The two commands may run a second apart: ages aside.
      const aged = (out: string) => out.replace(/\d+s$/gm, 'AGE');
      expect(aged(ours), args.join(' ')).toBe(aged(theirs));
    }
  });
});
