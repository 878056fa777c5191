import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { EVENTS, JOBS, type Job, type JobSpec, PODS, type Pod } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import { ControllerManager } from '../manager.js';
import { jobController } from './job-controller.js';

let h: ControllerHarness;
let clock: ManualClock;
let restarted: ControllerManager | undefined;

beforeEach(async () => {
  clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
  h = await startControllers([jobController], { clock, settings: { resyncMs: 0 } });
});
afterEach(async () => {
  await restarted?.stop();
  restarted = undefined;
  await h.stop();
});

const createJob = (name: string, spec: Partial<JobSpec> = {}, restartPolicy = 'Never') =>
  h.client.create<Job>(JOBS, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      template: { spec: { restartPolicy, containers: [{ name: 'work', image: 'busybox' }] } },
      ...spec,
    },
  });

const getJob = (name: string) => h.client.get<Job>(JOBS, 'default', name);
const podsOf = async (job: string) =>
  (await h.client.list<Pod>(PODS, { namespace: 'default', labelSelector: `job-name=${job}` })).items.sort(
    (a, b) => a.metadata.name!.localeCompare(b.metadata.name!),
  );
const running = async (job: string) =>
  (await podsOf(job)).filter((p) => !['Succeeded', 'Failed'].includes(p.status?.phase ?? ''));

/** What the node agent would write when the pod's container ends. */
async function end(pod: Pod, phase: 'Succeeded' | 'Failed', exitCode = phase === 'Succeeded' ? 0 : 1) {
  const fresh = await h.client.get<Pod>(PODS, 'default', pod.metadata.name!);
  const finishedAt = timestamp(new Date(clock.now()));
  await h.client.update(
    PODS,
    {
      ...fresh,
      status: {
        ...fresh.status,
        phase,
        containerStatuses: [
          {
            name: 'work',
            image: 'busybox',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: {
              terminated: { exitCode, finishedAt, reason: phase === 'Failed' ? 'Error' : 'Completed' },
            },
          },
        ],
      },
    },
    'status',
  );
  await h.manager.idle();
}

const conditions = (job: Job) =>
  (job.status?.conditions ?? []).map((c) => `${c.type}=${c.status}:${c.reason}`);

describe('job controller', () => {
  it('runs completions 5 with parallelism 2 to Complete, counting each pod once', async () => {
    await createJob('pi', { completions: 5, parallelism: 2 });
    await h.manager.idle();
    for (let round = 0; round < 5; round++) {
      const active = await running('pi');
      expect(active.length).toBe(Math.min(2, 5 - round));
      await end(active[0], 'Succeeded');
    }
    const job = await getJob('pi');
    expect(job.status).toMatchObject({
      succeeded: 5,
      active: 0,
      ready: 0,
      uncountedTerminatedPods: {},
    });
    expect(conditions(job)).toEqual([
      'SuccessCriteriaMet=True:CompletionsReached',
      'Complete=True:CompletionsReached',
    ]);
    expect(job.status?.completionTime).toBeDefined();
    const pods = await podsOf('pi');
    expect(pods).toHaveLength(5);
    for (const p of pods) {
      expect(p.metadata.finalizers ?? []).not.toContain('batch.kubernetes.io/job-tracking');
      expect(p.metadata.labels).toMatchObject({ 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi' });
      expect(p.metadata.generateName).toBe('pi-');
    }
    const events = (await h.client.list(EVENTS, { namespace: 'default' })).items.map((e) => e.reason);
    expect(events).toContain('SuccessfulCreate');
    expect(events).toContain('Completed');
  });

  it('runs a work queue Job (no completions) until one pod succeeded and the rest ended', async () => {
    await createJob('queue', { parallelism: 2 });
    await h.manager.idle();
    const [first, second] = await running('queue');
    await end(first, 'Succeeded');
    expect(await running('queue')).toHaveLength(1);
    expect(conditions(await getJob('queue'))).toEqual([]);
    await end(second, 'Succeeded');
    const job = await getJob('queue');
    expect(job.status).toMatchObject({ succeeded: 2, active: 0 });
    expect(conditions(job)).toContain('Complete=True:CompletionsReached');
  });

  it('replaces failed pods after a back-off that doubles, then fails with BackoffLimitExceeded', async () => {
    await createJob('flaky', { backoffLimit: 2 });
    await h.manager.idle();
    await end((await running('flaky'))[0], 'Failed');
    expect(await running('flaky')).toHaveLength(0);
    clock.advance(9_000);
    await h.manager.idle();
    expect(await running('flaky')).toHaveLength(0);
    clock.advance(1_000);
    await h.manager.idle();
    await end((await running('flaky'))[0], 'Failed');
    clock.advance(19_000);
    await h.manager.idle();
    expect(await running('flaky')).toHaveLength(0);
    clock.advance(1_000);
    await h.manager.idle();
    expect((await getJob('flaky')).status?.failed).toBe(2);
    await end((await running('flaky'))[0], 'Failed');
    const job = await getJob('flaky');
    expect(job.status).toMatchObject({ failed: 3, active: 0 });
    expect(conditions(job)).toEqual([
      'FailureTarget=True:BackoffLimitExceeded',
      'Failed=True:BackoffLimitExceeded',
    ]);
    expect(job.status?.conditions?.[1].message).toBe('Job has reached the specified backoff limit');
  });

  it('fails a Job active past activeDeadlineSeconds and deletes its pods', async () => {
    await createJob('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 });
    await h.manager.idle();
    expect(await running('slow')).toHaveLength(2);
    clock.advance(30_000);
    await h.manager.idle();
    const job = await getJob('slow');
    expect(conditions(job)).toEqual(['FailureTarget=True:DeadlineExceeded', 'Failed=True:DeadlineExceeded']);
    expect(job.status).toMatchObject({ active: 0, failed: 2 });
    expect(await podsOf('slow')).toHaveLength(0);
  });

  it('gives an Indexed Job one pod per index, with its index, hostname and JOB_COMPLETION_INDEX', async () => {
    await createJob('ix', { completions: 3, parallelism: 3, completionMode: 'Indexed' });
    await h.manager.idle();
    const pods = await running('ix');
    expect(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'])).toEqual([
      '0',
      '1',
      '2',
    ]);
    expect(pods.map((p) => p.spec?.hostname)).toEqual(['ix-0', 'ix-1', 'ix-2']);
    expect(pods[1].metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(pods[1].metadata.generateName).toBe('ix-1-');
    expect(pods[0].spec?.containers[0].env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: {
        fieldRef: {
          apiVersion: 'v1',
          fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
        },
      },
    });
    await end(pods[1], 'Failed');
    expect((await getJob('ix')).status?.completedIndexes ?? '').toBe('');
    clock.advance(10_000);
    await h.manager.idle();
    const again = await running('ix');
    expect(again.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'])).toEqual([
      '0',
      '1',
      '2',
    ]);
    for (const p of again) await end(p, 'Succeeded');
    const job = await getJob('ix');
    expect(job.status).toMatchObject({ completedIndexes: '0-2', succeeded: 3, failed: 1 });
    expect(conditions(job)).toContain('Complete=True:CompletionsReached');
  });

  it('creates nothing while suspended, says so, and starts on resume', async () => {
    await createJob('later', { suspend: true, completions: 2, parallelism: 2 });
    await h.manager.idle();
    expect(await podsOf('later')).toHaveLength(0);
    let job = await getJob('later');
    expect(conditions(job)).toEqual(['Suspended=True:JobSuspended']);
    expect(job.status?.startTime).toBeUndefined();
    await h.client.patch(JOBS, 'default', 'later', { spec: { suspend: false } });
    await h.manager.idle();
    expect(await running('later')).toHaveLength(2);
    job = await getJob('later');
    expect(conditions(job)).toEqual(['Suspended=False:JobResumed']);
    expect(job.status?.startTime).toBeDefined();
    await h.client.patch(JOBS, 'default', 'later', { spec: { suspend: true } });
    await h.manager.idle();
    expect(await podsOf('later')).toHaveLength(0);
    expect((await getJob('later')).status).toMatchObject({ active: 0, terminating: 0 });
  });

  it('follows podFailurePolicy: Ignore does not count, FailJob fails the Job with its rule', async () => {
    await createJob('policy', {
      backoffLimit: 0,
      podFailurePolicy: {
        rules: [
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } },
        ],
      },
    });
    await h.manager.idle();
    const [first] = await running('policy');
    const fresh = await h.client.get<Pod>(PODS, 'default', first.metadata.name!);
    await h.client.update(
      PODS,
      {
        ...fresh,
        status: {
          ...fresh.status,
          conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI' }],
        },
      },
      'status',
    );
    await end(first, 'Failed', 137);
    expect((await getJob('policy')).status?.failed ?? 0).toBe(0);
    clock.advance(10_000);
    await h.manager.idle();
    const [second] = await running('policy');
    expect(second.metadata.name).not.toBe(first.metadata.name);
    await end(second, 'Failed', 42);
    const job = await getJob('policy');
    expect(conditions(job)).toEqual(['FailureTarget=True:PodFailurePolicy', 'Failed=True:PodFailurePolicy']);
    expect(job.status?.conditions?.[1].message).toBe(
      `Container work for pod default/${second.metadata.name} failed with exit code 42 matching FailJob rule at index 1`,
    );
  });

  const restart = async () => {
    restarted = new ControllerManager(h.client, { clock, log: () => {}, settings: { resyncMs: 0 } });
    restarted.add(jobController);
    await restarted.start();
    h.manager = restarted;
    await h.manager.idle();
  };

  it('counts pods that ended while the controller was down exactly once after a restart', async () => {
    await createJob('restart', { completions: 4, parallelism: 2 });
    await h.manager.idle();
    await end((await running('restart'))[0], 'Succeeded');
    await h.manager.stop();
    for (const p of await running('restart')) await end(p, 'Succeeded');
    await restart();
    let job = await getJob('restart');
    expect(job.status).toMatchObject({ succeeded: 3, active: 1, uncountedTerminatedPods: {} });
    await end((await running('restart'))[0], 'Succeeded');
    job = await getJob('restart');
    expect(job.status).toMatchObject({ succeeded: 4, active: 0 });
    expect(conditions(job)).toContain('Complete=True:CompletionsReached');
    expect(await podsOf('restart')).toHaveLength(4);
  });

  it('finishes a count a restart interrupted between its steps, once', async () => {
    await createJob('steps', { completions: 3, parallelism: 3 });
    await h.manager.idle();
    await h.manager.stop();
    const [a, b, c] = await running('steps');
    for (const p of [a, b, c]) await end(p, 'Succeeded');
    // As a controller stopped after writing a's and b's uids, and after taking a's finalizer off.
    const job = await getJob('steps');
    const uids = [a, b].map((p) => p.metadata.uid!);
    await h.client.update(
      JOBS,
      { ...job, status: { ...job.status, uncountedTerminatedPods: { succeeded: uids } } },
      'status',
    );
    const fresh = await h.client.get<Pod>(PODS, 'default', a.metadata.name!);
    await h.client.update(PODS, { ...fresh, metadata: { ...fresh.metadata, finalizers: [] } });
    await restart();
    const done = await getJob('steps');
    expect(done.status).toMatchObject({ succeeded: 3, active: 0, uncountedTerminatedPods: {} });
    expect(conditions(done)).toContain('Complete=True:CompletionsReached');
  });
});
