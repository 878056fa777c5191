/** The subresources built-in kinds share, as discovery lists them. */
import { AUTOSCALING_V1, CORE, POLICY } from '../schema/dsl.js';
import type { ScalePaths, Subresource } from './kind-def.js';

const READ_WRITE = ['get', 'patch', 'update'];
const CONNECT = ['create', 'get'];
const PROXY = ['create', 'delete', 'get', 'patch', 'update'];

export const STATUS: Subresource = { name: 'status', verbs: READ_WRITE };

/** spec.replicas, status.replicas, and the selector in spec.selector, as the built-in workloads keep them. */
const REPLICAS: ScalePaths = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.spec.selector',
};

export function scale(paths: ScalePaths = REPLICAS): Subresource {
  return {
    name: 'scale',
    kind: { group: 'autoscaling', version: 'v1', kind: 'Scale', definition: `${AUTOSCALING_V1}Scale` },
    verbs: READ_WRITE,
    scale: paths,
  };
}

export const BINDING: Subresource = {
  name: 'binding',
  kind: { group: '', version: 'v1', kind: 'Binding', definition: `${CORE}Binding` },
  verbs: ['create'],
};

export const EVICTION: Subresource = {
  name: 'eviction',
  kind: {
    group: 'policy',
    version: 'v1',
    kind: 'Eviction',
    definition: `${POLICY}Eviction`,
    protobuf: 'k8s.io.api.policy.v1.Eviction',
  },
  verbs: ['create'],
};

export const LOG: Subresource = {
  name: 'log',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  verbs: ['get'],
};

export const EXEC: Subresource = {
  name: 'exec',
  kind: { group: '', version: 'v1', kind: 'PodExecOptions' },
  verbs: CONNECT,
  connect: true,
};

export const ATTACH: Subresource = {
  name: 'attach',
  kind: { group: '', version: 'v1', kind: 'PodAttachOptions' },
  verbs: CONNECT,
  connect: true,
};

export const PORT_FORWARD: Subresource = {
  name: 'portforward',
  kind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
  verbs: CONNECT,
  connect: true,
};

export const POD_PROXY: Subresource = {
  name: 'proxy',
  kind: { group: '', version: 'v1', kind: 'PodProxyOptions' },
  verbs: PROXY,
  connect: true,
};

export const SERVICE_PROXY: Subresource = {
  name: 'proxy',
  kind: { group: '', version: 'v1', kind: 'ServiceProxyOptions' },
  verbs: PROXY,
  connect: true,
};

export const NODE_PROXY: Subresource = {
  name: 'proxy',
  kind: { group: '', version: 'v1', kind: 'NodeProxyOptions' },
  verbs: PROXY,
  connect: true,
};

export const TOKEN: Subresource = {
  name: 'token',
  kind: {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'TokenRequest',
    protobuf: 'k8s.io.api.authentication.v1.TokenRequest',
  },
  verbs: ['create'],
};

export const FINALIZE: Subresource = { name: 'finalize', verbs: ['update'] };
