import protobuf from 'protobufjs';
import { apimachineryProto, intstrProto, resourceProto, runtimeProto } from './apimachinery.js';
import { authenticationV1Proto } from './authentication-v1.js';
import { coreV1Proto } from './core-v1.js';
import {
  appsV1Proto,
  autoscalingV1Proto,
  batchV1Proto,
  networkingV1Proto,
  policyV1Proto,
} from './workloads.js';

/** The message of each apiVersion/kind a client may send as protobuf and the API serves. */
const KINDS: Record<string, string> = {
  'v1/ConfigMap': 'k8s.io.api.core.v1.ConfigMap',
  'v1/Namespace': 'k8s.io.api.core.v1.Namespace',
  'v1/Pod': 'k8s.io.api.core.v1.Pod',
  'v1/Secret': 'k8s.io.api.core.v1.Secret',
  'v1/Service': 'k8s.io.api.core.v1.Service',
  'v1/ServiceAccount': 'k8s.io.api.core.v1.ServiceAccount',
  'apps/v1/Deployment': 'k8s.io.api.apps.v1.Deployment',
  'authentication.k8s.io/v1/TokenRequest': 'k8s.io.api.authentication.v1.TokenRequest',
  'autoscaling/v1/HorizontalPodAutoscaler': 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler',
  'batch/v1/CronJob': 'k8s.io.api.batch.v1.CronJob',
  'batch/v1/Job': 'k8s.io.api.batch.v1.Job',
  'networking.k8s.io/v1/Ingress': 'k8s.io.api.networking.v1.Ingress',
  'policy/v1/Eviction': 'k8s.io.api.policy.v1.Eviction',
};

const DELETE_OPTIONS = 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions';

let root: protobuf.Root | undefined;

function kubernetesRoot(): protobuf.Root {
  if (!root) {
    const r = new protobuf.Root();
    for (const source of [
      apimachineryProto,
      runtimeProto,
      intstrProto,
      resourceProto,
      coreV1Proto,
      appsV1Proto,
      authenticationV1Proto,
      autoscalingV1Proto,
      batchV1Proto,
      networkingV1Proto,
      policyV1Proto,
    ]) {
      // keepCase: the proto field names are the JSON names, FieldsV1's `Raw` included.
      protobuf.parse(source, r, { keepCase: true });
    }
    r.resolveAll();
    root = r;
  }
  return root;
}

/** The runtime.Unknown envelope every protobuf body of the API is wrapped in. */
export function unknownType(): protobuf.Type {
  return kubernetesRoot().lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
}

/** The message type of an apiVersion and kind, or undefined for a kind not decoded. */
export function typeOf(apiVersion: string, kind: string): protobuf.Type | undefined {
  // client-go tags DeleteOptions with the group version of the resource it deletes.
  const name = kind === 'DeleteOptions' ? DELETE_OPTIONS : KINDS[`${apiVersion}/${kind}`];
  return name ? kubernetesRoot().lookupType(name) : undefined;
}
