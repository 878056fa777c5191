import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { PODS } from '../kinds/index.js';
import type { PodSpec } from '../kinds/types.generated.js';

let h: ControllerHarness;

beforeEach(async () => {
  h = await startControllers([], { prefix: 'minik8s-toleration-seconds-' });
});

afterEach(() => h.stop());

const tolerationsOf = async (name: string, tolerations: PodSpec['tolerations']) =>
  (
    (
      await h.svc.create(PODS, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { containers: [{ name: 'c', image: 'busybox' }], tolerations },
      })
    ).spec as PodSpec
  ).tolerations;

const defaults = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

describe('DefaultTolerationSeconds', () => {
  it('gives a pod that tolerates every NoSchedule taint the five minutes on a lost node all pods get', async () => {
    const noSchedule = { operator: 'Exists', effect: 'NoSchedule' };
    expect(await tolerationsOf('no-schedule', [noSchedule])).toEqual([noSchedule, ...defaults]);
  });

  it('adds nothing to a pod that already tolerates every taint, or every NoExecute one', async () => {
    expect(await tolerationsOf('all', [{ operator: 'Exists' }])).toEqual([{ operator: 'Exists' }]);
    const noExecute = [{ operator: 'Exists', effect: 'NoExecute' }];
    expect(await tolerationsOf('no-execute', noExecute)).toEqual(noExecute);
  });

  it('adds them on an update too, so a manifest applied again with tolerations of its own is no change', async () => {
    const own = { key: 'k', operator: 'Exists' };
    expect(await tolerationsOf('own', [own])).toEqual([own, ...defaults]);
    const patched = (await h.svc.patch(PODS, 'default', 'own', 'application/merge-patch+json', {
      spec: { tolerations: [own] },
    })) as { spec: PodSpec };
    expect(patched.spec.tolerations).toEqual([own, ...defaults]);
  });
});
