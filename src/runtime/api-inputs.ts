import { ApiError } from '../api/errors.js';
import type {
  ConfigMap,
  PersistentVolume,
  PersistentVolumeClaim,
  Secret,
  Service,
} from '../api/kinds/index.js';
import {
  CONFIGMAPS,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  SECRETS,
  SERVICE_ACCOUNTS,
} from '../api/kinds/resources.js';
import type { KubeObject } from '../api/types.js';
import type { Informer } from '../client/informer.js';
import type { KubeClient } from '../client/kube-client.js';
import type { PodInputs } from './inputs.js';

const CLAIMS = PERSISTENT_VOLUME_CLAIMS;
const VOLUMES = PERSISTENT_VOLUMES;
const TOKEN_SECONDS = 3600;

/**
 * A pod's inputs read from the API server, each kept a few seconds so a node full of pods
 * naming the same ConfigMap asks once; Services from the agent's informer of them.
 */
export function apiInputs(
  client: KubeClient,
  opts: { ttlMs?: number; services?: Informer<Service> } = {},
): PodInputs {
  const ttlMs = opts.ttlMs ?? 5000;
  const cache = new Map<string, { at: number; value: Promise<KubeObject | undefined> }>();
  const get = <T extends KubeObject>(
    d: typeof CONFIGMAPS,
    ns: string | undefined,
    name: string,
  ): Promise<T | undefined> => {
    // No name names nothing: asking for '' would list the collection instead.
    if (!name) return Promise.resolve(undefined);
    const key = `${d.resource}/${ns ?? ''}/${name}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T | undefined>;
    const value = client.get<T>(d, ns, name).catch((err) => {
      // Not kept when missing: what a pod waits for (kube-root-ca.crt in a new namespace) may come any moment.
      cache.delete(key);
      if (err instanceof ApiError && err.code === 404) return undefined;
      throw err;
    });
    cache.set(key, { at: Date.now(), value });
    if (cache.size > 2000) cache.clear();
    return value;
  };
  // A token is asked for again once 80% of its life is gone, as the kubelet does.
  const tokens = new Map<string, { token: string; renewAt: number }>();
  return {
    serviceAccountToken: async (pod, source = {}) => {
      const ns = pod.metadata.namespace;
      const sa = pod.spec.serviceAccountName ?? 'default';
      const seconds = source.expirationSeconds ?? TOKEN_SECONDS;
      const key = `${pod.metadata.uid}/${sa}/${seconds}/${source.audience ?? ''}`;
      const held = tokens.get(key);
      if (held && Date.now() < held.renewAt) return held.token;
      const res = await client
        .createSubresource<{ status: { token: string } }>(SERVICE_ACCOUNTS, ns, sa, 'token', {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: {
            expirationSeconds: seconds,
            ...(source.audience ? { audiences: [source.audience] } : {}),
            // Bound to the pod, as the kubelet asks: the token stops working once the pod is gone.
            boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, uid: pod.metadata.uid },
          },
        })
        .catch((err) => {
          if (err instanceof ApiError && err.code === 404) return undefined;
          throw err;
        });
      if (!res) return undefined;
      if (tokens.size > 2000) tokens.clear();
      tokens.set(key, { token: res.status.token, renewAt: Date.now() + seconds * 800 });
      return res.status.token;
    },
    ...(opts.services
      ? {
          services: async () => {
            await opts.services!.whenSynced();
            return opts.services!.list();
          },
        }
      : {}),
    configMap: (ns, name) => get<ConfigMap>(CONFIGMAPS, ns, name),
    secret: (ns, name) => get<Secret>(SECRETS, ns, name),
    claimPath: async (ns, claimName) => {
      const volumeName = (await get<PersistentVolumeClaim>(CLAIMS, ns, claimName))?.spec?.volumeName;
      if (!volumeName) return undefined;
      const pv = await get<PersistentVolume>(VOLUMES, undefined, volumeName);
      return pv?.spec?.hostPath?.path ?? pv?.spec?.local?.path;
    },
  };
}
