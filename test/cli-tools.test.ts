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

describe('minik8s CLI tools', () => {
  it('keeps discovery on disk and discovers again when a named type is missing from it', async () => {
    await c.minik8s(['get', 'configmaps']);
    const [file] = fs.readdirSync(cacheDir());
    expect(file).toMatch(/^127\.0\.0\.1_\d+-[0-9a-f]{12}\.json$/);
    const cached = JSON.parse(fs.readFileSync(path.join(cacheDir(), file), 'utf8'));
    expect(cached.resources.some((r: { resource: string }) => r.resource === 'configmaps')).toBe(true);

    // The CRD comes after the cache was written: get must not answer from the stale copy.
    await c.kubectl(['apply', '-f', '-'], { input: gadgets });
    await waitFor(
      'the gadgets CRD served',
      async () => (await c.kubectl(['get', 'gadgets'], { reject: false })).exitCode === 0,
    );
    await c.kubectl(['apply', '-f', '-'], {
      input:
        'apiVersion: toys.example.com/v1\nkind: Gadget\nmetadata: { name: g1, namespace: default }\nspec: { size: 3 }\n',
    });
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
    expect(unchanged.stdout.trim()).toBe('Edit cancelled, no changes made.');

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
    const second = fs.readFileSync(path.join(dir, 'seen-1'), 'utf8');
    expect(second).toMatch(
      /^# configmaps "settings" was not valid:\n# \* ConfigMap "settings" is invalid: metadata.labels: Invalid value: "bad label!"/m,
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
    expect(fixed.stdout.trim()).toBe('Edit cancelled, no changes made.');
    const reopened = fs.readFileSync(path.join(broken, 'seen-1'), 'utf8');
    expect(reopened).toContain('# The edited file had a syntax error: ');
    const top = reopened.slice(0, reopened.indexOf('\napiVersion: v1'));
    expect(top.split('\n').filter((l) => !l.startsWith('#'))).toEqual([]);
    expect(fs.readdirSync(broken).filter((f) => f.startsWith('seen'))).toHaveLength(2);
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
      `n=$(ls ${dir} | grep -c seen)\ncp "$1" ${dir}/seen-$n\nif [ $n = 0 ]; then sed -i -e '1,/name: pair-b/s/x: "1"/x: "2"/' -e 's/^      name: pair-a$/      name: pair-a\\n      labels:\\n        "bad label!": x/' "$1"; else sed -i 's/bad label!/good/' "$1"; fi\n`,
    );
    const edited = await c.minik8s(['edit', 'cm/pair-a', 'cm/pair-b', 'configmap/pair-c'], {
      env: { KUBE_EDITOR: `sh ${script}` },
    });
    expect(edited.stdout.trim().split('\n')).toEqual(['configmap/pair-b edited', 'configmap/pair-a edited']);
    const first = fs.readFileSync(path.join(dir, 'seen-0'), 'utf8');
    expect(first).toMatch(
      /^apiVersion: v1\nitems:\n {2}- apiVersion: v1\n {4}data:\n {6}x: "1"\n {4}kind: ConfigMap\n {4}metadata:\n {6}creationTimestamp: .+\n {6}name: pair-a\n/m,
    );
    expect(first).toMatch(/^kind: List$/m);
    const second = fs.readFileSync(path.join(dir, 'seen-1'), 'utf8');
    expect(second).toMatch(
      /^# configmaps "pair-a" was not valid:\n# \* ConfigMap "pair-a" is invalid: metadata.labels/m,
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
      env: { KUBE_EDITOR: `sh ${again}` },
      reject: false,
    });
    expect(cancelled.exitCode).toBe(1);
    expect(cancelled.stdout.trim()).toBe('configmap/pair-b edited');
    expect(cancelled.stderr.trim()).toBe('error: Edit cancelled, no valid changes were saved.');
    expect([await x('pair-a'), await x('pair-b')]).toEqual(['2 x', '3 ']);
  });

  it('up shows each step with its duration, and a failed step with why and a hint', async () => {
    const failed = await c.minik8s(['up', '--name', `${c.name}-x`, '--nodes', '1'], {
      reject: false,
      env: { DOCKER_HOST: `unix://${path.join(c.home, 'no-docker.sock')}` },
    });
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/^ ✗ Ensuring node image \(\d+(ms|\.\ds)\)$/m);
    expect(failed.stderr).toMatch(
      /^error: Ensuring node image failed: .*no-docker\.sock.* \(cluster ".*-x" was not created\)$/m,
    );
    expect(failed.stderr).toMatch(/^hint: is Docker running\?/m);
    expect(failed.stderr).not.toContain('\x1b[');
  });
});
