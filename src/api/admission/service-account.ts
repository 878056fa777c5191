import { randomInt } from 'node:crypto';
import { ApiError, errors } from '../errors.js';
import { PODS, SERVICE_ACCOUNTS, type ServiceAccount } from '../kinds/index.js';
import type { Container, PodSpec, Volume } from '../kinds/types.generated.js';
import type { AdmissionPlugin, AdmissionRequest } from './chain.js';

export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN_SECONDS = 3607;
// utilrand.String's alphabet: no vowels, no look-alike characters.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const DEFAULT_LOOKUPS = 10;

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The pod's ServiceAccount. The `default` one is made by a controller as its namespace is: a pod
 * created right after the namespace waits for it a little, as Kubernetes' plugin does.
 */
async function serviceAccountOf(req: AdmissionRequest, name: string): Promise<ServiceAccount> {
  const attempts = name === 'default' ? DEFAULT_LOOKUPS : 1;
  for (let i = 0; ; i++) {
    try {
      return (await req.service.get(SERVICE_ACCOUNTS, req.namespace, name)) as ServiceAccount;
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
      if (i + 1 >= attempts)
        throw errors.forbidden(
          { kind: 'pods', name: req.name },
          `error looking up service account ${req.namespace}/${name}: serviceaccount "${name}" not found`,
        );
      await delay(100 + randomInt(100));
    }
  }
}

/** The projected volume Kubernetes adds: a bound token, the cluster CA and the namespace. */
function apiAccessVolume(): Volume {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return {
    name: `kube-api-access-${suffix}`,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_SECONDS, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  };
}

const mountsAccount = (c: Container) =>
  (c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT);

async function admitPod(req: AdmissionRequest): Promise<void> {
  // A mirror pod's spec is its node's static pod: changed, the kubelet would delete it.
  if (req.object.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return;
  const spec = (req.object.spec ??= {}) as PodSpec;
  spec.serviceAccountName ||= 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const sa = await serviceAccountOf(req, spec.serviceAccountName);
  if (!(spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true)) return;
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].filter(
    (c) => !mountsAccount(c),
  );
  if (!containers.length) return;
  const volume = apiAccessVolume();
  spec.volumes = [...(spec.volumes ?? []), volume];
  for (const c of containers)
    c.volumeMounts = [
      ...(c.volumeMounts ?? []),
      { name: volume.name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT },
    ];
}

/**
 * Kubernetes' ServiceAccount admission plugin: a new pod runs as a ServiceAccount that exists
 * (`default` unless named) and, unless it or its account turns automounting off, every container
 * gets the account's API credentials at /var/run/secrets/kubernetes.io/serviceaccount.
 */
export const serviceAccount: AdmissionPlugin = {
  name: 'ServiceAccount',
  admit: (req) =>
    req.def === PODS && req.operation === 'CREATE' && !req.subresource ? admitPod(req) : undefined,
};
