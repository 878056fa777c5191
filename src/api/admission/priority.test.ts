import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { failure } from '../../../test/helpers/failure.js';
import { PODS, PRIORITY_CLASSES, type PriorityClass } from '../kinds/index.js';
import type { PodSpec } from '../kinds/types.generated.js';
import type { ResourceService } from '../service.js';

let h: ControllerHarness;
let svc: ResourceService;

beforeEach(async () => {
  h = await startControllers([], { prefix: 'minik8s-priority-' });
  svc = h.svc;
});

afterEach(() => h.stop());

const priorityClass = (name: string, value: number, extra: Record<string, unknown> = {}) =>
  svc.create(PRIORITY_CLASSES, undefined, {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    ...extra,
  }) as Promise<PriorityClass>;

const pod = async (name: string, spec: Record<string, unknown> = {}) =>
  (
    await svc.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
    })
  ).spec as PodSpec;

describe('PriorityClass', () => {
  it('has the two system classes from the start, which cannot be deleted', async () => {
    const names = (await svc.list(PRIORITY_CLASSES, {})).items.map((pc) => [
      pc.metadata.name,
      (pc as PriorityClass).value,
    ]);
    expect(names).toEqual([
      ['system-cluster-critical', 2000000000],
      ['system-node-critical', 2000001000],
    ]);
    const err = await failure(svc.delete(PRIORITY_CLASSES, undefined, 'system-node-critical'));
    expect([err.code, err.message]).toEqual([
      403,
      'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
    ]);
  });

  it('defaults preemptionPolicy and keeps value and preemptionPolicy as they were made', async () => {
    const pc = await priorityClass('high', 1000);
    expect(pc.preemptionPolicy).toBe('PreemptLowerPriority');
    const err = await failure(svc.update(PRIORITY_CLASSES, undefined, 'high', { ...pc, value: 2000 }));
    expect(err.code).toBe(422);
    expect(err.message).toContain('value: Forbidden: may not be changed in an update.');
  });

  it.each([
    [
      'a user class above 1000000000',
      'huge',
      1_000_000_001,
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ],
    [
      'a system- name that is not a system class',
      'system-mine',
      10,
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    ],
  ])('refuses %s', async (_what, name, value, message) => {
    const err = await failure(priorityClass(name, value));
    expect(err.code).toBe(422);
    expect(err.message).toContain(message);
  });

  it('lets only one class be the global default', async () => {
    await priorityClass('normal', 100, { globalDefault: true });
    const err = await failure(priorityClass('other', 50, { globalDefault: true }));
    expect([err.code, err.message]).toEqual([
      403,
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass normal is already marked as default. Only one default can exist',
    ]);
  });
});

describe('the Priority admission plugin', () => {
  it('gives a pod its class value and preemption policy', async () => {
    await priorityClass('batch', 500, { preemptionPolicy: 'Never' });
    expect(await pod('a', { priorityClassName: 'batch' })).toMatchObject({
      priority: 500,
      preemptionPolicy: 'Never',
    });
    expect(await pod('b', { priorityClassName: 'system-node-critical' })).toMatchObject({
      priority: 2000001000,
    });
  });

  it('gives a pod without class the global default, else priority 0', async () => {
    expect(await pod('plain')).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' });
    await priorityClass('normal', 100, { globalDefault: true });
    expect(await pod('defaulted')).toMatchObject({ priorityClassName: 'normal', priority: 100 });
  });

  it('refuses an unknown class and a priority the class contradicts', async () => {
    const missing = await failure(pod('a', { priorityClassName: 'nope' }));
    expect([missing.code, missing.message]).toEqual([
      403,
      'pods "a" is forbidden: no PriorityClass with name nope was found',
    ]);
    await priorityClass('high', 1000);
    const contradicted = await failure(pod('b', { priorityClassName: 'high', priority: 7 }));
    expect(contradicted.message).toBe(
      'pods "b" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    );
  });
});
