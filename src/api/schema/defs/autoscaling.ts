/** autoscaling/v2 and autoscaling/v1: HorizontalPodAutoscaler, and the v1 Scale subresource. */
import {
  AUTOSCALING_V1,
  AUTOSCALING_V2,
  int32,
  int64,
  kind,
  labelSelector,
  list,
  mergeList,
  obj,
  oneOf,
  quantity,
  ref,
  str,
  time,
} from '../dsl.js';
import type { Definitions } from '../types.js';

const v2 = (name: string, description?: string) => ref(AUTOSCALING_V2 + name, description);
const v1 = (name: string, description?: string) => ref(AUTOSCALING_V1 + name, description);

const crossVersionObjectReference = obj(
  'CrossVersionObjectReference contains enough information to let you identify the referred resource.',
  {
    apiVersion: str('apiVersion is the API version of the referent'),
    kind: str(
      'kind is the kind of the referent; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
    ),
    name: str(
      'name is the name of the referent; More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names',
    ),
  },
  ['kind', 'name'],
);

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];

export const autoscalingDefinitions: Definitions = {
  [`${AUTOSCALING_V2}HorizontalPodAutoscaler`]: kind(
    'HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.',
    { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' },
    {
      spec: v2(
        'HorizontalPodAutoscalerSpec',
        'spec is the specification for the behaviour of the autoscaler.',
      ),
      status: v2('HorizontalPodAutoscalerStatus', 'status is the current information about the autoscaler.'),
    },
  ),
  [`${AUTOSCALING_V2}HorizontalPodAutoscalerSpec`]: obj(
    'HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.',
    {
      behavior: v2(
        'HorizontalPodAutoscalerBehavior',
        'behavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).',
      ),
      maxReplicas: int32(
        'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.',
      ),
      metrics: list(
        v2('MetricSpec'),
        'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used). If not set, the default metric will be set to 80% average CPU utilization.',
        { listType: 'atomic' },
      ),
      minReplicas: int32(
        'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down. It defaults to 1 pod.',
      ),
      scaleTargetRef: v2(
        'CrossVersionObjectReference',
        'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.',
      ),
    },
    ['scaleTargetRef', 'maxReplicas'],
  ),
  [`${AUTOSCALING_V2}CrossVersionObjectReference`]: crossVersionObjectReference,
  [`${AUTOSCALING_V2}MetricSpec`]: obj(
    'MetricSpec specifies how to scale based on a single metric (only `type` and one other matching field should be set at once).',
    {
      containerResource: v2(
        'ContainerResourceMetricSource',
        'containerResource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing a single container in each pod of the current scale target (e.g. CPU or memory).',
      ),
      external: v2(
        'ExternalMetricSource',
        'external refers to a global metric that is not associated with any Kubernetes object.',
      ),
      object: v2(
        'ObjectMetricSource',
        'object refers to a metric describing a single kubernetes object (for example, hits-per-second on an Ingress object).',
      ),
      pods: v2(
        'PodsMetricSource',
        'pods refers to a metric describing each pod in the current scale target (for example, transactions-processed-per-second).',
      ),
      resource: v2(
        'ResourceMetricSource',
        'resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target (e.g. CPU or memory).',
      ),
      type: oneOf(
        METRIC_TYPES,
        'type is the type of metric source. It should be one of "ContainerResource", "External", "Object", "Pods" or "Resource", each mapping to a matching field in the object.',
      ),
    },
    ['type'],
  ),
  [`${AUTOSCALING_V2}MetricTarget`]: obj(
    'MetricTarget defines the target value, average value, or average utilization of a specific metric',
    {
      averageUtilization: int32(
        'averageUtilization is the target value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods.',
      ),
      averageValue: quantity(
        'averageValue is the target value of the average of the metric across all relevant pods (as a quantity)',
      ),
      type: oneOf(
        ['AverageValue', 'Utilization', 'Value'],
        'type represents whether the metric type is Utilization, Value, or AverageValue',
      ),
      value: quantity('value is the target value of the metric (as a quantity).'),
    },
    ['type'],
  ),
  [`${AUTOSCALING_V2}MetricIdentifier`]: obj(
    'MetricIdentifier defines the name and optionally selector for a metric',
    {
      name: str('name is the name of the given metric'),
      selector: labelSelector(
        'selector is the string-encoded form of a standard kubernetes label selector for the given metric.',
      ),
    },
    ['name'],
  ),
  [`${AUTOSCALING_V2}ResourceMetricSource`]: obj(
    'ResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).',
    {
      name: str('name is the name of the resource in question.'),
      target: v2('MetricTarget', 'target specifies the target value for the given metric'),
    },
    ['name', 'target'],
  ),
  [`${AUTOSCALING_V2}ContainerResourceMetricSource`]: obj(
    'ContainerResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).',
    {
      container: str('container is the name of the container in the pods of the scaling target'),
      name: str('name is the name of the resource in question.'),
      target: v2('MetricTarget', 'target specifies the target value for the given metric'),
    },
    ['name', 'target', 'container'],
  ),
  [`${AUTOSCALING_V2}PodsMetricSource`]: obj(
    'PodsMetricSource indicates how to scale on a metric describing each pod in the current scale target (for example, transactions-processed-per-second).',
    {
      metric: v2('MetricIdentifier', 'metric identifies the target metric by name and selector'),
      target: v2('MetricTarget', 'target specifies the target value for the given metric'),
    },
    ['metric', 'target'],
  ),
  [`${AUTOSCALING_V2}ObjectMetricSource`]: obj(
    'ObjectMetricSource indicates how to scale on a metric describing a kubernetes object (for example, hits-per-second on an Ingress object).',
    {
      describedObject: v2(
        'CrossVersionObjectReference',
        'describedObject specifies the descriptions of a object,such as kind,name apiVersion',
      ),
      metric: v2('MetricIdentifier', 'metric identifies the target metric by name and selector'),
      target: v2('MetricTarget', 'target specifies the target value for the given metric'),
    },
    ['describedObject', 'target', 'metric'],
  ),
  [`${AUTOSCALING_V2}ExternalMetricSource`]: obj(
    'ExternalMetricSource indicates how to scale on a metric not associated with any Kubernetes object.',
    {
      metric: v2('MetricIdentifier', 'metric identifies the target metric by name and selector'),
      target: v2('MetricTarget', 'target specifies the target value for the given metric'),
    },
    ['metric', 'target'],
  ),
  [`${AUTOSCALING_V2}HorizontalPodAutoscalerBehavior`]: obj(
    'HorizontalPodAutoscalerBehavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).',
    {
      scaleDown: v2(
        'HPAScalingRules',
        'scaleDown is scaling policy for scaling Down. If not set, the default value is to allow to scale down to minReplicas pods, with a 300 second stabilization window.',
      ),
      scaleUp: v2(
        'HPAScalingRules',
        'scaleUp is scaling policy for scaling Up. If not set, the default value is the higher of: increase no more than 4 pods per 60 seconds, or double the number of pods per 60 seconds. No stabilization is used.',
      ),
    },
  ),
  [`${AUTOSCALING_V2}HPAScalingRules`]: obj(
    'HPAScalingRules configures the scaling behavior for one direction.',
    {
      policies: list(
        v2('HPAScalingPolicy'),
        'policies is a list of potential scaling polices which can be used during scaling.',
        { listType: 'atomic' },
      ),
      selectPolicy: oneOf(
        ['Disabled', 'Max', 'Min'],
        'selectPolicy is used to specify which policy should be used. If not set, the default value Max is used.',
      ),
      stabilizationWindowSeconds: int32(
        'stabilizationWindowSeconds is the number of seconds for which past recommendations should be considered while scaling up or scaling down.',
      ),
    },
  ),
  [`${AUTOSCALING_V2}HPAScalingPolicy`]: obj(
    'HPAScalingPolicy is a single policy which must hold true for a specified past interval.',
    {
      periodSeconds: int32(
        'periodSeconds specifies the window of time for which the policy should hold true. PeriodSeconds must be greater than zero and less than or equal to 1800 (30 min).',
      ),
      type: oneOf(['Percent', 'Pods'], 'type is used to specify the scaling policy.'),
      value: int32(
        'value contains the amount of change which is permitted by the policy. It must be greater than zero',
      ),
    },
    ['type', 'value', 'periodSeconds'],
  ),
  [`${AUTOSCALING_V2}HorizontalPodAutoscalerStatus`]: obj(
    'HorizontalPodAutoscalerStatus describes the current status of a horizontal pod autoscaler.',
    {
      conditions: mergeList(
        v2('HorizontalPodAutoscalerCondition'),
        'type',
        'conditions is the set of conditions required for this autoscaler to scale its target, and indicates whether or not those conditions are met.',
      ),
      currentMetrics: list(
        v2('MetricStatus'),
        'currentMetrics is the last read state of the metrics used by this autoscaler.',
        { listType: 'atomic' },
      ),
      currentReplicas: int32(
        'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.',
      ),
      desiredReplicas: int32(
        'desiredReplicas is the desired number of replicas of pods managed by this autoscaler, as last calculated by the autoscaler.',
      ),
      lastScaleTime: time(
        'lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods, used by the autoscaler to control how often the number of pods is changed.',
      ),
      observedGeneration: int64(
        'observedGeneration is the most recent generation observed by this autoscaler.',
      ),
    },
    ['desiredReplicas'],
  ),
  [`${AUTOSCALING_V2}HorizontalPodAutoscalerCondition`]: obj(
    'HorizontalPodAutoscalerCondition describes the state of a HorizontalPodAutoscaler at a certain point.',
    {
      lastTransitionTime: time(
        'lastTransitionTime is the last time the condition transitioned from one status to another',
      ),
      message: str('message is a human-readable explanation containing details about the transition'),
      reason: str("reason is the reason for the condition's last transition."),
      status: str('status is the status of the condition (True, False, Unknown)'),
      type: str('type describes the current condition'),
    },
    ['type', 'status'],
  ),
  [`${AUTOSCALING_V2}MetricStatus`]: obj(
    'MetricStatus describes the last-read state of a single metric.',
    {
      containerResource: v2(
        'ContainerResourceMetricStatus',
        'container resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing a single container in each pod in the current scale target (e.g. CPU or memory).',
      ),
      external: v2(
        'ExternalMetricStatus',
        'external refers to a global metric that is not associated with any Kubernetes object.',
      ),
      object: v2(
        'ObjectMetricStatus',
        'object refers to a metric describing a single kubernetes object (for example, hits-per-second on an Ingress object).',
      ),
      pods: v2(
        'PodsMetricStatus',
        'pods refers to a metric describing each pod in the current scale target (for example, transactions-processed-per-second).',
      ),
      resource: v2(
        'ResourceMetricStatus',
        'resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target (e.g. CPU or memory).',
      ),
      type: oneOf(
        METRIC_TYPES,
        'type is the type of metric source. It will be one of "ContainerResource", "External", "Object", "Pods" or "Resource", each corresponds to a matching field in the object.',
      ),
    },
    ['type'],
  ),
  [`${AUTOSCALING_V2}MetricValueStatus`]: obj('MetricValueStatus holds the current value for a metric', {
    averageUtilization: int32(
      'currentAverageUtilization is the current value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods.',
    ),
    averageValue: quantity(
      'averageValue is the current value of the average of the metric across all relevant pods (as a quantity)',
    ),
    value: quantity('value is the current value of the metric (as a quantity).'),
  }),
  [`${AUTOSCALING_V2}ResourceMetricStatus`]: obj(
    'ResourceMetricStatus indicates the current value of a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).',
    {
      current: v2('MetricValueStatus', 'current contains the current value for the given metric'),
      name: str('name is the name of the resource in question.'),
    },
    ['name', 'current'],
  ),
  [`${AUTOSCALING_V2}ContainerResourceMetricStatus`]: obj(
    'ContainerResourceMetricStatus indicates the current value of a resource metric known to Kubernetes, as specified in requests and limits, describing a single container in each pod in the current scale target (e.g. CPU or memory).',
    {
      container: str('container is the name of the container in the pods of the scaling target'),
      current: v2('MetricValueStatus', 'current contains the current value for the given metric'),
      name: str('name is the name of the resource in question.'),
    },
    ['name', 'current', 'container'],
  ),
  [`${AUTOSCALING_V2}PodsMetricStatus`]: obj(
    'PodsMetricStatus indicates the current value of a metric describing each pod in the current scale target (for example, transactions-processed-per-second).',
    {
      current: v2('MetricValueStatus', 'current contains the current value for the given metric'),
      metric: v2('MetricIdentifier', 'metric identifies the target metric by name and selector'),
    },
    ['metric', 'current'],
  ),
  [`${AUTOSCALING_V2}ObjectMetricStatus`]: obj(
    'ObjectMetricStatus indicates the current value of a metric describing a kubernetes object (for example, hits-per-second on an Ingress object).',
    {
      current: v2('MetricValueStatus', 'current contains the current value for the given metric'),
      describedObject: v2(
        'CrossVersionObjectReference',
        'DescribedObject specifies the descriptions of a object,such as kind,name apiVersion',
      ),
      metric: v2('MetricIdentifier', 'metric identifies the target metric by name and selector'),
    },
    ['metric', 'current', 'describedObject'],
  ),
  [`${AUTOSCALING_V2}ExternalMetricStatus`]: obj(
    'ExternalMetricStatus indicates the current value of a global metric not associated with any Kubernetes object.',
    {
      current: v2('MetricValueStatus', 'current contains the current value for the given metric'),
      metric: v2('MetricIdentifier', 'metric identifies the target metric by name and selector'),
    },
    ['metric', 'current'],
  ),

  [`${AUTOSCALING_V1}HorizontalPodAutoscaler`]: kind(
    'configuration of a horizontal pod autoscaler.',
    { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' },
    {
      spec: v1('HorizontalPodAutoscalerSpec', 'spec defines the behaviour of autoscaler.'),
      status: v1('HorizontalPodAutoscalerStatus', 'status is the current information about the autoscaler.'),
    },
  ),
  [`${AUTOSCALING_V1}HorizontalPodAutoscalerSpec`]: obj(
    'specification of a horizontal pod autoscaler.',
    {
      maxReplicas: int32(
        'maxReplicas is the upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
      ),
      minReplicas: int32(
        'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down. It defaults to 1 pod.',
      ),
      scaleTargetRef: v1(
        'CrossVersionObjectReference',
        'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.',
      ),
      targetCPUUtilizationPercentage: int32(
        'targetCPUUtilizationPercentage is the target average CPU utilization (represented as a percentage of requested CPU) over all the pods; if not specified the default autoscaling policy will be used.',
      ),
    },
    ['scaleTargetRef', 'maxReplicas'],
  ),
  [`${AUTOSCALING_V1}CrossVersionObjectReference`]: {
    ...crossVersionObjectReference,
    'x-kubernetes-map-type': 'atomic',
  },
  [`${AUTOSCALING_V1}HorizontalPodAutoscalerStatus`]: obj(
    'current status of a horizontal pod autoscaler',
    {
      currentCPUUtilizationPercentage: int32(
        'currentCPUUtilizationPercentage is the current average CPU utilization over all pods, represented as a percentage of requested CPU, e.g. 70 means that an average pod is using now 70% of its requested CPU.',
      ),
      currentReplicas: int32(
        'currentReplicas is the current number of replicas of pods managed by this autoscaler.',
      ),
      desiredReplicas: int32(
        'desiredReplicas is the  desired number of replicas of pods managed by this autoscaler.',
      ),
      lastScaleTime: time(
        'lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods; used by the autoscaler to control how often the number of pods is changed.',
      ),
      observedGeneration: int64(
        'observedGeneration is the most recent generation observed by this autoscaler.',
      ),
    },
    ['currentReplicas', 'desiredReplicas'],
  ),
  [`${AUTOSCALING_V1}Scale`]: kind(
    'Scale represents a scaling request for a resource.',
    { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    {
      spec: v1('ScaleSpec', 'spec defines the behavior of the scale.'),
      status: v1('ScaleStatus', 'status is the current status of the scale. Read-only.'),
    },
  ),
  [`${AUTOSCALING_V1}ScaleSpec`]: obj('ScaleSpec describes the attributes of a scale subresource.', {
    replicas: int32('replicas is the desired number of instances for the scaled object.'),
  }),
  [`${AUTOSCALING_V1}ScaleStatus`]: obj(
    'ScaleStatus represents the current status of a scale subresource.',
    {
      replicas: int32('replicas is the actual number of observed instances of the scaled object.'),
      selector: str(
        'selector is the label query over pods that should match the replicas count. This is same as the label selector but in the string format to avoid introspection by the clients.',
      ),
    },
    ['replicas'],
  ),
};
