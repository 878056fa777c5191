import { AdmissionChain } from './chain.js';
import { defaultTolerationSeconds } from './default-toleration-seconds.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { serviceAllocation } from './service-allocation.js';

export type { AdmissionOperation, AdmissionPlugin, AdmissionRequest } from './chain.js';
export { AdmissionChain } from './chain.js';

/** The plugins minik8s runs, in Kubernetes' order. */
export function defaultAdmission(): AdmissionChain {
  return new AdmissionChain([namespaceLifecycle, defaultTolerationSeconds, serviceAllocation]);
}
