/** The schemas of the built-in kinds and of everything they reach, keyed by Kubernetes definition name. */
import { apiextensionsDefinitions } from './defs/apiextensions.js';
import { appsDefinitions } from './defs/apps.js';
import { autoscalingDefinitions } from './defs/autoscaling.js';
import { batchDefinitions } from './defs/batch.js';
import { coreDefinitions } from './defs/core.js';
import { containerDefinitions } from './defs/core-container.js';
import { podDefinitions } from './defs/core-pod.js';
import { corePolicyDefinitions } from './defs/core-policy.js';
import { volumeDefinitions } from './defs/core-volume.js';
import { eventsDefinitions } from './defs/events.js';
import { metaDefinitions } from './defs/meta.js';
import { metricsDefinitions } from './defs/metrics.js';
import { miscDefinitions } from './defs/misc.js';
import { networkPolicyDefinitions } from './defs/network-policy.js';
import { policyDefinitions } from './defs/policy.js';
import { rbacDefinitions } from './defs/rbac.js';
import { schedulingDefinitions } from './defs/scheduling.js';
import type { Definitions } from './types.js';

/** 'io.k8s.api.<group's first label or core>.<version>.<Kind>', as Kubernetes names its types. */
export function definitionName(group: string, version: string, kind: string): string {
  return `io.k8s.api.${group ? group.split('.')[0] : 'core'}.${version}.${kind}`;
}

/** Without the `<Kind>List` definitions, which are made for whatever kinds are served. */
export const builtinDefinitions: Definitions = {
  ...metaDefinitions,
  ...containerDefinitions,
  ...podDefinitions,
  ...volumeDefinitions,
  ...coreDefinitions,
  ...corePolicyDefinitions,
  ...appsDefinitions,
  ...batchDefinitions,
  ...autoscalingDefinitions,
  ...miscDefinitions,
  ...networkPolicyDefinitions,
  ...policyDefinitions,
  ...schedulingDefinitions,
  ...rbacDefinitions,
  ...eventsDefinitions,
  ...apiextensionsDefinitions,
  ...metricsDefinitions,
};
