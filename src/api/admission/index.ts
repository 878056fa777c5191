import { ServiceRange } from '../service-range.js';
import { AdmissionChain } from './chain.js';
import { defaultIngressClass } from './default-ingress-class.js';
import {
  DEFAULT_TOLERATION_SECONDS,
  defaultTolerationSeconds,
  type TolerationSettings,
} from './default-toleration-seconds.js';
import { limitRanger } from './limit-ranger.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';
import { nodeRestriction } from './node-restriction.js';
import { podSecurity } from './pod-security/index.js';
import { priority } from './priority.js';
import { resourceQuota } from './resource-quota.js';
import { serviceAccount } from './service-account.js';
import { serviceAllocation } from './service-allocation.js';

export type { AdmissionOperation, AdmissionPlugin, AdmissionRequest } from './chain.js';
export { AdmissionChain } from './chain.js';
export type { TolerationSettings } from './default-toleration-seconds.js';

export interface AdmissionSettings {
  tolerations?: Partial<TolerationSettings>;
  /**
   * The ServiceAccount plugin: pods need their ServiceAccount to exist and get its token
   * mounted. A cluster runs it (its controllers make every namespace's `default` account);
   * stores without those controllers, as in tests of other parts, leave it out.
   */
  serviceAccounts?: boolean;
}

/** What admission takes from the cluster itself rather than its settings. */
export interface AdmissionCluster {
  /** Where Service cluster IPs come from. */
  serviceRange?: ServiceRange;
}

/** The plugins minik8s runs, in Kubernetes' order. */
export function defaultAdmission(
  settings: AdmissionSettings = {},
  cluster: AdmissionCluster = {},
): AdmissionChain {
  const tolerations = { ...DEFAULT_TOLERATION_SECONDS, ...settings.tolerations };
  return new AdmissionChain([
    namespaceLifecycle,
    limitRanger,
    ...(settings.serviceAccounts ? [serviceAccount] : []),
    nodeRestriction,
    priority,
    defaultTolerationSeconds(tolerations),
    defaultIngressClass,
    serviceAllocation(cluster.serviceRange ?? new ServiceRange()),
    podSecurity,
    resourceQuota,
  ]);
}
