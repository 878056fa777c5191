import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { CRON_JOBS, type CronJob, type CronJobSpec, EVENTS, JOBS, type Job } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import { cronJobController } from './cron-job-controller.js';
import { rfc3339In } from './zoned-time.js';

let h: ControllerHarness;
let clock: ManualClock;
/** The start of the minute after the test began: when an every-minute schedule first fires. */
let firstStart: number;

beforeEach(async () => {
  // Creation timestamps are the API server's real time: the manual clock starts there.
  clock = new ManualClock(Date.now());
  firstStart = Math.floor(clock.now() / 60_000) * 60_000 + 60_000;
  h = await startControllers([cronJobController], { clock, settings: { resyncMs: 0 } });
});
afterEach(() => h.stop());

const createCronJob = (name: string, spec: Partial<CronJobSpec> = {}) =>
  h.client.create<CronJob>(CRON_JOBS, {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: {
        metadata: { labels: { team: 'a' } },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
        },
      },
      ...spec,
    },
  });

const jobs = async () =>
  (await h.client.list<Job>(JOBS, { namespace: 'default' })).items.map((j) => j.metadata.name).sort();
const cronJob = (name: string) => h.client.get<CronJob>(CRON_JOBS, 'default', name);
const reasons = async () =>
  (await h.client.list(EVENTS, { namespace: 'default' })).items.map((e) => e.reason);

/** Moves the clock to just past the n-th start (0: the first) and lets the controller act. */
async function toStart(n: number) {
  clock.advance(firstStart + n * 60_000 + 200 - clock.now());
  await h.manager.idle();
}

async function finish(name: string, type: 'Complete' | 'Failed') {
  const job = await h.client.get<Job>(JOBS, 'default', name);
  const t = timestamp(new Date(clock.now()));
  await h.client.update(
    JOBS,
    {
      ...job,
      status: {
        startTime: job.status?.startTime ?? t,
        ...(type === 'Complete' ? { completionTime: t } : {}),
        conditions: [{ type, status: 'True', lastTransitionTime: t }],
      },
    },
    'status',
  );
  await h.manager.idle();
}

const minute = (n: number) => Math.floor((firstStart + n * 60_000) / 60_000);

describe('cronjob controller', () => {
  it('starts a Job named by its scheduled minute at each start, and follows it into status', async () => {
    await createCronJob('tick');
    await h.manager.idle();
    expect(await jobs()).toEqual([]);
    await toStart(0);
    expect(await jobs()).toEqual([`tick-${minute(0)}`]);
    const job = await h.client.get<Job>(JOBS, 'default', `tick-${minute(0)}`);
    expect(job.metadata.labels).toEqual({ team: 'a' });
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      rfc3339In(firstStart),
    );
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'CronJob',
      name: 'tick',
      controller: true,
    });
    let cj = await cronJob('tick');
    expect(cj.status?.active?.map((r) => r.name)).toEqual([`tick-${minute(0)}`]);
    expect(cj.status?.lastScheduleTime).toBe(timestamp(new Date(firstStart)));
    await finish(`tick-${minute(0)}`, 'Complete');
    await h.manager.idle();
    cj = await cronJob('tick');
    expect(cj.status?.active ?? []).toEqual([]);
    expect(cj.status?.lastSuccessfulTime).toBeDefined();
    expect(await reasons()).toEqual(expect.arrayContaining(['SuccessfulCreate', 'SawCompletedJob']));
  });

  it('keeps successfulJobsHistoryLimit and failedJobsHistoryLimit, oldest first', async () => {
    await createCronJob('hist', { successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 });
    for (let n = 0; n < 5; n++) {
      await toStart(n);
      await finish(`hist-${minute(n)}`, n === 1 || n === 3 ? 'Failed' : 'Complete');
    }
    expect(await jobs()).toEqual([`hist-${minute(2)}`, `hist-${minute(3)}`, `hist-${minute(4)}`]);
  });

  it('skips a start while one runs under Forbid, and replaces it under Replace', async () => {
    await createCronJob('forbid', { concurrencyPolicy: 'Forbid' });
    await createCronJob('replace', { concurrencyPolicy: 'Replace' });
    await toStart(0);
    await toStart(1);
    expect(await jobs()).toEqual([`forbid-${minute(0)}`, `replace-${minute(1)}`]);
    expect(await reasons()).toContain('JobAlreadyActive');
    expect((await cronJob('replace')).status?.active?.map((r) => r.name)).toEqual([`replace-${minute(1)}`]);
  });

  it('starts nothing while suspended, and only the latest missed start after', async () => {
    await createCronJob('paused', { suspend: true });
    await toStart(3);
    expect(await jobs()).toEqual([]);
    await h.client.patch(CRON_JOBS, 'default', 'paused', { spec: { suspend: false } });
    await h.manager.idle();
    expect(await jobs()).toEqual([`paused-${minute(3)}`]);
  });

  it('skips a start older than startingDeadlineSeconds', async () => {
    await createCronJob('late', { startingDeadlineSeconds: 10, suspend: true });
    await toStart(0);
    clock.advance(30_000);
    await h.client.patch(CRON_JOBS, 'default', 'late', { spec: { suspend: false } });
    await h.manager.idle();
    expect(await jobs()).toEqual([]);
    await toStart(1);
    expect(await jobs()).toEqual([`late-${minute(1)}`]);
  });

  it('reads the schedule in its timeZone', async () => {
    await createCronJob('tokyo', { schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' });
    const nextNine = (() => {
      let t = Math.floor(clock.now() / 3_600_000) * 3_600_000;
      while (new Date(t).getUTCHours() !== 0 || t <= clock.now()) t += 3_600_000;
      return t;
    })();
    clock.advance(nextNine + 200 - clock.now());
    await h.manager.idle();
    const [name] = await jobs();
    expect(name).toBe(`tokyo-${nextNine / 60_000}`);
    const job = await h.client.get<Job>(JOBS, 'default', name);
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toMatch(
      /T09:00:00\+09:00$/,
    );
  });
});
