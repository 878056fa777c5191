import protobuf from 'protobufjs';
import { kinds, kindVersion, splitApiVersion } from '../kinds/index.js';
import { apimachineryProto, intstrProto, resourceProto, runtimeProto } from './apimachinery.js';
import { authenticationV1Proto } from './authentication-v1.js';
import { coreV1Proto } from './core-v1.js';
import { authenticationReviewsProto, authorizationV1Proto, rbacV1Proto } from './rbac-v1.js';
import {
  appsV1Proto,
  autoscalingV1Proto,
  batchV1Proto,
  networkingV1Proto,
  policyV1Proto,
  schedulingV1Proto,
} from './workloads.js';

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
      schedulingV1Proto,
      rbacV1Proto,
      authorizationV1Proto,
      authenticationReviewsProto,
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

/** The protobuf message of a served kind, or of what one of its subresources takes (Eviction, TokenRequest). */
function messageOf(apiVersion: string, kind: string): string | undefined {
  const def = kinds.byKind(apiVersion, kind);
  if (def) return kindVersion(def, splitApiVersion(apiVersion)[1])?.protobuf;
  const [group, version] = splitApiVersion(apiVersion);
  for (const d of kinds.all())
    for (const sub of d.subresources ?? [])
      if (sub.kind?.group === group && sub.kind.version === version && sub.kind.kind === kind)
        return sub.kind.protobuf;
  return undefined;
}

/** The message type of an apiVersion and kind, or undefined for a kind not decoded. */
export function typeOf(apiVersion: string, kind: string): protobuf.Type | undefined {
  // client-go tags DeleteOptions with the group version of the resource it deletes.
  const name = kind === 'DeleteOptions' ? DELETE_OPTIONS : messageOf(apiVersion, kind);
  return name ? kubernetesRoot().lookupType(name) : undefined;
}
