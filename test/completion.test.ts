import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, startTestCluster, type TestCluster } from './helpers/cluster.js';

const run = promisify(execFile);

const OBJECTS = `
apiVersion: v1
kind: Namespace
metadata: { name: team }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: team }
spec:
  initContainers: [{ name: setup, image: busybox }]
  containers: [{ name: app, image: busybox }, { name: side, image: busybox }]
---
apiVersion: v1
kind: Pod
metadata: { name: db }
spec:
  containers: [{ name: db, image: busybox }]
---
apiVersion: v1
kind: Node
metadata: { name: spare-node }
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wd] }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;

/** Completion in real bash, zsh and fish, from the scripts `minik8s completion` writes, against a cluster. */
describe('dynamic completion', () => {
  let cluster: TestCluster;
  let env: NodeJS.ProcessEnv;
  const script = (shell: string) => join(cluster.home, `completion.${shell}`);

  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: 0 });
    // The scripts run `minik8s` as a user's shell finds it: on the PATH.
    const bin = join(cluster.home, 'bin');
    await run('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'minik8s'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
    chmodSync(join(bin, 'minik8s'), 0o755);
    env = { ...cluster.env, PATH: `${bin}:${process.env.PATH}` };
    for (const shell of ['bash', 'zsh', 'fish'])
      writeFileSync(script(shell), (await cluster.minik8s(['completion', shell])).stdout);
    await cluster.kubectl(['apply', '-f', '-'], { input: OBJECTS });
    await cluster.kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.com']);
  });
  afterAll(async () => {
    await cluster?.down();
  });

  const words = (typed: string[]) => typed.map((w) => `'${w}'`).join(' ');
  // The shells sort what they show: the order is theirs.
  const lines = (out: string) => out.split('\n').filter(Boolean).sort();

  /** What bash offers with COMP_WORDS set as readline sets them, the last word being completed. */
  const bash = async (...typed: string[]) => {
    const probe = `source '${script('bash')}'; COMP_WORDS=(minik8s ${words(typed)}); COMP_CWORD=${typed.length}; _minik8s; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return lines((await run('bash', ['-c', probe], { env })).stdout);
  };
  /** What zsh offers through bashcompinit, in the options its compgen runs the function with. */
  const zsh = async (...typed: string[]) => {
    const probe = `autoload -U compinit && compinit -u; source '${script('zsh')}'; probe() { emulate -L sh; setopt kshglob noshglob braceexpand; COMP_WORDS=(minik8s ${words(typed)}); COMP_CWORD=${typed.length}; _minik8s; printf '%s\\n' "\${COMPREPLY[@]}"; }; probe`;
    return lines((await run('zsh', ['-f', '-c', probe], { env })).stdout);
  };
  /** What fish offers for a command line (`complete -C`, fish's own completion of it). */
  const fish = async (line: string) => {
    const out = (
      await run('fish', ['--no-config', '-c', `source '${script('fish')}'; complete -C '${line}'`], { env })
    ).stdout;
    return lines(out).map((l) => l.split('\t')[0]);
  };

  it('completes resource types, short names and custom resources included', async () => {
    expect(await bash('get', 'po')).toEqual(expect.arrayContaining(['po', 'pods', 'podtemplates']));
    expect(await bash('get', 'wid')).toEqual(['widgets']);
    expect(await bash('describe', 'wd')).toEqual(['wd']);
    expect(await bash('explain', 'deploy')).toEqual(expect.arrayContaining(['deploy', 'deployments']));
    expect(await bash('rollout', 'status', '')).toEqual(['daemonset', 'deployment', 'statefulset']);
  });

  it('completes object names in the -n namespace, else the context one', async () => {
    expect(await bash('get', 'pods', '')).toEqual(['db']);
    expect(await bash('get', 'pods', '-n', 'team', '')).toEqual(['web']);
    expect(await bash('-n', 'team', 'get', 'pods', '')).toEqual(['web']);
    expect(await bash('--namespace', '=', 'team', 'top', 'pod', '')).toEqual(['web']);
    expect(await bash('delete', '-n', 'team', 'pod', 'w')).toEqual(['web']);
    expect(await bash('logs', '--namespace', 'team', '')).toEqual(['web']);
    expect(await bash('get', 'pods/')).toEqual(['pods/db']);
    expect(await bash('get', 'nodes', '')).toEqual(['spare-node']);
    expect(await bash('cordon', 's')).toEqual(['spare-node']);
  });

  it('completes containers, output formats, namespaces, contexts and clusters', async () => {
    expect(await bash('logs', '-n', 'team', 'web', '-c', '')).toEqual(['app', 'setup', 'side']);
    expect(await bash('exec', 'db', '-c', '')).toEqual(['db']);
    expect(await bash('get', 'pods', '-o', '')).toEqual(
      expect.arrayContaining(['json', 'yaml', 'wide', 'name', 'jsonpath', 'custom-columns']),
    );
    // bash splits --output=ya at the =.
    expect(await bash('get', 'pods', '--output', '=', 'ya')).toEqual(['yaml']);
    expect(await bash('get', 'pods', '-n', 't')).toEqual(['team']);
    expect(await bash('get', 'pods', '--context', '')).toEqual([`minik8s-${cluster.name}`]);
    expect(await bash('use', '')).toEqual([cluster.name]);
    expect(await bash('down', '--name', '')).toEqual([cluster.name]);
    expect(await bash('node', 'stop', '--name', cluster.name, '')).toEqual(['spare-node']);
    expect(await bash('completion', '')).toEqual(['bash', 'fish', 'zsh']);
  });

  it('offers nothing, quietly, when the cluster does not answer', async () => {
    const bad = join(cluster.home, 'nowhere.kubeconfig');
    writeFileSync(bad, 'apiVersion: v1\nkind: Config\n');
    expect(await bash('get', 'pods', '--kubeconfig', bad, '')).toEqual([]);
    const { stdout, stderr } = await run(
      process.execPath,
      [BIN, '__complete', 'get', 'pods', '--kubeconfig', bad, ''],
      { env },
    );
    expect([stdout, stderr]).toEqual([':1\n', '']);
  });

  it('completes the same in zsh and fish', async () => {
    expect(await zsh('get', 'pods', '-n', 'team', '')).toEqual(['web']);
    expect(await zsh('get', 'wid')).toEqual(['widgets']);
    expect(await fish('minik8s get pods -n team ')).toEqual(['web']);
    expect(await fish('minik8s get pods -o ya')).toEqual(['yaml']);
    expect(await fish('minik8s logs -n team web -c s')).toEqual(['setup', 'side']);
    expect(await fish('minik8s use ')).toEqual([cluster.name]);
    // Topics' subcommands still come from the script itself.
    expect(await fish('minik8s rollout sta')).toEqual(['status']);
  });
});
