/** policy/v1: PodDisruptionBudget (Eviction, which pods/eviction takes, is with the pod's definitions). */
import {
  int32,
  int64,
  intOrString,
  kind,
  labelSelector,
  list,
  META,
  obj,
  oneOf,
  POLICY,
  ref,
  time,
} from '../dsl.js';
import type { Definitions } from '../types.js';

const p = (name: string, description?: string) => ref(POLICY + name, description);

export const policyDefinitions: Definitions = {
  [`${POLICY}PodDisruptionBudget`]: kind(
    'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods',
    { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' },
    {
      spec: p('PodDisruptionBudgetSpec', 'Specification of the desired behavior of the PodDisruptionBudget.'),
      status: p('PodDisruptionBudgetStatus', 'Most recently observed status of the PodDisruptionBudget.'),
    },
  ),
  [`${POLICY}PodDisruptionBudgetSpec`]: obj(
    'PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.',
    {
      maxUnavailable: intOrString(
        'An eviction is allowed if at most "maxUnavailable" pods selected by "selector" are unavailable after the eviction, i.e. even in absence of the evicted pod. Mutually exclusive with "minAvailable".',
      ),
      minAvailable: intOrString(
        'An eviction is allowed if at least "minAvailable" pods selected by "selector" will still be available after the eviction, i.e. even in the absence of the evicted pod. Mutually exclusive with "maxUnavailable".',
      ),
      selector: labelSelector(
        'Label query over pods whose evictions are managed by the disruption budget. A null selector will match no pods, while an empty ({}) selector will select all pods within the namespace.',
      ),
      unhealthyPodEvictionPolicy: oneOf(
        ['AlwaysAllow', 'IfHealthyBudget'],
        'UnhealthyPodEvictionPolicy defines the criteria for when unhealthy pods should be considered for eviction. Valid policies are IfHealthyBudget and AlwaysAllow.',
      ),
    },
  ),
  [`${POLICY}PodDisruptionBudgetStatus`]: obj(
    'PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget. Status may trail the actual state of a system.',
    {
      conditions: list(
        ref(`${META}Condition`),
        'Conditions contain conditions for PDB. The disruption controller sets the DisruptionAllowed condition.',
        { mergeKey: 'type', strategy: 'merge', listType: 'map', mapKeys: ['type'] },
      ),
      currentHealthy: int32('current number of healthy pods'),
      desiredHealthy: int32('minimum desired number of healthy pods'),
      disruptedPods: {
        description:
          'DisruptedPods contains information about pods whose eviction was processed by the API server eviction subresource handler but has not yet been observed by the PodDisruptionBudget controller.',
        type: 'object',
        additionalProperties: time(),
      },
      disruptionsAllowed: int32('Number of pod disruptions that are currently allowed.'),
      expectedPods: int32('total number of pods counted by this disruption budget'),
      observedGeneration: int64(
        "Most recent generation observed when updating this PDB status. DisruptionsAllowed and other status information is valid only if observedGeneration equals to PDB's object generation.",
      ),
    },
    ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'],
  ),
};
