import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { eventsAbout, podsTurnReady, podsWith } from '../../../test/helpers/workloads.js';
import {
  DEPLOYMENTS,
  type Deployment,
  PODS,
  type Pod,
  REPLICA_SETS,
  type ReplicaSet,
} from '../../api/kinds/index.js';
import { ControllerManager } from '../manager.js';
import { replicaSetController } from '../replica-set/replica-set.js';
import { isReady } from '../workloads/pods.js';
import { deploymentController } from './deployment.js';
import { withoutHash } from './hash.js';

let h: ControllerHarness;
afterEach(() => h?.stop());

const held = new Set<string>();
afterEach(() => held.clear());

const start = (opts: { clock?: ManualClock; finish?: boolean } = {}) =>
  startControllers(
    [deploymentController, replicaSetController, podsTurnReady({ held, finish: opts.finish })],
    {
      prefix: 'minik8s-deploy-',
      clock: opts.clock,
    },
  );

const deployment = (spec: Record<string, unknown> = {}, image = 'web:1') =>
  h.client.create<Deployment>(DEPLOYMENTS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
      ...spec,
    },
  });

const getDeploy = () => h.client.get<Deployment>(DEPLOYMENTS, 'default', 'web');

async function edit(change: (d: Deployment) => void): Promise<void> {
  const d = await getDeploy();
  change(d);
  await h.client.update(DEPLOYMENTS, d);
}

const setImage = (image: string) =>
  edit((d) => {
    d.spec!.template.spec!.containers[0].image = image;
  });

const replicaSets = async () =>
  (await h.client.list<ReplicaSet>(REPLICA_SETS, { namespace: 'default' })).items.filter(
    (rs) => !rs.metadata.deletionTimestamp,
  );

const rsOfImage = async (image: string) =>
  (await replicaSets()).find((rs) => rs.spec?.template?.spec?.containers[0].image === image);

const imagesOfPods = async () =>
  (await podsWith(h.client, 'default', 'app=web')).map((p) => p.spec?.containers[0].image).sort();

const scalingEvents = async () =>
  (await eventsAbout(h.client, 'web'))
    .filter(([, reason]) => reason === 'ScalingReplicaSet')
    .map(([, , m]) => m);

describe('Deployment controller', () => {
  it('rolls out a new Deployment through a ReplicaSet named by its template hash, and reports it', async () => {
    h = await start();
    await deployment();
    await h.manager.idle();
    const [rs] = await replicaSets();
    const hash = rs.spec!.template!.metadata!.labels!['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec!.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    const pods = await podsWith(h.client, 'default', `pod-template-hash=${hash}`);
    expect(pods).toHaveLength(3);
    expect(pods[0].metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    const d = await getDeploy();
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status?.unavailableReplicas).toBeUndefined();
    expect(d.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      [
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "web-${hash}" has successfully progressed.`,
      ],
    ]);
    expect(await scalingEvents()).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
  });

  it('rolls a new template out with maxUnavailable 0 without ever having fewer than replicas ready', async () => {
    h = await start({ finish: true });
    await deployment({
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    });
    await h.manager.idle();
    let fewest = Number.POSITIVE_INFINITY;
    const informer = h.manager.ctx.informers.for<Pod>(PODS);
    informer.addHandler({
      update: () => {
        fewest = Math.min(
          fewest,
          informer.list('default').filter((p) => isReady(p) && !p.metadata.deletionTimestamp).length,
        );
      },
    });
    await setImage('web:2');
    await h.manager.idle();
    expect(fewest).toBe(3);
    expect(await imagesOfPods()).toEqual(['web:2', 'web:2', 'web:2']);
    const [v1, v2] = [await rsOfImage('web:1'), await rsOfImage('web:2')];
    expect([v1?.spec?.replicas, v2?.spec?.replicas]).toEqual([0, 3]);
    expect(v2?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect((await getDeploy()).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect((await scalingEvents()).slice(1)).toEqual([
      `Scaled up replica set ${v2?.metadata.name} from 0 to 1`,
      `Scaled down replica set ${v1?.metadata.name} from 3 to 2`,
      `Scaled up replica set ${v2?.metadata.name} from 1 to 2`,
      `Scaled down replica set ${v1?.metadata.name} from 2 to 1`,
      `Scaled up replica set ${v2?.metadata.name} from 2 to 3`,
      `Scaled down replica set ${v1?.metadata.name} from 1 to 0`,
    ]);
  });

  it('refuses a rolling update that may neither surge nor be unavailable', async () => {
    h = await start();
    for (const [surge, unavailable] of [
      [0, 0],
      ['0%', '0%'],
    ]) {
      const made = deployment({
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
      });
      await expect(made).rejects.toThrow(
        `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: ${JSON.stringify(unavailable)}: may not be 0 when \`maxSurge\` is 0`,
      );
    }
  });

  it('Recreate removes every old pod before the new ReplicaSet gets one', async () => {
    h = await start();
    await deployment({ strategy: { type: 'Recreate' } });
    await h.manager.idle();
    await setImage('web:2');
    await h.manager.idle();
    // The old pods are terminating, and no agent has finished them yet.
    expect(await rsOfImage('web:2')).toBeUndefined();
    expect((await rsOfImage('web:1'))?.spec?.replicas).toBe(0);
    for (const pod of (await h.client.list<Pod>(PODS, { namespace: 'default' })).items)
      await h.client.delete(PODS, 'default', pod.metadata.name!, { gracePeriodSeconds: 0 });
    await h.manager.idle();
    expect((await rsOfImage('web:2'))?.spec?.replicas).toBe(3);
    expect(await imagesOfPods()).toEqual(['web:2', 'web:2', 'web:2']);
  });

  it('rolls back as kubectl does, by the old template: the old ReplicaSet returns as the next revision', async () => {
    h = await start({ finish: true });
    await deployment();
    await h.manager.idle();
    await setImage('web:2');
    await h.manager.idle();
    const v1 = (await rsOfImage('web:1'))!;
    await h.client.patch(
      DEPLOYMENTS,
      'default',
      'web',
      [
        { op: 'replace', path: '/spec/template', value: withoutHash(v1.spec!.template) },
        { op: 'replace', path: '/metadata/annotations', value: {} },
      ],
      'json',
    );
    await h.manager.idle();
    expect(await replicaSets()).toHaveLength(2);
    const back = (await rsOfImage('web:1'))!;
    expect(back.metadata.name).toBe(v1.metadata.name);
    expect(back.spec?.replicas).toBe(3);
    expect(back.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
    });
    expect((await getDeploy()).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(await imagesOfPods()).toEqual(['web:1', 'web:1', 'web:1']);
  });

  it('keeps revisionHistoryLimit old ReplicaSets, and copies change causes onto the new one', async () => {
    h = await start({ finish: true });
    await deployment({ revisionHistoryLimit: 1 });
    await h.manager.idle();
    for (const image of ['web:2', 'web:3']) {
      await edit((d) => {
        d.metadata.annotations = {
          ...d.metadata.annotations,
          'kubernetes.io/change-cause': `image ${image}`,
        };
        d.spec!.template.spec!.containers[0].image = image;
      });
      await h.manager.idle();
    }
    const left = await replicaSets();
    expect(left.map((rs) => rs.spec?.template?.spec?.containers[0].image).sort()).toEqual(['web:2', 'web:3']);
    expect((await rsOfImage('web:3'))?.metadata.annotations?.['kubernetes.io/change-cause']).toBe(
      'image web:3',
    );
  });

  it('does not roll out while paused, says DeploymentPaused, and rolls out once resumed', async () => {
    h = await start({ finish: true });
    await deployment();
    await h.manager.idle();
    await edit((d) => {
      d.spec!.paused = true;
    });
    await setImage('web:2');
    await h.manager.idle();
    expect(await rsOfImage('web:2')).toBeUndefined();
    const progressing = () =>
      getDeploy().then((d) => d.status?.conditions?.find((c) => c.type === 'Progressing'));
    expect(await progressing()).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    await edit((d) => {
      d.spec!.replicas = 5;
    });
    await h.manager.idle();
    expect((await rsOfImage('web:1'))?.spec?.replicas).toBe(5);
    await edit((d) => {
      d.spec!.paused = false;
    });
    await h.manager.idle();
    expect(await imagesOfPods()).toEqual(Array(5).fill('web:2'));
    expect(await progressing()).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });

  it('resized in the middle of a rollout, grows its ReplicaSets in proportion to their sizes', async () => {
    h = await start();
    await deployment({
      replicas: 10,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
    });
    await h.manager.idle();
    held.add('web:2');
    await setImage('web:2');
    await h.manager.idle();
    expect([(await rsOfImage('web:1'))?.spec?.replicas, (await rsOfImage('web:2'))?.spec?.replicas]).toEqual([
      8, 5,
    ]);
    await edit((d) => {
      d.spec!.replicas = 15;
    });
    await h.manager.idle();
    expect([(await rsOfImage('web:1'))?.spec?.replicas, (await rsOfImage('web:2'))?.spec?.replicas]).toEqual([
      11, 7,
    ]);
  });

  it('marks a rollout that makes no progress within progressDeadlineSeconds ProgressDeadlineExceeded', async () => {
    const clock = new ManualClock(Date.now());
    h = await start({ clock });
    await deployment({ progressDeadlineSeconds: 30 });
    await h.manager.idle();
    held.add('web:2');
    await setImage('web:2');
    await h.manager.idle();
    const v2 = (await rsOfImage('web:2'))!;
    const progressing = () =>
      getDeploy().then((d) => d.status?.conditions?.find((c) => c.type === 'Progressing'));
    expect(await progressing()).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    clock.advance(32_000);
    await h.manager.idle();
    expect(await progressing()).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${v2.metadata.name}" has timed out progressing.`,
    });
    const available = (await getDeploy()).status?.conditions?.find((c) => c.type === 'Available');
    expect(available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
  });

  it('finishes a rollout begun by a control plane that stopped, with nothing lost or doubled', async () => {
    h = await start({ finish: true });
    await deployment({ replicas: 4 });
    await h.manager.idle();
    held.add('web:2');
    await setImage('web:2');
    await h.manager.idle();
    await h.manager.stop();
    held.clear();
    const next = new ControllerManager(h.client, { log: () => {} });
    for (const f of [deploymentController, replicaSetController, podsTurnReady({ held, finish: true })])
      next.add(f);
    try {
      await next.start();
      await next.idle();
    } finally {
      await next.stop();
    }
    expect(await imagesOfPods()).toEqual(Array(4).fill('web:2'));
    expect(await replicaSets()).toHaveLength(2);
    expect((await rsOfImage('web:2'))?.status).toMatchObject({ replicas: 4, availableReplicas: 4 });
    const created = (await eventsAbout(h.client, (await rsOfImage('web:2'))!.metadata.name!)).filter(
      ([, reason]) => reason === 'SuccessfulCreate',
    );
    expect(created).toHaveLength(4);
    expect((await getDeploy()).status).toMatchObject({
      replicas: 4,
      updatedReplicas: 4,
      availableReplicas: 4,
    });
  });
});
