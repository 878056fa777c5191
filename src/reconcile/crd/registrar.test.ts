import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crontabCrd } from '../../../test/fixtures/crontab.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { CUSTOM_RESOURCE_DEFINITIONS as CRDS, kinds } from '../../api/kinds/index.js';
import type { ResourceService } from '../../api/service.js';
import type { Clock } from '../../client/clock.js';
import { LocalClient } from '../../client/local-client.js';
import { crdController } from './crd-controller.js';
import { CrdRegistrar } from './registrar.js';

const CRONTABS = 'crontabs.stable.example.com';

/** The API service with lists that fail or wait when told to, and watches the test can break. */
function faultyService(svc: ResourceService) {
  const watches: { stopped: boolean; fail(err: Error): void }[] = [];
  const state = {
    lists: 0,
    failLists: 0,
    /** While set, lists wait for it. */
    hold: undefined as Promise<void> | undefined,
    watches,
    open: () => watches.filter((w) => !w.stopped).length,
  };
  const faulty = {
    list: async (...args: Parameters<ResourceService['list']>) => {
      state.lists++;
      await state.hold;
      if (state.failLists > 0) {
        state.failLists--;
        throw new Error('database is locked');
      }
      return svc.list(...args);
    },
    watch: async (...[def, opts, listener, onClose]: Parameters<ResourceService['watch']>) => {
      const inner = await svc.watch(def, opts, listener, onClose);
      const w = {
        stopped: false,
        fail: (err: Error) => {
          w.stopped = true;
          inner.stop();
          onClose?.(err);
        },
      };
      watches.push(w);
      return {
        ...inner,
        stop: () => {
          w.stopped = true;
          inner.stop();
        },
      };
    },
  };
  return { svc: faulty as unknown as ResourceService, state };
}

const registrar = (svc: ResourceService, clock?: Clock) =>
  new CrdRegistrar(new LocalClient(svc), { clock, log: () => {} });

/** Lets every promise that can settle settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

let h: ControllerHarness;
let running: CrdRegistrar[];

beforeEach(async () => {
  h = await startControllers([crdController], { prefix: 'minik8s-registrar-' });
  running = [];
});

afterEach(async () => {
  for (const r of running) await r.stop();
  await h.stop();
});

async function start(svc: ResourceService, clock?: Clock): Promise<CrdRegistrar> {
  const r = registrar(svc, clock);
  running.push(r);
  await r.start();
  return r;
}

describe('CRD registrar', () => {
  it('serves every stored CRD by the time it has started', async () => {
    const first = await start(h.svc);
    await h.client.create(CRDS, crontabCrd());
    await h.manager.idle();
    await first.stop();
    expect(kinds.find(CRONTABS)).toBeUndefined();

    await start(h.svc);
    expect(kinds.find(CRONTABS)?.kind).toBe('CronTab');
  });

  it('lists again with back-off after its watch fails, and goes on when a list fails too', async () => {
    const clock = new ManualClock();
    const { svc, state } = faultyService(h.svc);
    await start(svc, clock);
    expect(state.lists).toBe(1);

    state.failLists = 1;
    state.watches[0].fail(new Error('connection reset'));
    await settle();
    expect(state.lists).toBe(1);
    clock.advance(500);
    await settle();
    expect(state.lists).toBe(2);
    clock.advance(999);
    await settle();
    expect(state.lists).toBe(2);
    clock.advance(1);
    await settle();
    expect(state.lists).toBe(3);
    expect(state.open()).toBe(1);

    await h.client.create(CRDS, crontabCrd());
    await h.manager.idle();
    expect(kinds.find(CRONTABS)?.kind).toBe('CronTab');
  });

  it('stopped while it starts, leaves no watch open and no kind served', async () => {
    await h.client.create(CRDS, crontabCrd());
    await h.manager.idle();
    const { svc, state } = faultyService(h.svc);
    let release = () => {};
    state.hold = new Promise((resolve) => (release = resolve));
    const r = registrar(svc);
    const starting = r.start();
    await settle();
    const stopping = r.stop();
    release();
    await starting;
    await stopping;
    await settle();
    expect(state.open()).toBe(0);
    expect(kinds.find(CRONTABS)).toBeUndefined();
  });
});
