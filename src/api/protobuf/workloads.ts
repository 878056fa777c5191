/**
 * apps/v1, autoscaling/v1, batch/v1, networking.k8s.io/v1 and policy/v1 messages reachable from
 * Deployment, HorizontalPodAutoscaler (kubectl autoscale), Job, CronJob, Ingress, Eviction and
 * PodDisruptionBudget (kubectl create pdb),
 * with Kubernetes' own field numbers.
 */
export const appsV1Proto = `
syntax = "proto2";
package k8s.io.api.apps.v1;
message Deployment { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional DeploymentSpec spec = 2; optional DeploymentStatus status = 3; }
message DeploymentCondition { optional string type = 1; optional string status = 2; optional k8s.io.apimachinery.pkg.apis.meta.v1.Time lastUpdateTime = 6; optional k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 7; optional string reason = 4; optional string message = 5; }
message DeploymentSpec {
  optional int32 replicas = 1; optional k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2; optional k8s.io.api.core.v1.PodTemplateSpec template = 3;
  optional DeploymentStrategy strategy = 4; optional int32 minReadySeconds = 5; optional int32 revisionHistoryLimit = 6; optional bool paused = 7;
  optional int32 progressDeadlineSeconds = 9; optional string podReplacementPolicy = 10;
}
message DeploymentStatus {
  optional int64 observedGeneration = 1; optional int32 replicas = 2; optional int32 updatedReplicas = 3; optional int32 readyReplicas = 7;
  optional int32 availableReplicas = 4; optional int32 unavailableReplicas = 5; optional int32 terminatingReplicas = 9;
  repeated DeploymentCondition conditions = 6; optional int32 collisionCount = 8;
}
message DeploymentStrategy { optional string type = 1; optional RollingUpdateDeployment rollingUpdate = 2; }
message RollingUpdateDeployment { optional k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 1; optional k8s.io.apimachinery.pkg.util.intstr.IntOrString maxSurge = 2; }
`;

export const batchV1Proto = `
syntax = "proto2";
package k8s.io.api.batch.v1;
message CronJob { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional CronJobSpec spec = 2; optional CronJobStatus status = 3; }
message CronJobSpec {
  optional string schedule = 1; optional string timeZone = 8; optional int64 startingDeadlineSeconds = 2; optional string concurrencyPolicy = 3;
  optional bool suspend = 4; optional JobTemplateSpec jobTemplate = 5; optional int32 successfulJobsHistoryLimit = 6; optional int32 failedJobsHistoryLimit = 7;
}
message CronJobStatus { repeated k8s.io.api.core.v1.ObjectReference active = 1; optional k8s.io.apimachinery.pkg.apis.meta.v1.Time lastScheduleTime = 4; optional k8s.io.apimachinery.pkg.apis.meta.v1.Time lastSuccessfulTime = 5; }
message Job { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional JobSpec spec = 2; optional JobStatus status = 3; }
message JobCondition { optional string type = 1; optional string status = 2; optional k8s.io.apimachinery.pkg.apis.meta.v1.Time lastProbeTime = 3; optional k8s.io.apimachinery.pkg.apis.meta.v1.Time lastTransitionTime = 4; optional string reason = 5; optional string message = 6; }
message JobSpec {
  optional int32 parallelism = 1; optional int32 completions = 2; optional int64 activeDeadlineSeconds = 3; optional PodFailurePolicy podFailurePolicy = 11;
  optional SuccessPolicy successPolicy = 16; optional int32 backoffLimit = 7; optional int32 backoffLimitPerIndex = 12; optional int32 maxFailedIndexes = 13;
  optional k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 4; optional bool manualSelector = 5; optional k8s.io.api.core.v1.PodTemplateSpec template = 6;
  optional int32 ttlSecondsAfterFinished = 8; optional string completionMode = 9; optional bool suspend = 10; optional string podReplacementPolicy = 14; optional string managedBy = 15;
}
message JobStatus {
  repeated JobCondition conditions = 1; optional k8s.io.apimachinery.pkg.apis.meta.v1.Time startTime = 2; optional k8s.io.apimachinery.pkg.apis.meta.v1.Time completionTime = 3;
  optional int32 active = 4; optional int32 succeeded = 5; optional int32 failed = 6; optional int32 terminating = 11; optional string completedIndexes = 7;
  optional string failedIndexes = 10; optional UncountedTerminatedPods uncountedTerminatedPods = 8; optional int32 ready = 9;
}
message JobTemplateSpec { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional JobSpec spec = 2; }
message PodFailurePolicy { repeated PodFailurePolicyRule rules = 1; }
message PodFailurePolicyOnExitCodesRequirement { optional string containerName = 1; optional string operator = 2; repeated int32 values = 3; }
message PodFailurePolicyOnPodConditionsPattern { optional string type = 1; optional string status = 2; }
message PodFailurePolicyRule { optional string action = 1; optional PodFailurePolicyOnExitCodesRequirement onExitCodes = 2; repeated PodFailurePolicyOnPodConditionsPattern onPodConditions = 3; }
message SuccessPolicy { repeated SuccessPolicyRule rules = 1; }
message SuccessPolicyRule { optional string succeededIndexes = 1; optional int32 succeededCount = 2; }
message UncountedTerminatedPods { repeated string succeeded = 1; repeated string failed = 2; }
`;

export const networkingV1Proto = `
syntax = "proto2";
package k8s.io.api.networking.v1;
message HTTPIngressPath { optional string path = 1; optional string pathType = 3; optional IngressBackend backend = 2; }
message HTTPIngressRuleValue { repeated HTTPIngressPath paths = 1; }
message Ingress { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional IngressSpec spec = 2; optional IngressStatus status = 3; }
message IngressBackend { optional IngressServiceBackend service = 4; optional k8s.io.api.core.v1.TypedLocalObjectReference resource = 3; }
message IngressLoadBalancerIngress { optional string ip = 1; optional string hostname = 2; repeated IngressPortStatus ports = 4; }
message IngressLoadBalancerStatus { repeated IngressLoadBalancerIngress ingress = 1; }
message IngressPortStatus { optional int32 port = 1; optional string protocol = 2; optional string error = 3; }
message IngressRule { optional string host = 1; optional IngressRuleValue ingressRuleValue = 2; }
message IngressRuleValue { optional HTTPIngressRuleValue http = 1; }
message IngressServiceBackend { optional string name = 1; optional ServiceBackendPort port = 2; }
message IngressSpec { optional string ingressClassName = 4; optional IngressBackend defaultBackend = 1; repeated IngressTLS tls = 2; repeated IngressRule rules = 3; }
message IngressStatus { optional IngressLoadBalancerStatus loadBalancer = 1; }
message IngressTLS { repeated string hosts = 1; optional string secretName = 2; }
message ServiceBackendPort { optional string name = 1; optional int32 number = 2; }
`;

export const policyV1Proto = `
syntax = "proto2";
package k8s.io.api.policy.v1;
message Eviction { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions deleteOptions = 2; }
message PodDisruptionBudget { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional PodDisruptionBudgetSpec spec = 2; optional PodDisruptionBudgetStatus status = 3; }
message PodDisruptionBudgetSpec {
  optional k8s.io.apimachinery.pkg.util.intstr.IntOrString minAvailable = 1; optional k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2;
  optional k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 3; optional string unhealthyPodEvictionPolicy = 4;
}
message PodDisruptionBudgetStatus {
  optional int64 observedGeneration = 1; map<string, k8s.io.apimachinery.pkg.apis.meta.v1.Time> disruptedPods = 2; optional int32 disruptionsAllowed = 3;
  optional int32 currentHealthy = 4; optional int32 desiredHealthy = 5; optional int32 expectedPods = 6; repeated k8s.io.apimachinery.pkg.apis.meta.v1.Condition conditions = 7;
}
`;

export const autoscalingV1Proto = `
syntax = "proto2";
package k8s.io.api.autoscaling.v1;
message CrossVersionObjectReference { optional string kind = 1; optional string name = 2; optional string apiVersion = 3; }
message HorizontalPodAutoscaler { optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional HorizontalPodAutoscalerSpec spec = 2; optional HorizontalPodAutoscalerStatus status = 3; }
message HorizontalPodAutoscalerSpec { optional CrossVersionObjectReference scaleTargetRef = 1; optional int32 minReplicas = 2; optional int32 maxReplicas = 3; optional int32 targetCPUUtilizationPercentage = 4; }
message HorizontalPodAutoscalerStatus {
  optional int64 observedGeneration = 1; optional k8s.io.apimachinery.pkg.apis.meta.v1.Time lastScaleTime = 2; optional int32 currentReplicas = 3;
  optional int32 desiredReplicas = 4; optional int32 currentCPUUtilizationPercentage = 5;
}
`;

export const schedulingV1Proto = `
syntax = "proto2";
package k8s.io.api.scheduling.v1;
message PriorityClass {
  optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1; optional int32 value = 2; optional bool globalDefault = 3;
  optional string description = 4; optional string preemptionPolicy = 5;
}
`;
