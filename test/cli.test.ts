import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { waitFor } from './helpers/wait.js';

// Runs the built CLI (`npm run build` first) against a cluster of its own, in temporary
// $MINIK8S_HOME and $KUBECONFIG, so nothing of the user's is touched.
const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-cli-e2e-'));
const name = `e2e-${process.pid}`;
const ns = 'shop';
const kubeconfig = path.join(tmp, 'kube', 'config');
const env = {
  ...process.env,
  MINIK8S_HOME: path.join(tmp, 'home'),
  KUBECONFIG: kubeconfig,
  // The CLI's discovery cache, like kubectl's, stays in the test's folder.
  KUBECACHEDIR: path.join(tmp, 'kube-cache'),
  FORCE_COLOR: '0',
  // Whatever Docker objects a test run makes carry the test label, so a crashed run's can be found.
  MINIK8S_TEST: '1',
};

function cli(args: string[], input?: string, more: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(root, 'bin', 'run.js'), ...args], {
    env: { ...env, ...more },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The CLI with Docker out of reach (for this process only). */
const noDocker = (args: string[]) => cli(args, undefined, { DOCKER_HOST: 'unix:///nonexistent' });
const dockerHint = 'hint: is Docker running? Start it (or set DOCKER_HOST), then run the command again.';
const currentContext = () => YAML.parse(fs.readFileSync(kubeconfig, 'utf8'))['current-context'];

/** The real kubectl on the same cluster and kubeconfig. */
function kubectl(args: string[], input?: string, more: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync('kubectl', args, { env: { ...env, ...more }, input, encoding: 'utf8', timeout: 60_000 });
}

/** A command run without blocking the test worker (a long synchronous run starves vitest's RPC). */
function runAsync(
  command: string,
  args: string[],
  more: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...env, ...more }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
  });
}
const both = (args: string[], more: NodeJS.ProcessEnv = {}) =>
  Promise.all([
    runAsync(process.execPath, [path.join(root, 'bin', 'run.js'), ...args], more),
    runAsync('kubectl', args, more),
  ]);

/** klog's warnings, which kubectl's own watches may print (a watch the server ends early). */
const withoutKlog = (text: string) => text.replace(/^[WE]\d{4} .*\n/gm, '');

/** minik8s and kubectl print the same and exit the same (kubectl's klog warnings left out). */
async function expectSame(args: string[], errText = (text: string) => text): Promise<void> {
  const [ours, theirs] = await both(args);
  expect({ args, out: ours.stdout, err: ours.stderr, status: ours.status }).toEqual({
    args,
    out: theirs.stdout,
    err: errText(theirs.stderr),
    status: theirs.status,
  });
}

function ok(args: string[], input?: string): string {
  const res = cli(args, input);
  if (res.status !== 0)
    throw new Error(`minik8s ${args.join(' ')} exited ${res.status}:\n${res.stderr}${res.stdout}`);
  return res.stdout;
}

const manifest = (replicas: number, extraLabel: boolean) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: ${ns}
  labels:
    app: web
${extraLabel ? '    tier: front\n' : ''}data:
  color: blue
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
  labels:
    app: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: busybox
          command: ["sleep", "3600"]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

describe('minik8s CLI against a control-plane-only cluster', () => {
  const file = path.join(tmp, 'app.yaml');

  beforeAll(() => {
    fs.writeFileSync(file, manifest(1, true));
    ok(['up', '--name', name, '--nodes', '0']);
  });

  afterAll(() => {
    cli(['down', '--name', name]);
    const pidFile = path.join(env.MINIK8S_HOME, name, 'server.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('up makes the cluster context current and status shows it running; up again returns at once', () => {
    const config = YAML.parse(fs.readFileSync(kubeconfig, 'utf8'));
    expect(config['current-context']).toBe(`minik8s-${name}`);
    expect(ok(['status'])).toMatch(new RegExp(`^${name}\\s+Running\\s+https://127\\.0\\.0\\.1:\\d+`, 'm'));
    const again = cli(['up', '--name', name]);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('already running');
    expect(YAML.parse(ok(['kubeconfig', '--name', name])).contexts[0].name).toBe(`minik8s-${name}`);
  });

  it('up with Docker out of reach says so and what to do, and leaves no cluster and the context as it was', () => {
    const other = `${name}-nodocker`;
    const res = noDocker(['up', '--name', other]);
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n').slice(1)).toEqual([
      `error: cannot connect to the Docker daemon at unix:///nonexistent (connect ENOENT /nonexistent) (cluster "${other}" was not created)`,
      dockerHint,
    ]);
    expect(ok(['clusters'])).not.toContain(other);
    expect(currentContext()).toBe(`minik8s-${name}`);
  });

  it('up --nodes of a cluster made without nodes, with Docker out of reach, leaves it as it was', () => {
    const res = noDocker(['up', '--name', name, '--nodes', '2']);
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n').slice(1)).toEqual([
      `error: cannot connect to the Docker daemon at unix:///nonexistent (connect ENOENT /nonexistent) (cluster "${name}" was not changed)`,
      dockerHint,
    ]);
    expect(ok(['clusters'])).toMatch(new RegExp(`^\\*\\s+${name}\\s+Running\\s+0\\s`, 'm'));
    expect(kubectl(['get', 'nodes']).stderr.trim()).toBe('No resources found');
  });

  it('up --nodes of a cluster made without nodes that fails starting them removes what it made', () => {
    const serviceIP = () => ok(['get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}']);
    const ip = serviceIP();
    // Docker refuses a node this small only when the node container is created.
    const res = cli(['up', '--name', name, '--nodes', '1', '--node-memory', '1b']);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`(no nodes were added: cluster "${name}" has none)`);
    expect(ok(['clusters'])).toMatch(new RegExp(`^\\*\\s+${name}\\s+Running\\s+0\\s`, 'm'));
    const left = spawnSync('docker', ['ps', '-aq', '--filter', `label=io.minik8s.cluster=${name}`], {
      encoding: 'utf8',
    });
    expect(left.stdout.trim()).toBe('');
    expect(ok(['get', 'ns', 'default', '-o', 'name'])).toBe('namespace/default\n');
    // The control plane is back as it was: no Service holds an address of the bridge removed.
    expect(serviceIP()).toBe(ip);
  }, 120_000);

  it('use switches to a stopped cluster too, and says how to start it', () => {
    const other = `${name}-stopped`;
    try {
      ok(['up', '--name', other, '--nodes', '0']);
      ok(['stop', '--name', other]);
      const res = cli(['use', name]);
      expect(res.stderr).toBe('');
      const stopped = cli(['use', other]);
      expect(stopped.status).toBe(0);
      expect(stopped.stdout).toBe(`Switched to context "minik8s-${other}".\n`);
      expect(stopped.stderr).toBe(
        `warning: cluster "${other}" is stopped: start it with \`minik8s start --name ${other}\`\n`,
      );
      expect(currentContext()).toBe(`minik8s-${other}`);
    } finally {
      ok(['use', name]);
      cli(['down', '--name', other]);
    }
  }, 60_000);

  it('up of a name whose container someone else made fails in one line, leaving no cluster and the context as it was', () => {
    const other = `${name}-taken`;
    const taken = `${other}-control-plane`;
    spawnSync('docker', ['create', '--name', taken, '--label', 'minik8s.test=1', 'busybox'], {
      stdio: 'ignore',
    });
    try {
      const res = cli(['up', '--name', other]);
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n').slice(1)).toEqual([
        `error: a container named "${taken}" already exists: remove it (docker rm -f ${taken}) or choose another --name (cluster "${other}" was not created)`,
      ]);
      expect(ok(['clusters'])).not.toContain(other);
      expect(currentContext()).toBe(`minik8s-${name}`);
    } finally {
      spawnSync('docker', ['rm', '-f', taken], { stdio: 'ignore' });
    }
  });

  it('up that fails once its control plane runs leaves no cluster, no containers and the context as it was', () => {
    const other = `${name}-late`;
    // Docker refuses a node this small only when the node container is created.
    const res = cli(['up', '--name', other, '--node-memory', '1b']);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('✓ Starting control plane');
    expect(res.stderr).toContain(`(cluster "${other}" was not created)`);
    expect(ok(['clusters'])).not.toContain(other);
    expect(currentContext()).toBe(`minik8s-${name}`);
    const left = spawnSync('docker', ['ps', '-aq', '--filter', `label=io.minik8s.cluster=${other}`], {
      encoding: 'utf8',
    });
    expect(left.stdout.trim()).toBe('');
  }, 120_000);

  it('up with a --node-memory that is not a size says so before making anything', () => {
    const res = cli(['up', '--name', `${name}-badmem`, '--node-memory', 'lots']);
    expect(res.status).toBe(1);
    expect(res.stderr).not.toContain('✓');
    expect(res.stderr).toContain('error: invalid memory "lots": use a number with a unit, like 2g or 512m');
  });

  it('apply creates, then says unchanged, then configured', () => {
    expect(ok(['apply', '-f', file]).trim().split('\n')).toEqual([
      `namespace/${ns} created`,
      'configmap/settings created',
      'deployment.apps/web created',
      'service/web created',
    ]);
    expect(ok(['apply', '-f', file])).toContain('configmap/settings unchanged');
    fs.writeFileSync(file, manifest(2, false));
    const out = ok(['apply', '-f', '-'], fs.readFileSync(file, 'utf8'));
    expect(out).toContain('configmap/settings configured');
    expect(out).toContain('deployment.apps/web configured');
    const cm = JSON.parse(ok(['get', 'cm', 'settings', '-n', ns, '-o', 'json']));
    expect(cm.metadata.labels).toEqual({ app: 'web' });
    const deploy = JSON.parse(ok(['get', 'deploy/web', '-n', ns, '-o', 'json']));
    expect(deploy.spec.replicas).toBe(2);
    const typo = cli(
      ['apply', '-f', '-'],
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo, namespace: ${ns}}\ndatas: {a: b}\n`,
    );
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toContain('strict decoding error: unknown field "datas"');
  });

  it('get prints tables, several kinds as blocks, and yaml, json and name', () => {
    const cms = ok(['get', 'configmaps', '-n', ns]);
    expect(cms.split('\n')[0]).toMatch(/^NAME\s+/);
    expect(cms).toMatch(/^settings\s+/m);
    const blocks = ok(['get', 'deploy,svc,cm', '-n', ns, '-o', 'wide']).split('\n\n');
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toMatch(/^deployment\.apps\/web\s/m);
    expect(blocks[1]).toMatch(/^service\/web\s/m);
    expect(blocks[2]).toMatch(/^configmap\/settings\s/m);
    const all = ok(['get', 'cm', '-A', '-l', 'app=web', '--show-labels']);
    expect(all).toMatch(/^NAMESPACE\s+NAME\s+.*LABELS$/m);
    expect(all).toMatch(new RegExp(`^${ns}\\s+settings\\s+.*app=web$`, 'm'));
    const y = YAML.parse(ok(['get', 'svc', 'web', '-n', ns, '-o', 'yaml']));
    expect(y).toMatchObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns } });
    const list = JSON.parse(ok(['get', 'cm', '-n', ns, '-o', 'json']));
    expect(list.kind).toBe('List');
    expect(
      list.items.map((i: { kind: string; metadata: { name: string } }) => `${i.kind}/${i.metadata.name}`),
    ).toContain('ConfigMap/settings');
    expect(ok(['get', 'deploy,svc', '-n', ns, '-o', 'name']).trim().split('\n')).toEqual([
      'deployment.apps/web',
      'service/web',
    ]);
  });

  it('get -w prints a row when a watched object changes', async () => {
    const watcher = spawn(process.execPath, [path.join(root, 'bin', 'run.js'), 'get', 'cm', '-n', ns, '-w'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    watcher.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    try {
      await waitFor('the first rows of get -w', () => /^settings\s/m.test(out), 15_000);
      ok(
        ['apply', '-f', '-'],
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\n  namespace: ${ns}\n`,
      );
      await waitFor('the watched object in get -w', () => /^watched\s/m.test(out), 15_000);
      expect(out.split('\n')[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
      expect(out).toMatch(/^watched\s+0\s+/m);
    } finally {
      if (watcher.pid) process.kill(watcher.pid, 'SIGTERM');
    }
    ok(['delete', 'cm', 'watched', '-n', ns]);
  });

  it('get says what is missing the way kubectl does', () => {
    const missing = cli(['get', 'cm', 'nosuch', '-n', ns]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): configmaps "nosuch" not found');
    const empty = cli(['get', 'secrets', '-n', ns, '-l', 'nothing=here']);
    expect(empty.status).toBe(0);
    expect(empty.stderr.trim()).toBe(`No resources found in ${ns} namespace.`);
    const unknown = cli(['get', 'frobs']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe('error: the server doesn\'t have a resource type "frobs"');
  });

  it('says what is wrong with commands and flags in one line and where help is, as kubectl does', () => {
    const verb = cli(['set', 'image', 'deploy/web', 'web=busybox:1', '-n', ns]);
    expect(verb.status).toBe(1);
    expect(verb.stderr.trim().split('\n')).toEqual([
      'Error: unknown command "set" for "minik8s"',
      '',
      'Did you mean this?',
      '\tget',
      '\tuse',
      '',
      "Run 'minik8s --help' for usage; kubectl set works against minik8s clusters too.",
    ]);
    const flag = cli(['get', 'pods', '--frob']);
    expect(flag.status).toBe(1);
    expect(flag.stderr.trim()).toBe("Error: unknown flag: --frob\nSee 'minik8s get --help' for usage.");
    const value = cli(['get', 'pods', '-o']);
    expect(value.status).toBe(1);
    expect(value.stderr.trim()).toBe(
      "Error: flag needs an argument: 'o' in -o\nSee 'minik8s get --help' for usage.",
    );
    const integer = cli(['scale', 'deploy/web', '--replicas', 'abc', '-n', ns]);
    expect(integer.status).toBe(1);
    expect(integer.stderr.trim().split('\n')[0]).toBe(
      'Error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax',
    );
    expect(cli(['get', 'ns', '--chunk-size=99999999999999999999999']).stderr.trim()).toBe(
      'Error: invalid argument "99999999999999999999999" for "--chunk-size" flag: strconv.ParseInt: parsing "99999999999999999999999": value out of range\nSee \'minik8s get --help\' for usage.',
    );
    const nodes = cli(['up', '--name', `${ns}-big`, '--hollow-nodes', '99999999999']);
    expect([nodes.status, nodes.stderr.trim().split('\n')[0]]).toEqual([
      1,
      'Error: Expected an integer less than or equal to 5000 but received: 99999999999',
    ]);
    expect(cli(['get', 'pods', '-A=maybe']).stderr.trim().split('\n')[0]).toBe(
      'Error: invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    );
    expect(cli(['help', 'get']).stdout).toBe(cli(['get', '-h']).stdout);
    const typo = cli(['gte', 'pods']);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain('Did you mean this?\n\tget\n');
    expect(cli(['frobnicate']).stderr).not.toContain('kubectl');
    expect(cli(['logs', 'web', '--tail=-5']).stderr.trim()).toBe(
      'error: --tail must be greater than or equal to -1',
    );
    expect(cli(['logs', 'web', '--since=abc']).stderr.trim()).toBe(
      'error: invalid argument "abc" for "--since" flag: time: invalid duration "abc"',
    );
    const nodeless = cli(['node', 'stop', 'nosuch-node']);
    expect(nodeless.status).toBe(1);
    expect(nodeless.stderr).toContain('error: node "nosuch-node" not found');
    const required = cli(['scale', 'deploy/web', '-n', ns]);
    expect(required.status).toBe(1);
    expect(required.stderr.trim()).toBe(
      'error: required flag(s) "replicas" not set\nSee \'minik8s scale --help\' for usage.',
    );
  });

  it('describe shows metadata, fields and events', () => {
    const out = ok(['describe', 'deploy', 'web', '-n', ns]);
    expect(out).toMatch(/^Name:\s+web$/m);
    expect(out).toMatch(new RegExp(`^Namespace:\\s+${ns}$`, 'm'));
    expect(out).toMatch(/^Labels:\s+app=web$/m);
    expect(out).toMatch(/^Replicas:\s+2 desired \| \d+ updated \| \d+ total/m);
    expect(out).toMatch(/^Events:/m);
  });

  it('describe KIND describes every object of the kind, or those matching -l', () => {
    const all = ok(['describe', 'cm', '-n', ns]);
    expect(all).toMatch(/^Name:\s+settings$/m);
    expect(ok(['describe', 'cm', '-n', ns, '-l', 'app=web'])).toMatch(/^Name:\s+settings$/m);
    const none = cli(['describe', 'cm', '-n', ns, '-l', 'app=nothing']);
    expect(none.status).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr.trim()).toBe(`No resources found in ${ns} namespace.`);
  });

  it("says kubectl's words for missing arguments, bad flags, objects and files, and prints its lines for delete and scale flags", async () => {
    expect(kubectl(['create', 'job', 'once', '--image=busybox', '-n', ns]).status).toBe(0);
    expect(kubectl(['create', 'cm', 'plain', '-n', ns]).status).toBe(0);
    const files = {
      'unkfield.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u1\n  namespace: ${ns}\nbogus: 1\n`,
      'wrongns.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u2\n  namespace: nosuchns\n',
      'noapiv.yaml': 'kind: ConfigMap\nmetadata:\n  name: u3\n',
      'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u4\n labels: x\n',
      'badflow.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u5\ndata:\n  a: [1, 2\n',
      'tab.yaml': 'a:\n\tb: 1\n',
      'nested.yaml': 'apiVersion: v1\n data:\n  a: b\nkind: ConfigMap\n',
      'compact.yaml': 'a: b: c\n',
      'unquoted.yaml': 'a: "x\n',
      'nocolon.yaml': 'a:\n- 1\nb\n',
      // An object kubectl create made (no last-applied-configuration), patched with a field the server refuses.
      'patchbad.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n  namespace: ${ns}\nbogus: 1\n`,
      'invalid.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u6\n  namespace: ${ns}\n  labels:\n    "bad label!": x\n    "also bad!": "z"\n`,
    };
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(tmp, f), text);
    const emptyDir = path.join(tmp, 'no-manifests');
    fs.mkdirSync(path.join(emptyDir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(emptyDir, 'notes.txt'), 'not a manifest\n');
    const cases = [
      ['describe'],
      ['edit'],
      ['rollout', 'restart'],
      ['rollout', 'status'],
      ['apply'],
      ['scale', '--replicas=2'],
      ['scale', 'deploy', '--replicas=2', '-n', ns],
      ['scale', 'deploy', 'nosuch', '--replicas=2', '-n', ns],
      ['scale', 'deploy', 'a', 'b', '--replicas=2', '-n', ns],
      ['scale', 'deploy', 'nosuch', 'web', '--replicas=2', '--dry-run=server', '-n', ns],
      ['scale', 'deploy', 'web', '--replicas=-1', '-n', ns],
      ['scale', 'deploy', 'web', '--replicas=3', '--dry-run=client', '-n', ns],
      ['scale', 'deploy', 'web', '--replicas=3', '--dry-run=server', '-n', ns],
      ['scale', 'deploy/web', '--replicas=3', '--dry-run=client', '-o', 'name', '-n', ns],
      ['scale', 'deploy/web', '--replicas=3', '-o', 'wide', '-n', ns],
      ['rollout', 'status', 'job/once', '-n', ns],
      ['describe', 'cm', 'nosuch', '-n', 'nosuchns'],
      ['delete', 'cm', 'settings', '--dry-run=client', '-n', ns],
      ['delete', 'cm', 'settings', 'nosuch', '--dry-run=server', '-n', ns],
      ['delete', 'cm', 'settings', '-o', 'name', '--dry-run=server', '-n', ns],
      ['delete', 'cm', 'settings', '--force', '--dry-run=server', '-n', ns],
      ['delete', 'cm', 'settings', '--force', '-o', 'name', '--dry-run=client', '-n', ns],
      ['delete', 'cm', 'settings', '--now', '--grace-period=5', '-n', ns],
      ['delete', 'cm', 'settings', '--force', '--now', '-n', ns],
      ['delete', 'cm', 'settings', '-o', 'yaml', '-n', ns],
      ['delete', 'cm', 'settings', '--dry-run=bogus', '-n', ns],
      ['delete', 'cm', 'nosuch', '--force', '-n', ns],
      ['delete', 'cm', '-l', 'nothing=here', '-n', ns],
      ['delete', 'cm', '--all', '-l', 'a=b', '-n', ns],
      ['delete', 'cm', 'settings', '--cascade=bogus', '-n', ns],
      ['delete', 'cm', 'nosuch', '--cascade=false', '-n', ns],
      ['apply', '-f', ''],
      ['apply', '-f', emptyDir],
      ['delete', '-f', emptyDir],
      ...Object.keys(files).map((f) => ['apply', '-f', path.join(tmp, f)]),
    ];
    for (const args of cases) await expectSame(args);
    // What --dry-run without a value means, warned as klog writes it (a time and pid of its own).
    const klog = (text: string) => text.replace(/^W\d{4} [\d:.]+ +\d+ /, 'W ');
    for (const args of [
      ['delete', 'cm', 'settings', '--dry-run', '-n', ns],
      ['scale', 'deploy', 'web', '--replicas=3', '--dry-run', '-n', ns],
    ]) {
      const [ours, theirs] = await both(args);
      expect([ours.stdout, klog(ours.stderr)]).toEqual([theirs.stdout, klog(theirs.stderr)]);
    }
    expect(ok(['get', 'cm', 'settings', '-n', ns, '-o', 'name'])).toBe('configmap/settings\n');
    expect(ok(['get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
  }, 180_000);

  it('delete waits for the objects to be gone as kubectl does, unless --wait=false, and says so at --timeout', async () => {
    const held = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: ${ns}\n  finalizers: [example.com/keep]\n`;
    expect(kubectl(['create', '-f', '-'], held).status).toBe(0);
    for (const args of [
      ['delete', 'cm', 'held', '--wait=false', '-n', ns],
      ['delete', 'cm', 'held', '--timeout=1s', '-n', ns],
      ['delete', 'cm', 'held', '--timeout=bogus', '-n', ns],
    ])
      await expectSame(args, (err) => withoutKlog(err).replace("See 'kubectl ", "See 'minik8s "));
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin', 'run.js'), 'delete', 'cm', 'held', '-n', ns],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The delete is sent (its line printed) and the object is still held: minik8s waits on.
    await waitFor('the delete line', () => stdout.includes('deleted'));
    expect(child.exitCode).toBe(null);
    const release = kubectl([
      'patch',
      'cm',
      'held',
      '-n',
      ns,
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    ]);
    expect(release.status).toBe(0);
    expect(await exited).toBe(0);
    expect(stdout).toBe('configmap "held" deleted\n');
    expect(kubectl(['get', 'cm', 'held', '-n', ns, '--ignore-not-found']).stdout).toBe('');
  }, 120_000);

  it('edit KIND opens every object of the kind as one List, as kubectl does', () => {
    expect(kubectl(['create', 'cm', 'second', '-n', ns]).status).toBe(0);
    const editor = path.join(tmp, 'keep-buffer.sh');
    fs.writeFileSync(editor, '#!/bin/sh\ncp "$1" "$BUFFER"\n', { mode: 0o755 });
    const buffer = (tool: typeof cli, to: string, args: string[]) => {
      const res = tool(args, undefined, { EDITOR: editor, BUFFER: to });
      expect(res.stderr).toBe('Edit cancelled, no changes made.\n');
      return fs.readFileSync(to, 'utf8');
    };
    const ours = buffer(cli, path.join(tmp, 'ours.yaml'), ['edit', 'cm', '-n', ns]);
    expect(ours).toBe(buffer(kubectl, path.join(tmp, 'theirs.yaml'), ['edit', 'cm', '-n', ns]));
    expect(ours).toMatch(/^kind: List\nmetadata: \{\}\n$/m);
    expect(ours).toContain('  name: second\n');
    const none = [cli, kubectl].map((tool) => tool(['edit', 'cm', '-n', 'nosuchns']));
    expect(none[0].stderr).toBe(none[1].stderr);
    expect(none[0].status).toBe(1);
    ok(['delete', 'cm', 'second', '-n', ns]);
  });

  it('create namespace, delete by name, by selector and by file', () => {
    expect(ok(['create', 'namespace', 'scratch']).trim()).toBe('namespace/scratch created');
    const dup = cli(['create', 'namespace', 'scratch']);
    expect(dup.status).toBe(1);
    expect(dup.stderr).toContain('Error from server (AlreadyExists)');
    expect(ok(['delete', 'svc', 'web', '-n', ns]).trim()).toBe('service "web" deleted');
    const gone = cli(['delete', 'svc', 'web', '-n', ns]);
    expect(gone.status).toBe(1);
    expect(gone.stderr.trim()).toBe('Error from server (NotFound): services "web" not found');
    expect(ok(['delete', 'cm', '-l', 'app=web', '-n', ns]).trim()).toBe('configmap "settings" deleted');
    const one = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: once\n  namespace: ${ns}\n`;
    expect(ok(['apply', '-f', '-'], one).trim()).toBe('configmap/once created');
    expect(ok(['delete', '-f', '-'], one).trim()).toBe('configmap "once" deleted');
    // The namespace's contents take longer to go than the CLI's run here: not waited for.
    const byFile = cli(['delete', '-f', file, '--ignore-not-found', '--wait=false']);
    expect(byFile.status).toBe(0);
    expect(byFile.stdout).toContain(`namespace "${ns}" deleted`);
  });

  it('up with --nodes gives a cluster made without nodes a Ready node', () => {
    const out = cli(['up', '--name', name, '--nodes', '1']);
    expect(out.status, out.stderr).toBe(0);
    expect(ok(['get', 'nodes'])).toMatch(new RegExp(`^${name}-control-plane\\s+Ready\\s`, 'm'));
  }, 120_000);

  it('up --nodes on a cluster that has nodes refuses, naming the commands that change them', () => {
    const res = cli(['up', '--name', name, '--nodes', '3']);
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n').slice(1)).toEqual([
      `error: cluster "${name}" already has 1 node: add one with \`minik8s node add --name ${name}\`, remove one with \`minik8s node remove NODE --name ${name}\``,
    ]);
    expect(ok(['get', 'nodes', '-o', 'name']).trim()).toBe(`node/${name}-control-plane`);
  });

  it('up of a running cluster says so first, then checks its network container and nodes', () => {
    const res = cli(['up', '--name', name]);
    expect(res.status, res.stderr).toBe(0);
    const lines = res.stderr.split('\n').map((l) => l.replace(/ \(\d.*\)$/, ''));
    expect(lines.slice(0, 5)).toEqual([
      `Starting cluster "${name}" ...`,
      expect.stringMatching(
        new RegExp(`^Cluster "${name}" is already running at https://127\\.0\\.0\\.1:\\d+$`),
      ),
      ' ✓ Checking network container',
      ' ✓ Checking 1 node',
      ' ✓ Waiting for nodes to be Ready',
    ]);
  });

  it('down and stop with Docker out of reach fail before changing anything', () => {
    for (const verb of ['down', 'stop']) {
      const res = noDocker([verb, '--name', name]);
      expect(res.status).toBe(1);
      expect(res.stderr).toContain(`error: cannot connect to the Docker daemon at unix:///nonexistent`);
      expect(res.stderr).toContain(dockerHint);
      expect(res.stderr).not.toContain('✓');
    }
    // Listing needs no Docker.
    const listed = noDocker(['clusters']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^\\*\\s+${name}\\s+Running\\s+1\\s`, 'm'));
    const state = spawnSync('docker', ['inspect', '-f', '{{.State.Running}}', `${name}-control-plane`], {
      encoding: 'utf8',
    });
    expect(state.stdout.trim()).toBe('true');
  });

  it("start returns once each node's agent has beaten since the start, not on the Ready from before the stop", () => {
    ok(['stop', '--name', name]);
    const withoutDocker = noDocker(['start', '--name', name]);
    expect(withoutDocker.status).toBe(1);
    expect(withoutDocker.stderr).toContain(dockerHint);
    expect(ok(['clusters'])).toMatch(new RegExp(`^\\*\\s+${name}\\s+Stopped\\s`, 'm'));
    const startedAt = Date.now();
    const res = cli(['start', '--name', name]);
    expect(res.status, res.stderr).toBe(0);
    const steps = res.stderr
      .trim()
      .split('\n')
      .map((l) => l.replace(/ \(.*\)$/, ''));
    expect(steps.slice(-4)).toEqual([
      ' ✓ Starting network container',
      ' ✓ Starting 1 node',
      ' ✓ Waiting for nodes to be Ready',
      ' ✓ Writing kubeconfig',
    ]);
    const renewed = ok([
      'get',
      'lease',
      '-n',
      'kube-node-lease',
      `${name}-control-plane`,
      '-o',
      'jsonpath={.spec.renewTime}',
    ]);
    expect(Date.parse(renewed)).toBeGreaterThan(startedAt);
    expect(ok(['get', 'nodes'])).toMatch(new RegExp(`^${name}-control-plane\\s+Ready\\s`, 'm'));
  }, 120_000);

  it('down stops the cluster and removes its state and context', () => {
    ok(['down', '--name', name]);
    expect(fs.existsSync(path.join(env.MINIK8S_HOME, name))).toBe(false);
    const config = YAML.parse(fs.readFileSync(kubeconfig, 'utf8'));
    expect(config.contexts.map((c: { name: string }) => c.name)).not.toContain(`minik8s-${name}`);
    expect(ok(['status'])).toBe('');
  });
});
