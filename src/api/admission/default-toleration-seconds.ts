import { PODS } from '../kinds/index.js';
import type { PodSpec } from '../kinds/types.generated.js';
import type { AdmissionPlugin } from './chain.js';

const TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];
const SECONDS = 300;

/**
 * DefaultTolerationSeconds: a new pod tolerates a not-ready or unreachable node for five minutes,
 * unless it says otherwise, before it is evicted.
 */
export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(req) {
    if (req.operation !== 'CREATE' || req.def !== PODS || req.subresource) return;
    const spec = (req.object.spec ??= {}) as PodSpec;
    const tolerations = (spec.tolerations ??= []);
    for (const key of TAINTS) {
      if (!tolerations.some((t) => t.key === key || (t.operator === 'Exists' && !t.key)))
        tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: SECONDS });
    }
  },
};
