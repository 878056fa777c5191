import { execFile } from 'node:child_process';
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
    for (const [name, size] of [
      ['zeta', '3'],
      ['alpha', '12'],
      ['mid', '7'],
    ])
      await cp.client.create(CONFIGMAPS, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'default', labels: { size } },
        data: { size },
      });
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
    ]) {
      const { ours, theirs } = await both(args);
      // The two commands may run a second apart: ages aside.
      const aged = (out: string) => out.replace(/\d+s$/gm, 'AGE');
      expect(aged(ours), args.join(' ')).toBe(aged(theirs));
    }
  });
});
