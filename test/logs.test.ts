import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { rawRequest } from './helpers/raw-https.js';
import { eventually } from './helpers/wait.js';

// Each pod's app container fails once ("first run"), then runs on ("second run"): its previous
// log and its current one differ, whenever they are read.
const TWICE = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: twice
  namespace: shop
spec:
  replicas: 2
  selector: { matchLabels: { app: twice } }
  template:
    metadata:
      labels: { app: twice }
    spec:
      terminationGracePeriodSeconds: 0
      volumes: [{ name: state, emptyDir: {} }]
      containers:
        - name: app
          image: minik8s/busybox:latest
          imagePullPolicy: IfNotPresent
          volumeMounts: [{ name: state, mountPath: /state }]
          command: ["sh", "-c", "if [ -f /state/once ]; then echo second run; exec sleep 3600; fi; touch /state/once; echo first run; exit 1"]
        - name: side
          image: minik8s/busybox:latest
          imagePullPolicy: IfNotPresent
          command: ["sh", "-c", "echo side; exec sleep 3600"]
---
apiVersion: v1
kind: Service
metadata:
  name: front
  namespace: shop
spec:
  selector: { app: twice }
  ports: [{ port: 80 }]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: tick
  namespace: shop
spec:
  schedule: "0 0 1 1 *"
  suspend: true
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: c, image: minik8s/busybox:latest, command: ["true"] }]
`;

const sorted = (text: string) => text.split('\n').sort();

describe('logs as kubectl logs, and global flags before the command', () => {
  let c: TestCluster;
  let pods: string[];

  beforeAll(async () => {
    c = await startTestCluster({ nodes: 1 });
    await c.kubectl(['apply', '-f', '-'], { input: TWICE });
    await eventually(
      "each pod's app container running its second run",
      async () => {
        const { stdout } = await c.kubectl([
          'get',
          'pods',
          '-n',
          'shop',
          '-o',
          'jsonpath={range .items[*]}{.status.containerStatuses[?(@.name=="app")].restartCount}{" "}{.status.containerStatuses[?(@.name=="app")].state.running.startedAt}{"\\n"}{end}',
        ]);
        const rows = stdout.split('\n');
        expect(rows).toHaveLength(2);
        for (const row of rows) expect(row).toMatch(/^1 \S+$/);
      },
      120_000,
    );
    pods = (await c.kubectl(['get', 'pods', '-n', 'shop', '-o', 'name'])).stdout
      .split('\n')
      .map((p) => p.replace('pod/', ''));
  });
  afterAll(async () => {
    await c?.down();
  });

  it("prints each selected pod's previous run with -l and -p, as kubectl does", async () => {
    const expected = pods.map((p) => `[pod/${p}/app] first run`).sort();
    const mine = await c.minik8s(['logs', '-n', 'shop', '-l', 'app=twice', '-p']);
    expect(mine.stdout.split('\n')).toEqual(expected);
    const kubectl = await c.kubectl(['logs', '-n', 'shop', '-l', 'app=twice', '-p', '--prefix']);
    expect(sorted(kubectl.stdout)).toEqual(expected);
    const current = await c.minik8s(['logs', '-n', 'shop', '-l', 'app=twice']);
    expect(current.stdout.split('\n')).toEqual(pods.map((p) => `[pod/${p}/app] second run`).sort());
  });

  it('ends at a container with no previous run, with the error kubectl prints, or goes on with --ignore-errors', async () => {
    const args = ['logs', '-n', 'shop', '-l', 'app=twice', '-p', '-c', 'side'];
    const mine = await c.minik8s(args, { reject: false });
    const kubectl = await c.kubectl(args, { reject: false });
    const error =
      /^Error from server \(BadRequest\): previous terminated container "side" in pod "twice-\S+" not found$/;
    expect([mine.exitCode, mine.stdout]).toEqual([1, '']);
    expect(mine.stderr).toMatch(error);
    expect([kubectl.exitCode, kubectl.stdout]).toEqual([1, '']);
    expect(kubectl.stderr).toMatch(error);
    // --ignore-errors says each refusal on stdout and goes on.
    const said = pods
      .map((p) => `error: previous terminated container "side" in pod "${p}" not found`)
      .sort();
    const going = await c.minik8s([...args, '--ignore-errors']);
    expect(going.stdout.split('\n')).toEqual(said);
    expect(sorted((await c.kubectl([...args, '--ignore-errors'])).stdout)).toEqual(said);
    const one = ['logs', '-n', 'shop', pods[0], '-c', 'side', '-p', '--ignore-errors'];
    expect((await c.minik8s(one)).stdout).toBe(said.find((l) => l.includes(pods[0])));
    expect((await c.kubectl(one)).stdout).toBe(said.find((l) => l.includes(pods[0])));
  });

  it('refuses a -c no pod has before reading any log, as kubectl does, with -f too', async () => {
    for (const args of [
      ['-l', 'app=twice', '-c', 'nope'],
      ['-l', 'app=twice', '-c', 'nope', '-f'],
      ['deploy/twice', '-c', 'nope', '-f'],
      [pods[0], '-c', 'nope'],
    ]) {
      const mine = await c.minik8s(['logs', '-n', 'shop', ...args], { reject: false });
      const kubectl = await c.kubectl(['logs', '-n', 'shop', ...args], { reject: false });
      expect([kubectl.exitCode, kubectl.stdout]).toEqual([1, '']);
      expect(kubectl.stderr).toMatch(
        /^(Found 2 pods, using pod\/\S+\n)?error: container nope is not valid for pod twice-/,
      );
      expect([mine.exitCode, mine.stdout, mine.stderr]).toEqual([1, '', kubectl.stderr]);
    }
  });

  it("says a missing object and a type that selects no pods in kubectl's words", async () => {
    for (const target of [
      'nosuch',
      'deploy/nosuch',
      'cronjob/tick',
      'nosuchtype/x',
      'pod/',
      'deploy/',
      'pod/a/b',
    ]) {
      const mine = await c.minik8s(['logs', '-n', 'shop', target], { reject: false });
      const kubectl = await c.kubectl(['logs', '-n', 'shop', target], { reject: false });
      expect([mine.exitCode, mine.stdout, mine.stderr]).toEqual([1, '', kubectl.stderr]);
    }
    const cron = await c.minik8s(['logs', '-n', 'shop', 'cronjob/tick'], { reject: false });
    expect(cron.stderr).toBe(
      'error: cannot get the logs from *v1.CronJob: selector for *v1.CronJob not implemented',
    );
    const missing = await c.minik8s(['logs', '-n', 'shop', 'nosuch'], { reject: false });
    expect(missing.stderr).toBe(
      'error: error from server (NotFound): pods "nosuch" not found in namespace "shop"',
    );
  });

  it('reads the one pod kubectl picks for a workload or Service, with its remarks in its order', async () => {
    const rs = (await c.kubectl(['get', 'rs', '-n', 'shop', '-o', 'name'])).stdout;
    for (const target of ['deploy/twice', 'svc/front', rs, 'deployments.apps/twice']) {
      const mine = await c.minik8s(['logs', '-n', 'shop', target]);
      const kubectl = await c.kubectl(['logs', '-n', 'shop', target]);
      expect(kubectl.stderr).toMatch(
        /^Found 2 pods, using pod\/twice-\S+\nDefaulted container "app" out of: app, side$/,
      );
      expect([mine.stdout, mine.stderr]).toEqual([kubectl.stdout, kubectl.stderr]);
    }
    // Every container of that one pod, whole and unprefixed.
    const all = ['logs', '-n', 'shop', 'deploy/twice', '--all-containers'];
    const mine = await c.minik8s(all);
    const kubectl = await c.kubectl(all);
    expect(mine.stdout).toBe('second run\nside');
    expect([sorted(kubectl.stdout), kubectl.stderr]).toEqual([sorted(mine.stdout), mine.stderr]);
    expect(mine.stderr).toMatch(/^Found 2 pods, using pod\/twice-\S+$/);
    // -l: each pod's default container said, as kubectl says it.
    const notes = await c.minik8s(['logs', '-n', 'shop', '-l', 'app=twice']);
    expect(notes.stderr).toBe((await c.kubectl(['logs', '-n', 'shop', '-l', 'app=twice'])).stderr);
    expect(notes.stderr).toBe('Defaulted container "app" out of: app, side\n'.repeat(2).trim());
  });

  it('refuses to follow more logs than --max-log-requests, in the words of kubectl', async () => {
    const args = ['logs', '-n', 'shop', '-l', 'app=twice', '-f', '--all-containers', '--max-log-requests=3'];
    const mine = await c.minik8s(args, { reject: false });
    const kubectl = await c.kubectl(args, { reject: false });
    const error =
      'error: you are attempting to follow 4 log streams, but maximum allowed concurrency is 3, use --max-log-requests to increase the limit';
    expect([mine.exitCode, mine.stderr]).toEqual([1, error]);
    expect([kubectl.exitCode, kubectl.stderr]).toEqual([1, error]);

    const follow = c.minik8s(
      ['logs', '-n', 'shop', '-l', 'app=twice', '-f', '--all-containers', '--max-log-requests=4'],
      { reject: false },
    );
    let out = '';
    follow.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await eventually('every container followed', async () =>
      expect(sorted(out.trim())).toEqual(
        pods.flatMap((p) => [`[pod/${p}/app] second run`, `[pod/${p}/side] side`]).sort(),
      ),
    );
    follow.kill('SIGINT');
    expect((await follow).exitCode).toBe(0);

    // One stream is followed whatever the limit, as kubectl follows it.
    const single = c.minik8s(['logs', '-n', 'shop', pods[0], '-c', 'app', '-f', '--max-log-requests=0'], {
      reject: false,
    });
    let line = '';
    single.stdout?.on('data', (d: Buffer) => {
      line += d.toString();
    });
    await eventually('the one stream followed', async () => expect(line).toBe('second run\n'));
    single.kill('SIGINT');
    await single;
  });

  it('cuts each log at --limit-bytes, as the API cuts it for kubectl', async () => {
    const one = ['logs', '-n', 'shop', pods[0], '-c', 'app', '--limit-bytes=5'];
    expect((await c.minik8s(one)).stdout).toBe('secon');
    expect((await c.kubectl(one)).stdout).toBe('secon');
    const many = await c.minik8s(['logs', '-n', 'shop', '-l', 'app=twice', '--limit-bytes', '9']);
    expect(many.stdout.split('\n')).toEqual(pods.map((p) => `[pod/${p}/app] second ru`).sort());
    const negative = await c.minik8s([...one.slice(0, -1), '--limit-bytes=-1'], { reject: false });
    expect([negative.exitCode, negative.stderr]).toEqual([1, 'error: --limit-bytes must be greater than 0']);
  });

  it('answers limitBytes on the HTTPS API as Kubernetes does, refusing a limit below 1', async () => {
    const target = { port: Number(new URL(c.conn.server).port), ca: c.conn.ca };
    const path = `/api/v1/namespaces/shop/pods/${pods[0]}/log?container=side`;
    const cut = await rawRequest(target, 'GET', `${path}&limitBytes=2`, { token: c.conn.token });
    expect([cut.status, cut.body]).toEqual([200, 'si']);
    const whole = await rawRequest(target, 'GET', `${path}&limitBytes=100`, { token: c.conn.token });
    expect([whole.status, whole.body]).toEqual([200, 'side\n']);
    const huge = await rawRequest(target, 'GET', `${path}&limitBytes=${2 ** 60}`, { token: c.conn.token });
    expect([huge.status, huge.body]).toEqual([200, 'side\n']);
    const past = await rawRequest(target, 'GET', `${path}&limitBytes=${2n ** 63n}`, { token: c.conn.token });
    expect([past.status, JSON.parse(past.body).message]).toEqual([
      400,
      `strconv.ParseInt: parsing "${2n ** 63n}": value out of range`,
    ]);
    const zero = await rawRequest(target, 'GET', `${path}&limitBytes=0`, { token: c.conn.token });
    expect(zero.status).toBe(422);
    expect(JSON.parse(zero.body)).toMatchObject({
      reason: 'Invalid',
      message: `PodLogOptions "${pods[0]}" is invalid: limitBytes: Invalid value: 0: must be greater than 0`,
      details: { causes: [{ field: 'limitBytes', reason: 'FieldValueInvalid' }] },
    });
  });

  it('takes the global flags before the command word, as kubectl does', async () => {
    const names = (await c.kubectl(['-n', 'shop', 'get', 'pods', '-o', 'name'])).stdout;
    expect(names.split('\n')).toHaveLength(2);
    expect((await c.minik8s(['-n', 'shop', 'get', 'pods', '-o', 'name'])).stdout).toBe(names);
    expect((await c.minik8s(['--namespace=shop', 'get', 'pods', '-o', 'name'])).stdout).toBe(names);
    const context = ['--context', `minik8s-${c.name}`, '-nshop', 'get', 'pods', '-o', 'name'];
    expect((await c.minik8s(context)).stdout).toBe(names);
    const logs = await c.minik8s(['-n', 'shop', 'logs', pods[0], '-c', 'app', '-p']);
    expect(logs.stdout).toBe('first run');
    // -A is get's own flag, not a global one: kubectl refuses it before the command.
    const mine = await c.minik8s(['-A', 'get', 'pods'], { reject: false });
    const kubectl = await c.kubectl(['-A', 'get', 'pods'], { reject: false });
    expect([mine.exitCode, mine.stderr]).toEqual([kubectl.exitCode, kubectl.stderr]);
    expect(mine.stderr).toBe('Error: flags cannot be placed before plugin name: -A');
    expect((await c.minik8s(['--version'])).stdout).toMatch(/^minik8s\/\S+ /);
    expect((await c.minik8s(['-n', 'shop', 'help', 'get'])).stdout).toMatch(/^Display one or many resources/);
  });
  it('follows a pod that starts while --max-log-requests logs stream once one of them ends', async () => {
    const followed = (max: number) => {
      const run = c.minik8s(['logs', '-n', 'shop', '-l', 'app=twice', '-f', `--max-log-requests=${max}`], {
        reject: false,
      });
      const seen = { run, out: '' };
      run.stdout?.on('data', (d: Buffer) => {
        seen.out += d.toString();
      });
      return seen;
    };
    // Beside the limited one, a follow with room for every pod: once it prints the new pod's
    // lines, the limited one would have too, had it not waited.
    const limited = followed(2);
    const roomy = followed(5);
    const running = pods.map((p) => `[pod/${p}/app] second run`).sort();
    await eventually('both pods followed', async () => {
      expect(sorted(limited.out.trim())).toEqual(running);
      expect(sorted(roomy.out.trim())).toEqual(running);
    });
    await c.kubectl(['scale', '-n', 'shop', 'deployment/twice', '--replicas=3']);
    const line = (pod: string) => new RegExp(`^\\[pod/${pod}/app\\] (first|second) run$`, 'm');
    const third = await eventually(
      'the new pod followed where there is room',
      async () => {
        const name = /^\[pod\/(\S+)\/app\]/m.exec(
          roomy.out
            .split('\n')
            .filter((l) => !pods.some((p) => l.includes(p)))
            .join('\n'),
        )?.[1];
        expect(name).toBeDefined();
        return name!;
      },
      90_000,
    );
    expect(limited.out).not.toMatch(line(third));
    await c.kubectl(['delete', 'pod', '-n', 'shop', pods[0], '--wait=false']);
    await eventually(
      'the new pod followed once a stream ended',
      async () => expect(limited.out).toMatch(line(third)),
      90_000,
    );
    for (const { run } of [limited, roomy]) {
      run.kill('SIGINT');
      expect((await run).exitCode).toBe(0);
    }
  });
});
