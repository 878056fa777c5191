import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, startTestCluster, type TestCluster } from './helpers/cluster.js';
import { waitFor } from './helpers/wait.js';

// The CLI's discovery cache, get -w colours, explain and edit: the built CLI (`npm run build`)
// against a real control plane without nodes.
let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
  await c.kubectl(['create', 'configmap', 'settings', '--from-literal=color=blue']);
}, 120_000);
afterAll(async () => {
  await c?.down();
});

const cacheDir = () => path.join(c.env.KUBECACHEDIR as string, 'minik8s-discovery');

const gadgets = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.toys.example.com
spec:
  group: toys.example.com
  scope: Namespaced
  names: { plural: gadgets, singular: gadget, kind: Gadget }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: { type: integer, description: How big the gadget is. }
`;

/** minik8s and kubectl, to run the same command with each against the same cluster. */
const bothTools = () =>
  [
    ['minik8s', c.minik8s],
    ['kubectl', c.kubectl],
  ] as const;

/** The gadgets CRD (applied again if there) once served, and a Gadget of size 3 named `name`. */
async function createGadget(name: string): Promise<void> {
  await c.kubectl(['apply', '-f', '-'], { input: gadgets });
  await waitFor(
    'the gadgets CRD served',
    async () => (await c.kubectl(['get', 'gadgets'], { reject: false })).exitCode === 0,
  );
  await c.kubectl(['apply', '-f', '-'], {
    input: `apiVersion: toys.example.com/v1\nkind: Gadget\nmetadata: { name: ${name}, namespace: default }\nspec: { size: 3 }\n`,
  });
}

describe('minik8s CLI tools', () => {
  it('keeps discovery on disk and discovers again when a named type is missing from it', async () => {
    await c.minik8s(['get', 'configmaps']);
    const [file] = fs.readdirSync(cacheDir());
    expect(file).toMatch(/^127\.0\.0\.1_\d+-[0-9a-f]{12}\.json$/);
    const cached = JSON.parse(fs.readFileSync(path.join(cacheDir(), file), 'utf8'));
    expect(cached.resources.some((r: { resource: string }) => r.resource === 'configmaps')).toBe(true);

    // The CRD comes after the cache was written: get must not answer from the stale copy.
    await createGadget('g1');
    const got = await c.minik8s(['get', 'gadgets']);
    expect(got.stdout).toMatch(/^g1\s/m);
  });

  it('explain prints what kubectl explain prints', async () => {
    for (const args of [
      ['pods'],
      ['pods.spec.restartPolicy'],
      ['deploy.spec.strategy'],
      ['pods.spec.containers.resources.limits'],
      ['svc.spec', '--recursive'],
      ['gadgets.spec'],
      ['hpa.spec', '--api-version=autoscaling/v1'],
    ]) {
      const [mine, theirs] = await Promise.all([
        c.minik8s(['explain', ...args]),
        c.kubectl(['explain', ...args]),
      ]);
      expect(mine.stdout, args.join(' ')).toBe(theirs.stdout);
    }
    const missing = await c.minik8s(['explain', 'pods.spec.nosuch'], { reject: false });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('field "nosuch" does not exist');
    const version = await c.minik8s(['explain', 'deploy', '--api-version=apps/v9'], { reject: false });
    expect(version.exitCode).toBe(1);
    expect(version.stderr.trim()).toBe('error: couldn\'t find resource for "apps/v9, Resource=deployments"');
  });

  it('get -w colours each change by its event; plain with NO_COLOR', async () => {
    const watch = (env: NodeJS.ProcessEnv) => {
      const p = spawn(process.execPath, [BIN, 'get', 'cm', '-w', '--output-watch-events'], {
        env: { ...c.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const box = { out: '', stop: () => p.kill('SIGTERM') };
      p.stdout.on('data', (b: Buffer) => {
        box.out += b.toString();
      });
      return box;
    };
    const coloured = watch({ NO_COLOR: '', FORCE_COLOR: '1' });
    const plain = watch({ NO_COLOR: '1' });
    try {
      for (const w of [coloured, plain])
        await waitFor('the first rows of get -w', () => /settings/.test(w.out), 20_000);
      await c.kubectl(['create', 'configmap', 'watched']);
      await c.kubectl(['label', 'configmap', 'watched', 'x=y']);
      await c.kubectl(['delete', 'configmap', 'watched']);
      for (const w of [coloured, plain])
        await waitFor('the deletion in get -w', () => /DELETED\s+watched/.test(w.out), 20_000);
    } finally {
      coloured.stop();
      plain.stop();
    }
    expect(plain.out.split('\n')[0]).toMatch(/^EVENT\s+NAME\s+DATA\s+AGE$/);
    expect(plain.out).toMatch(/^ADDED\s+settings\s+1\s/m);
    expect(plain.out).not.toContain('\x1b[');
    expect(coloured.out).toMatch(/\x1b\[32mADDED\s+watched[^\n]*\x1b\[39m/);
    expect(coloured.out).toMatch(/\x1b\[33mMODIFIED\s+watched[^\n]*\x1b\[39m/);
    expect(coloured.out).toMatch(/\x1b\[31mDELETED\s+watched[^\n]*\x1b\[39m/);
    // The rows listed before the watch are not changes: no colour.
    expect(coloured.out).toMatch(/^ADDED\s+settings/m);
  });

  it('edit saves what the editor changed, re-opens on an error, and cancels when nothing changed', async () => {
    const dir = fs.mkdtempSync(path.join(c.home, 'editor-'));
    const unchanged = await c.minik8s(['edit', 'cm', 'settings'], { env: { EDITOR: 'true' } });
    expect([unchanged.stdout, unchanged.stderr]).toEqual(['', 'Edit cancelled, no changes made.']);

    const edited = await c.minik8s(['edit', 'configmap/settings'], {
      env: { EDITOR: 'sed -i s/blue/green/' },
    });
    expect(edited.stdout.trim()).toBe('configmap/settings edited');
    expect((await c.kubectl(['get', 'cm', 'settings', '-o', 'jsonpath={.data.color}'])).stdout).toBe('green');

    // First save: an invalid label; the file comes back with the error on top; second save fixes it.
    const script = path.join(dir, 'editor.sh');
    fs.writeFileSync(
      script,
      `n=$(ls ${dir} | grep -c seen)\ncp "$1" ${dir}/seen-$n\nif [ $n = 0 ]; then sed -i 's/^  name: settings$/  name: settings\\n  labels:\\n    "bad label!": x/' "$1"; else sed -i 's/bad label!/good/' "$1"; fi\n`,
    );
    const retried = await c.minik8s(['edit', 'cm', 'settings'], {
      env: { KUBE_EDITOR: `sh ${script}`, EDITOR: 'false' },
    });
    expect(retried.stdout.trim()).toBe('configmap/settings edited');
    expect(retried.stderr.trim()).toBe('error: configmaps "settings" is invalid');
    const second = fs.readFileSync(path.join(dir, 'seen-1'), 'utf8');
    expect(second).toMatch(
      /^# configmaps "settings" was not valid:\n# \* metadata.labels: Invalid value: "bad label!": name part must/m,
    );
    expect(fs.readFileSync(path.join(dir, 'seen-0'), 'utf8')).not.toContain('managedFields');
    expect(
      (await c.kubectl(['get', 'cm', 'settings', '-o', 'jsonpath={.metadata.labels.good}'])).stdout,
    ).toBe('x');

    // A syntax error: the file comes back with every line of the parser's message commented, so
    // that undoing the mistake is enough.
    const broken = fs.mkdtempSync(path.join(c.home, 'editor-'));
    const syntax = path.join(broken, 'editor.sh');
    fs.writeFileSync(
      syntax,
      `n=$(ls ${broken} | grep -c seen)\ncp "$1" ${broken}/seen-$n\nif [ $n = 0 ]; then sed -i 's/^data:/ data:/' "$1"; else sed -i 's/^ data:/data:/' "$1"; fi\n`,
    );
    const fixed = await c.minik8s(['edit', 'cm', 'settings'], { env: { KUBE_EDITOR: `sh ${syntax}` } });
    expect(fixed.stderr.trim().split('\n')).toEqual([
      'error: configmaps "settings" is invalid',
      'Edit cancelled, no changes made.',
    ]);
    const reopened = fs.readFileSync(path.join(broken, 'seen-1'), 'utf8');
    expect(reopened).toMatch(
      /^# configmaps "settings" was not valid:\n# \* <nil>: Invalid value: "The edited file failed validation": yaml: line \d+: .+\n#\n/m,
    );
    const top = reopened.slice(0, reopened.indexOf('\napiVersion: v1'));
    expect(top.split('\n').filter((l) => !l.startsWith('#'))).toEqual([]);
    expect(fs.readdirSync(broken).filter((f) => f.startsWith('seen'))).toHaveLength(2);
  });

  it('edit saves a patch of what the user changed, as kubectl edit: a change made meanwhile is kept', async () => {
    const dir = fs.mkdtempSync(path.join(c.home, 'editor-'));
    // While the editor is open, someone labels the object and sets one of its keys.
    const script = path.join(dir, 'editor.sh');
    fs.writeFileSync(
      script,
      `kubectl label cm "$NAME" --overwrite touched=$TOOL >/dev/null\nkubectl patch cm "$NAME" -p '{"data":{"other":"theirs"}}' >/dev/null\nsed -i 's/x: "1"/x: "mine"/' "$1"\n`,
    );
    const x = async (name: string) =>
      (
        await c.kubectl([
          'get',
          'cm',
          name,
          '-o',
          'jsonpath={.data.x} {.data.other} {.metadata.labels.touched}',
        ])
      ).stdout;
    for (const [tool, run] of bothTools()) {
      const name = `meanwhile-${tool}`;
      await c.kubectl(['create', 'configmap', name, '--from-literal=x=1']);
      const saved = await run(['edit', 'cm', name], {
        env: { KUBE_EDITOR: `sh ${script}`, NAME: name, TOOL: tool },
      });
      expect([saved.exitCode, saved.stdout]).toEqual([0, `configmap/${name} edited`]);
      expect(await x(name)).toBe(`mine theirs ${tool}`);
    }

    // The one conflict kubectl reports: the resourceVersion in the file changed (here by the user)
    // and no longer the object's. The file is kept for kubectl replace.
    const stale = path.join(dir, 'stale.sh');
    fs.writeFileSync(
      stale,
      `kubectl label cm "$NAME" --overwrite touched=again >/dev/null\nsed -i -e 's/x: mine/x: stale/' -e 's/resourceVersion: "\\([0-9]*\\)"/resourceVersion: "\\19"/' "$1"\n`,
    );
    const stderrOf = async (tool: 'minik8s' | 'kubectl') => {
      const run = tool === 'minik8s' ? c.minik8s : c.kubectl;
      const name = `meanwhile-${tool}`;
      const failed = await run(['edit', 'cm', name], {
        env: { KUBE_EDITOR: `sh ${stale}`, NAME: name, TMPDIR: dir },
        reject: false,
      });
      expect(failed.exitCode).toBe(1);
      expect(await x(name)).toBe('mine theirs again');
      const file = /replace -f (\S+)`/.exec(failed.stderr)?.[1] ?? '';
      expect(fs.readFileSync(file, 'utf8')).toContain('x: stale');
      return failed.stderr.replaceAll(file, 'FILE').replaceAll(name, 'NAME');
    };
    const mine = await stderrOf('minik8s');
    expect(mine).toBe(
      'error: configmaps "NAME" could not be patched: Operation cannot be fulfilled on configmaps "NAME": the object has been modified; please apply your changes to the latest version and try again\n' +
        'You can run `kubectl replace -f FILE` to try this update again.',
    );
    expect(mine).toBe(await stderrOf('kubectl'));

    // A name changed in the file is not a save of that object: the edit ends, the file kept.
    const renamed = async (tool: 'minik8s' | 'kubectl') => {
      const run = tool === 'minik8s' ? c.minik8s : c.kubectl;
      const name = `meanwhile-${tool}`;
      const failed = await run(['edit', 'cm', name], {
        env: { KUBE_EDITOR: `sed -i 's/^  name: ${name}$/  name: renamed/'`, TMPDIR: dir },
        reject: false,
      });
      expect(failed.exitCode).toBe(1);
      const file = /stored to "(.+)"/.exec(failed.stderr)?.[1] ?? '';
      expect(fs.readFileSync(file, 'utf8')).toContain('name: renamed');
      return failed.stderr.replaceAll(file, 'FILE');
    };
    expect(await renamed('minik8s')).toBe(
      'A copy of your changes has been stored to "FILE"\nerror: At least one of apiVersion, kind and name was changed',
    );
    expect(await renamed('kubectl')).toBe(await renamed('minik8s'));
  });

  it('edit patches a Deployment strategically and a custom resource with a merge patch, as kubectl', async () => {
    const dir = fs.mkdtempSync(path.join(c.home, 'editor-'));
    // Meanwhile, an env var added to the very container whose image the user changes: a
    // strategic merge patch names the container by its key and keeps the env var.
    const script = path.join(dir, 'editor.sh');
    fs.writeFileSync(
      script,
      `kubectl set env deploy/"$NAME" B=2 >/dev/null\nsed -i 's/image: nginx:1/image: nginx:2/' "$1"\n`,
    );
    for (const [tool, run] of bothTools()) {
      const name = `strategic-${tool}`;
      await c.kubectl(['create', 'deployment', name, '--image=nginx:1']);
      const saved = await run(['edit', 'deploy', name], { env: { KUBE_EDITOR: `sh ${script}`, NAME: name } });
      expect(saved.stdout).toBe(`deployment.apps/${name} edited`);
      const container = await c.kubectl([
        'get',
        'deploy',
        name,
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env}',
      ]);
      expect(container.stdout).toBe('nginx:2 [{"name":"B","value":"2"}]');
    }

    await createGadget('g-edit');
    const custom = path.join(dir, 'custom.sh');
    fs.writeFileSync(
      custom,
      `kubectl label gadget g-edit touched=yes >/dev/null\nsed -i 's/size: 3/size: 4/' "$1"\n`,
    );
    const saved = await c.minik8s(['edit', 'gadget', 'g-edit'], { env: { KUBE_EDITOR: `sh ${custom}` } });
    expect(saved.stdout).toBe('gadget.toys.example.com/g-edit edited');
    expect(
      (await c.kubectl(['get', 'gadget', 'g-edit', '-o', 'jsonpath={.spec.size} {.metadata.labels.touched}']))
        .stdout,
    ).toBe('4 yes');
  });

  it('edit takes several objects as a List, saves each one changed, and re-opens only those that failed', async () => {
    for (const name of ['pair-a', 'pair-b', 'pair-c'])
      await c.kubectl(['create', 'configmap', name, '--from-literal=x=1']);
    const dir = fs.mkdtempSync(path.join(c.home, 'editor-'));
    // First save: x=2 in pair-a and pair-b (keys sorted as kubectl shows them, each item's data
    // comes before its name: pair-c's is left as it was), and a bad label on pair-a; the second
    // save fixes the label in what comes back.
    const script = path.join(dir, 'editor.sh');
    fs.writeFileSync(
      script,
      `n=$(ls ${dir} | grep -c seen)\ncp "$1" ${dir}/seen-$n\nif [ $n = 0 ]; then sed -i -e '1,/name: pair-b/s/x: "1"/x: "2"/' -e 's/^    name: pair-a$/    name: pair-a\\n    labels:\\n      "bad label!": x/' "$1"; else sed -i 's/bad label!/good/' "$1"; fi\n`,
    );
    const edited = await c.minik8s(['edit', 'cm/pair-a', 'cm/pair-b', 'configmap/pair-c'], {
      env: { KUBE_EDITOR: `sh ${script}` },
    });
    expect(edited.stdout.trim().split('\n')).toEqual([
      'configmap/pair-b edited',
      'configmap/pair-c skipped',
      'configmap/pair-a edited',
    ]);
    const first = fs.readFileSync(path.join(dir, 'seen-0'), 'utf8');
    expect(first).toMatch(
      /^apiVersion: v1\nitems:\n- apiVersion: v1\n {2}data:\n {4}x: "1"\n {2}kind: ConfigMap\n {2}metadata:\n {4}creationTimestamp: "\S+"\n {4}name: pair-a\n/m,
    );
    expect(first).toMatch(/^kind: List$/m);
    const second = fs.readFileSync(path.join(dir, 'seen-1'), 'utf8');
    expect(second).toMatch(
      /^# configmaps "pair-a" was not valid:\n# \* metadata.labels: Invalid value: "bad label!"/m,
    );
    expect(second).not.toContain('pair-b');
    const x = async (name: string) =>
      (await c.kubectl(['get', 'cm', name, '-o', 'jsonpath={.data.x} {.metadata.labels.good}'])).stdout;
    expect([await x('pair-a'), await x('pair-b'), await x('pair-c')]).toEqual(['2 x', '2 ', '1 ']);

    // Saved, then the re-opened rest left as it was: what was saved is still said, then the cancel.
    const again = path.join(dir, 'again.sh');
    fs.writeFileSync(
      again,
      `grep -q 'was not valid' "$1" || sed -i -e 's/x: "2"/x: "3"/' -e 's/good: x/"bad label!": x/' "$1"\n`,
    );
    const cancelled = await c.minik8s(['edit', 'cm/pair-a', 'cm/pair-b'], {
      env: { KUBE_EDITOR: `sh ${again}`, TMPDIR: dir },
      reject: false,
    });
    expect(cancelled.exitCode).toBe(1);
    expect(cancelled.stdout.trim()).toBe('configmap/pair-b edited');
    const [invalid, copy, cancel] = cancelled.stderr.trim().split('\n');
    expect([invalid, cancel]).toEqual([
      'error: configmaps "pair-a" is invalid',
      'error: Edit cancelled, no valid changes were saved.',
    ]);
    const kept = /^A copy of your changes has been stored to "(.+\/minik8s-edit-\d+\.yaml)"$/.exec(copy)?.[1];
    expect(fs.readFileSync(kept ?? '', 'utf8')).toMatch(/^ +"?bad label!"?: x$/m);
    expect([await x('pair-a'), await x('pair-b')]).toEqual(['2 x', '3 ']);
  });

  it('up shows each step with its duration, and a failed step with why and a hint', async () => {
    // Docker refuses a node this small only when the node container is created.
    const failed = await c.minik8s(['up', '--name', `${c.name}-x`, '--nodes', '1', '--node-memory', '1b'], {
      reject: false,
    });
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/^ ✓ Starting control plane \(\d+(ms|\.\ds)\)$/m);
    expect(failed.stderr).toMatch(/^ ✗ Starting 1 node \(\d+(ms|\.\ds)\)$/m);
    expect(failed.stderr).toMatch(
      /^error: Starting 1 node failed: .*Minimum memory limit.* \(cluster ".*-x" was not created\)$/m,
    );
    expect(failed.stderr).toMatch(/^hint: run it again with --verbose for the details\.$/m);
    expect(failed.stderr).not.toContain('\x1b[');
  }, 120_000);
});
