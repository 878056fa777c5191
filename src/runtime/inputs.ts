import type { ConfigMap, Secret, ServedPod, Service } from '../api/kinds/index.js';

/**
 * The API objects a pod refers to, fetched by the agent (tests give maps). Each answers
 * undefined when the object does not exist.
 */
export interface PodInputs {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /** The directory backing a claim's bound PersistentVolume, or undefined while unbound. */
  claimPath(namespace: string, claimName: string): Promise<string | undefined>;
  /** A token for a projected serviceAccountToken source, when the cluster issues them. */
  serviceAccountToken?(
    pod: ServedPod,
    source?: { expirationSeconds?: number; audience?: string },
  ): Promise<string | undefined>;
  /** The cluster's Services, for the service environment variables (none when not given). */
  services?(): Promise<Service[]>;
}

/** What the node knows that a pod's downward API can expose. */
export interface NodeContext {
  nodeName: string;
  hostIP: string;
  /** Allocatable CPU cores and memory bytes: the value of a resourceFieldRef with no limit. */
  cpu: number;
  memory: number;
}

/**
 * A container cannot be configured from what the pod names (a missing ConfigMap, Secret or key):
 * Kubernetes shows it as the waiting reason CreateContainerConfigError.
 */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly reason = 'CreateContainerConfigError',
  ) {
    super(message);
  }
}

export function secretValues(secret: Secret): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) out[k] = Buffer.from(v, 'base64');
  for (const [k, v] of Object.entries(secret.stringData ?? {})) out[k] = Buffer.from(v, 'utf8');
  return out;
}

export function configMapValues(cm: ConfigMap): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(cm.data ?? {})) out[k] = Buffer.from(v, 'utf8');
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out[k] = Buffer.from(v, 'base64');
  return out;
}
