import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { EVENTS } from '../api/kinds/index.js';
import { timestamp } from '../api/time.js';
import { eventTtlController } from './event-ttl.js';

let h: ControllerHarness;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(Date.now());
  h = await startControllers([eventTtlController], { clock, settings: { eventTtlMs: 3_600_000 } });
});

afterEach(() => h.stop());

const event = (name: string, last: number) =>
  h.client.create(EVENTS, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
    reason: 'Started',
    message: 'Started container',
    lastTimestamp: timestamp(new Date(last)),
  });

const names = async () =>
  (await h.client.list(EVENTS, { namespace: 'default' })).items.map((e) => e.metadata.name);

it('deletes an event an hour after it last happened, and not before', async () => {
  await event('old', clock.now() - 50 * 60_000);
  await event('new', clock.now());
  await h.manager.idle();
  expect(await names()).toEqual(['new', 'old']);
  clock.advance(11 * 60_000);
  await h.manager.idle();
  expect(await names()).toEqual(['new']);
  clock.advance(50 * 60_000);
  await h.manager.idle();
  expect(await names()).toEqual([]);
});
