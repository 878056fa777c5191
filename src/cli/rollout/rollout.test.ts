import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../../test/helpers/api-server.js';
import { markReady, podsTurnReady, podsWith } from '../../../test/helpers/workloads.js';
import { DEPLOYMENTS, type Deployment, REPLICA_SETS, type ReplicaSet } from '../../api/kinds/index.js';
import { LocalClient } from '../../client/local-client.js';
import { deploymentController } from '../../reconcile/deployment/deployment.js';
import { ControllerManager } from '../../reconcile/manager.js';
import { replicaSetController } from '../../reconcile/replica-set/replica-set.js';
import type { Io } from '../io.js';
import { scaleTarget } from '../scale.js';
import { actOnTargets } from '../targets.js';
import { history } from './history.js';
import { pause, restart, resume } from './patches.js';
import { rolloutStatus } from './status.js';
import { undo } from './undo.js';

let api: TestApiServer;
let manager: ControllerManager;
let cache: string;
const held = new Set<string>();

beforeAll(async () => {
  api = await startTestApiServer();
  cache = mkdtempSync(join(tmpdir(), 'minik8s-rollout-kube-'));
  manager = new ControllerManager(new LocalClient(api.service), { log: () => {} });
  for (const f of [deploymentController, replicaSetController, podsTurnReady({ held, finish: true })])
    manager.add(f);
  await manager.start();
});
afterAll(async () => {
  await manager.stop();
  await api.stop();
  rmSync(cache, { recursive: true, force: true });
});

let n = 0;
let name: string;
afterEach(() => held.clear());

/** A Deployment of its own per test, rolled out; then each image in turn rolled out. */
async function deployment(...images: string[]): Promise<void> {
  name = `web${++n}`;
  const [first, ...rest] = images.length ? images : ['web:1'];
  await api.client.create(DEPLOYMENTS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'kubernetes.io/change-cause': `deploy ${first}` },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: first }] },
      },
    },
  });
  await manager.idle();
  for (const image of rest) await setImage(image, `deploy ${image}`);
}

async function setImage(image: string, cause?: string): Promise<void> {
  const d = await api.client.get<Deployment>(DEPLOYMENTS, 'default', name);
  d.spec!.template.spec!.containers[0].image = image;
  if (cause) d.metadata.annotations = { ...d.metadata.annotations, 'kubernetes.io/change-cause': cause };
  await api.client.update(DEPLOYMENTS, d);
  await manager.idle();
}

const getDeploy = () => api.client.get<Deployment>(DEPLOYMENTS, 'default', name);
const image = async () => (await getDeploy()).spec?.template.spec?.containers[0].image;

const kubectl = (args: string[]) =>
  execa('kubectl', args, {
    env: { ...process.env, KUBECONFIG: api.kubeconfig, KUBECACHEDIR: cache },
    reject: false,
    stripFinalNewline: false,
  });

/** Runs a service as its command does, with what it prints. */
async function run(act: Parameters<typeof actOnTargets>[2], ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await actOnTargets({ kubeconfig: api.kubeconfig }, args, act, io);
  await manager.idle();
  return { code, stdout: out.map((l) => `${l}\n`).join(''), stderr: err.join('\n') };
}

const deploy = () => `deploy/${name}`;

describe('minik8s rollout and scale, beside kubectl', () => {
  it('history prints the revisions and one revision as kubectl does', async () => {
    await deployment('web:1', 'web:2');
    for (const args of [[deploy()], [deploy(), '--revision=1']]) {
      const revision = Number(args[1]?.split('=')[1] ?? 0);
      const mine = await run((c, t) => history(c, t, revision), ...args.slice(0, 1));
      const theirs = await kubectl(['rollout', 'history', ...args]);
      expect(mine.stdout).toBe(theirs.stdout);
    }
    expect((await run((c, t) => history(c, t), deploy())).stdout).toBe(
      `deployment.apps/${name} \nREVISION  CHANGE-CAUSE\n1         deploy web:1\n2         deploy web:2\n\n`,
    );
  });

  it('undo goes back to the previous revision, to a given one, and skips the current one', async () => {
    await deployment('web:1', 'web:2', 'web:3');
    expect((await run((c, t) => undo(c, t), deploy())).stdout).toBe(`deployment.apps/${name} rolled back\n`);
    expect(await image()).toBe('web:2');
    expect((await run((c, t) => undo(c, t, 1), deploy())).stdout).toBe(
      `deployment.apps/${name} rolled back\n`,
    );
    expect(await image()).toBe('web:1');
    const revisions = (
      await api.client.list<ReplicaSet>(REPLICA_SETS, { labelSelector: `app=${name}` })
    ).items
      .map((rs) => [
        rs.spec?.template?.spec?.containers[0].image,
        rs.metadata.annotations?.['deployment.kubernetes.io/revision'],
      ])
      .sort();
    expect(revisions).toEqual([
      ['web:1', '5'],
      ['web:2', '4'],
      ['web:3', '3'],
    ]);
    expect((await run((c, t) => undo(c, t, 5), deploy())).stdout).toBe(
      `deployment.apps/${name} skipped rollback (current template already matches revision 5)\n`,
    );
    const missing = await run((c, t) => undo(c, t, 9), deploy());
    expect([missing.code, missing.stderr]).toEqual([
      1,
      'error: unable to find specified revision 9 in history',
    ]);
  });

  it("kubectl's own undo brings the old template back through minik8s's controller", async () => {
    await deployment('web:1', 'web:2');
    const res = await kubectl(['rollout', 'undo', deploy()]);
    expect(res.stdout.trim()).toBe(`deployment.apps/${name} rolled back`);
    await manager.idle();
    expect(await image()).toBe('web:1');
    expect((await getDeploy()).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('pause, resume and restart say what kubectl says, and refuse what it refuses', async () => {
    await deployment();
    expect((await run(pause, deploy())).stdout).toBe(`deployment.apps/${name} paused\n`);
    const again = await run(pause, deploy());
    expect([again.code, again.stderr]).toEqual([1, `error: deployments.apps "${name}" is already paused`]);
    const restarting = await run(restart, deploy());
    expect(restarting.stderr).toBe(
      `error: deployments.apps "${name}" can't restart paused deployment (run rollout resume first)`,
    );
    const undoing = await run((c, t) => undo(c, t), deploy());
    expect(undoing.stderr).toContain('error: you cannot rollback a paused deployment');
    expect((await run(resume, deploy())).stdout).toBe(`deployment.apps/${name} resumed\n`);
    expect((await run(resume, deploy())).stderr).toBe(`error: deployments.apps "${name}" is not paused`);
    expect((await run(restart, deploy())).stdout).toBe(`deployment.apps/${name} restarted\n`);
    const stamp = (await getDeploy()).spec?.template.metadata?.annotations?.[
      'kubectl.kubernetes.io/restartedAt'
    ];
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    expect((await run((c, t) => history(c, t), deploy())).stdout).toContain('\n2         deploy web:1\n');
  });

  it('status follows a rollout with kubectl lines until it is done', async () => {
    await deployment();
    held.add('web:2');
    await setImage('web:2');
    const out: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: () => {} };
    const target = { def: DEPLOYMENTS, namespace: 'default', name };
    await rolloutStatus(api.client, target, { watch: false }, io);
    expect(out).toEqual([
      `Waiting for deployment "${name}" rollout to finish: 1 out of 2 new replicas have been updated...`,
    ]);
    const following = rolloutStatus(api.client, target, { watch: true }, io);
    // Pods made from now on turn ready by themselves; those made so far are marked here.
    held.clear();
    const updated = (await podsWith(api.client, 'default', `app=${name}`)).filter(
      (p) => p.spec?.containers[0].image === 'web:2',
    );
    for (const pod of updated) await markReady(api.client, pod, Date.now());
    await following;
    expect(out.at(-1)).toBe(`deployment "${name}" successfully rolled out`);
    const theirs = await kubectl(['rollout', 'status', deploy()]);
    expect(theirs.stdout).toBe(`deployment "${name}" successfully rolled out\n`);
    await expect(rolloutStatus(api.client, target, { watch: true, revision: 7 }, io)).rejects.toThrow(
      'desired revision (7) is different from the running revision (2)',
    );
  });

  it('scale sets replicas through the scale subresource, with kubectl preconditions', async () => {
    await deployment();
    expect((await run((c, t) => scaleTarget(c, t, { replicas: 4 }), deploy())).stdout).toBe(
      `deployment.apps/${name} scaled\n`,
    );
    const wrong = await run((c, t) => scaleTarget(c, t, { replicas: 1, currentReplicas: 3 }), deploy());
    expect([wrong.code, wrong.stderr]).toEqual([1, 'error: Expected replicas to be 3, was 4']);
    await run((c, t) => scaleTarget(c, t, { replicas: 3, currentReplicas: 4 }), deploy());
    expect((await getDeploy()).spec?.replicas).toBe(3);
    const theirs = await kubectl(['scale', deploy(), '--replicas=2', '--current-replicas=3']);
    expect(theirs.stdout.trim()).toBe(`deployment.apps/${name} scaled`);
    await manager.idle();
    expect((await getDeploy()).status).toMatchObject({ replicas: 2, availableReplicas: 2 });
  });
});
