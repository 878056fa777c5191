import { PODS } from '../kinds/index.js';
import type { PodSpec } from '../kinds/types.generated.js';
import type { AdmissionPlugin } from './chain.js';

/** kube-apiserver's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
export interface TolerationSettings {
  notReadySeconds: number;
  unreachableSeconds: number;
}

export const DEFAULT_TOLERATION_SECONDS: TolerationSettings = {
  notReadySeconds: 300,
  unreachableSeconds: 300,
};

/**
 * DefaultTolerationSeconds: a pod tolerates a not-ready or unreachable node for a while (five
 * minutes by default), unless it says otherwise, before it is evicted. On updates too, as
 * Kubernetes' plugin: a re-applied manifest with tolerations of its own replaces the list, and
 * would otherwise drop the two, which a pod update may not.
 */
export function defaultTolerationSeconds(settings = DEFAULT_TOLERATION_SECONDS): AdmissionPlugin {
  const taints: [string, number][] = [
    ['node.kubernetes.io/not-ready', settings.notReadySeconds],
    ['node.kubernetes.io/unreachable', settings.unreachableSeconds],
  ];
  return {
    name: 'DefaultTolerationSeconds',
    admit(req) {
      if ((req.operation !== 'CREATE' && req.operation !== 'UPDATE') || req.def !== PODS || req.subresource)
        return;
      const spec = (req.object.spec ??= {}) as PodSpec;
      const tolerations = (spec.tolerations ??= []);
      for (const [key, tolerationSeconds] of taints) {
        // As Kubernetes checks it: only a toleration of NoExecute (or of every effect) counts.
        const tolerated = tolerations.some(
          (t) => (t.key === key || !t.key) && (!t.effect || t.effect === 'NoExecute'),
        );
        if (!tolerated) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds });
      }
    },
  };
}
