/** core/v1 policy kinds a namespace holds for its pods: ResourceQuota and LimitRange. */
import { CORE, kind, list, obj, oneOf, quantityMap, ref, str, strs } from '../dsl.js';
import type { Definitions } from '../types.js';

const c = (name: string, description?: string) => ref(CORE + name, description);
const v1 = (k: string) => ({ group: '', version: 'v1', kind: k });
const SCOPES = [
  'BestEffort',
  'CrossNamespacePodAffinity',
  'NotBestEffort',
  'NotTerminating',
  'PriorityClass',
  'Terminating',
];

export const corePolicyDefinitions: Definitions = {
  [`${CORE}ResourceQuota`]: kind(
    'ResourceQuota sets aggregate quota restrictions enforced per namespace',
    v1('ResourceQuota'),
    {
      spec: c('ResourceQuotaSpec', 'Spec defines the desired quota.'),
      status: c('ResourceQuotaStatus', 'Status defines the actual enforced quota and its current usage.'),
    },
  ),
  [`${CORE}ResourceQuotaSpec`]: obj(
    'ResourceQuotaSpec defines the desired hard limits to enforce for Quota.',
    {
      hard: quantityMap('hard is the set of desired hard limits for each named resource.'),
      scopeSelector: c(
        'ScopeSelector',
        'scopeSelector is also a collection of filters like scopes that must match each object tracked by a quota but expressed using ScopeSelectorOperator in combination with possible values.',
      ),
      scopes: list(
        oneOf(SCOPES),
        'A collection of filters that must match each object tracked by a quota. If not specified, the quota matches all objects.',
        { listType: 'atomic' },
      ),
    },
  ),
  [`${CORE}ScopeSelector`]: obj(
    'A scope selector represents the AND of the selectors represented by the scoped-resource selector requirements.',
    {
      matchExpressions: list(
        c('ScopedResourceSelectorRequirement'),
        'A list of scope selector requirements by scope of the resources.',
        { listType: 'atomic' },
      ),
    },
  ),
  [`${CORE}ScopedResourceSelectorRequirement`]: obj(
    'A scoped-resource selector requirement is a selector that contains values, a scope name, and an operator that relates the scope name and values.',
    {
      operator: oneOf(
        ['DoesNotExist', 'Exists', 'In', 'NotIn'],
        "Represents a scope's relationship to a set of values.",
      ),
      scopeName: oneOf(SCOPES, 'The name of the scope that the selector applies to.'),
      values: strs('An array of string values.'),
    },
    ['scopeName', 'operator'],
  ),
  [`${CORE}ResourceQuotaStatus`]: obj(
    'ResourceQuotaStatus defines the enforced hard limits and observed use.',
    {
      hard: quantityMap('Hard is the set of enforced hard limits for each named resource.'),
      used: quantityMap('Used is the current observed total usage of the resource in the namespace.'),
    },
  ),
  [`${CORE}LimitRange`]: kind(
    'LimitRange sets resource usage limits for each kind of resource in a Namespace.',
    v1('LimitRange'),
    {
      spec: c('LimitRangeSpec', 'Spec defines the limits enforced.'),
    },
  ),
  [`${CORE}LimitRangeSpec`]: obj(
    'LimitRangeSpec defines a min/max usage limit for resources that match on kind.',
    {
      limits: list(c('LimitRangeItem'), 'Limits is the list of LimitRangeItem objects that are enforced.', {
        listType: 'atomic',
      }),
    },
    ['limits'],
  ),
  [`${CORE}LimitRangeItem`]: obj(
    'LimitRangeItem defines a min/max usage limit for any resource that matches on kind.',
    {
      default: quantityMap(
        'Default resource requirement limit value by resource name if resource limit is omitted.',
      ),
      defaultRequest: quantityMap(
        'DefaultRequest is the default resource requirement request value by resource name if resource request is omitted.',
      ),
      max: quantityMap('Max usage constraints on this kind by resource name.'),
      maxLimitRequestRatio: quantityMap(
        'MaxLimitRequestRatio if specified, the named resource must have a request and limit that are both non-zero where limit divided by request is less than or equal to the enumerated value; this represents the max burst for the named resource.',
      ),
      min: quantityMap('Min usage constraints on this kind by resource name.'),
      type: str('Type of resource that this limit applies to.'),
    },
    ['type'],
  ),
};
