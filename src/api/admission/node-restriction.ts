/**
 * Kubernetes' NodeRestriction admission: a node (`system:node:NAME` in `system:nodes`) writes only
 * its own Node (not its taints, nor labels outside the kubelet's), the status of pods bound to it,
 * mirror pods of its own, deletes and evictions of its pods, its own Lease, and tokens bound to
 * its pods. Messages are Kubernetes'.
 */
import { nodeIdentity } from '../auth/node/node-identity.js';
import { podReferences } from '../auth/node/pod-references.js';
import type { UserInfo } from '../auth/user.js';
import { errors } from '../errors.js';
import { NODES, PODS, type Pod } from '../kinds/index.js';
import type { ResourceService } from '../service.js';
import type { KubeObject } from '../types.js';
import type { AdmissionPlugin, AdmissionRequest } from './chain.js';
import { forbiddenNodeLabels, modifiedLabels } from './node-labels.js';

const MIRROR_POD = 'kubernetes.io/config.mirror';
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

type Spec = {
  nodeName?: string;
  taints?: unknown[];
  serviceAccountName?: string;
  volumes?: { persistentVolumeClaim?: unknown }[];
};
const specOf = (o: KubeObject | undefined) => ((o as { spec?: Spec } | undefined)?.spec ?? {}) as Spec;

function forbid(req: Pick<AdmissionRequest, 'def' | 'name' | 'object'>, message: string): never {
  const name = req.name || req.object?.metadata.name;
  throw errors.forbidden({ kind: req.def.resource, group: req.def.group, name }, message);
}

function admitPodCreate(node: string, req: AdmissionRequest): void {
  const pod = req.object;
  if (!pod.metadata.annotations?.[MIRROR_POD])
    forbid(req, `pod does not have "${MIRROR_POD}" annotation, node "${node}" can only create mirror pods`);
  if (specOf(pod).nodeName !== node)
    forbid(req, `node "${node}" can only create pods with spec.nodeName set to itself`);
  const owners = pod.metadata.ownerReferences ?? [];
  if (owners.length > 1)
    forbid(req, `node "${node}" can only create pods with a single owner reference set to itself`);
  const owner = owners[0];
  if (owner?.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== node)
    forbid(req, `node "${node}" can only create pods with an owner reference set to itself`);
  if (!owner.controller)
    forbid(req, `node "${node}" can only create pods with a controller owner reference set to itself`);
  if (owner.blockOwnerDeletion)
    forbid(req, `node "${node}" must not set blockOwnerDeletion on an owner reference`);
  if (specOf(pod).serviceAccountName)
    forbid(req, `node "${node}" can not create pods that reference a service account`);
  const refs = podReferences(pod as Pod);
  if (refs.some((r) => r.startsWith('secrets/')))
    forbid(req, `node "${node}" can not create pods that reference secrets`);
  if (refs.some((r) => r.startsWith('configmaps/')))
    forbid(req, `node "${node}" can not create pods that reference configmaps`);
  if (specOf(pod).volumes?.some((v) => v.persistentVolumeClaim))
    forbid(req, `node "${node}" can not create pods that reference persistentvolumeclaims`);
}

async function admitPodCreateOwner(node: string, req: AdmissionRequest): Promise<void> {
  const owner = req.object.metadata.ownerReferences![0]!;
  const current = await req.service.get(NODES, undefined, node);
  if (owner.uid !== current.metadata.uid)
    forbid(req, `node ${node} UID mismatch: expected ${current.metadata.uid} got ${owner.uid}`);
}

async function admitPod(node: string, req: AdmissionRequest): Promise<void> {
  switch (req.subresource ?? '') {
    case '':
      if (req.operation === 'CREATE') {
        admitPodCreate(node, req);
        return admitPodCreateOwner(node, req);
      }
      if (req.operation === 'DELETE') {
        if (specOf(req.object).nodeName !== node)
          forbid(req, `node "${node}" can only delete pods with spec.nodeName set to itself`);
        return;
      }
      forbid(
        req,
        `unexpected operation "${req.operation}", node "${node}" can only create and delete mirror pods`,
      );
      break;
    case 'status': {
      if (req.operation !== 'UPDATE') forbid(req, `unexpected operation "${req.operation}"`);
      if (specOf(req.oldObject).nodeName !== node)
        forbid(req, `node "${node}" can only update pod status for pods with spec.nodeName set to itself`);
      if (modifiedLabels(req.object.metadata.labels, req.oldObject?.metadata.labels).length)
        forbid(req, `node "${node}" cannot update labels through pod status`);
      return;
    }
    default:
      forbid(req, `unexpected subresource "${req.subresource}", only 'status' and 'eviction' are allowed`);
  }
}

function admitNode(node: string, req: AdmissionRequest): void {
  const name = req.name || req.object.metadata.name;
  if (name !== node) forbid(req, `node "${node}" is not allowed to modify node "${name}"`);
  if (req.operation === 'CREATE') {
    const forbidden = forbiddenNodeLabels(modifiedLabels(req.object.metadata.labels));
    if (forbidden.length)
      forbid(req, `node "${node}" is not allowed to set the following labels: ${forbidden.join(', ')}`);
  }
  if (req.operation === 'UPDATE') {
    if (
      JSON.stringify(specOf(req.object).taints ?? []) !== JSON.stringify(specOf(req.oldObject).taints ?? [])
    )
      forbid(req, `node "${node}" is not allowed to modify taints`);
    const forbidden = forbiddenNodeLabels(
      modifiedLabels(req.object.metadata.labels, req.oldObject?.metadata.labels),
    );
    if (forbidden.length) forbid(req, `is not allowed to modify labels: ${forbidden.join(', ')}`);
  }
}

function admitLease(node: string, req: AdmissionRequest): void {
  if (req.namespace !== NODE_LEASE_NAMESPACE)
    forbid(req, `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
  const name = req.operation === 'CREATE' ? req.object.metadata.name : req.name;
  if (name !== node) forbid(req, 'can only access node lease with the same name as the requesting node');
}

export const nodeRestriction: AdmissionPlugin = {
  name: 'NodeRestriction',
  async validate(req) {
    const node = nodeIdentity(req.user);
    if (node === undefined) return;
    if (!node) forbid(req, `could not determine node from user "${req.user.name}"`);
    switch (`${req.def.group}/${req.def.resource}`) {
      case '/pods':
        return admitPod(node, req);
      case '/nodes':
        return admitNode(node, req);
      case '/persistentvolumeclaims':
        if (req.subresource !== 'status') forbid(req, 'may only update PVC status');
        return;
      case 'coordination.k8s.io/leases':
        return admitLease(node, req);
    }
  },
};

/** The node a user is, for the subresources admission does not see: undefined for anyone else. */
function requestingNode(
  user: UserInfo | undefined,
  target: Parameters<typeof forbid>[0],
): string | undefined {
  const node = user && nodeIdentity(user);
  if (node === '') forbid(target, `could not determine node from user "${user!.name}"`);
  return node;
}

/** NodeRestriction on pods/eviction: a node evicts only pods bound to it. */
export async function admitNodeEviction(
  svc: ResourceService,
  user: UserInfo | undefined,
  namespace: string,
  podName: string,
): Promise<void> {
  const target = { def: PODS, name: podName, object: undefined as unknown as KubeObject };
  const node = requestingNode(user, target);
  if (node === undefined) return;
  const pod = await svc.get(PODS, namespace, podName);
  if (specOf(pod).nodeName !== node)
    forbid(target, `node ${node} can only evict pods with spec.nodeName set to itself`);
}

interface TokenRequestBody {
  spec?: { boundObjectRef?: { apiVersion?: string; kind?: string; name?: string; uid?: string } };
}

/** NodeRestriction on serviceaccounts/token: a node asks only for tokens bound to a pod bound to it. */
export async function admitNodeTokenRequest(
  svc: ResourceService,
  user: UserInfo | undefined,
  def: AdmissionRequest['def'],
  namespace: string | undefined,
  name: string,
  body: unknown,
): Promise<void> {
  const target = { def, name, object: undefined as unknown as KubeObject };
  const node = requestingNode(user, target);
  if (node === undefined) return;
  const ref = (body as TokenRequestBody | undefined)?.spec?.boundObjectRef;
  if (ref?.apiVersion !== 'v1' || ref.kind !== 'Pod' || !ref.name)
    forbid(target, 'node requested token not bound to a pod');
  if (!ref.uid) forbid(target, 'node requested token with a pod binding without a uid');
  const pod = await svc.get(PODS, namespace, ref.name);
  if (ref.uid !== pod.metadata.uid)
    forbid(
      target,
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  if (specOf(pod).nodeName !== node)
    forbid(target, 'node requested token bound to a pod scheduled on a different node');
}
