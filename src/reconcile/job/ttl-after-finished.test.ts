import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { JOBS, type Job } from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import { garbageCollector } from '../garbage-collector.js';
import { ttlAfterFinishedController } from './ttl-after-finished.js';

let h: ControllerHarness;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(Date.parse('2026-03-01T10:00:00Z'));
  h = await startControllers([ttlAfterFinishedController, garbageCollector], {
    clock,
    settings: { resyncMs: 0 },
  });
});
afterEach(() => h.stop());

async function finishedJob(name: string, ttl: number | undefined, type = 'Complete') {
  const job = await h.client.create<Job>(JOBS, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      ttlSecondsAfterFinished: ttl,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
    },
  });
  const t = timestamp(new Date(clock.now()));
  await h.client.update(
    JOBS,
    { ...job, status: { conditions: [{ type, status: 'True', lastTransitionTime: t }] } },
    'status',
  );
}

const names = async () =>
  (await h.client.list(JOBS, { namespace: 'default' })).items.map((j) => j.metadata.name);

// The garbage collector finishes the foreground deletion the controller asks for.
it('deletes a finished Job its TTL after it finished, and keeps Jobs without one', async () => {
  await finishedJob('done', 60);
  await finishedJob('failed', 120, 'Failed');
  await finishedJob('kept', undefined);
  await h.manager.idle();
  clock.advance(59_000);
  await h.manager.idle();
  expect(await names()).toEqual(['done', 'failed', 'kept']);
  clock.advance(1_000);
  await h.manager.idle();
  expect(await names()).toEqual(['failed', 'kept']);
  clock.advance(60_000);
  await h.manager.idle();
  expect(await names()).toEqual(['kept']);
});
