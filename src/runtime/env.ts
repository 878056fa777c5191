import type { Container, ServedPod } from '../api/kinds/index.js';
import { fieldValue, type PodAddresses, resourceValue } from './downward.js';
import { ConfigError, configMapValues, type NodeContext, type PodInputs, secretValues } from './inputs.js';
import { serviceEnv } from './service-env.js';

/**
 * A container's environment as Kubernetes builds it: envFrom first (in order, with prefix),
 * then env (each value may refer to earlier variables and service variables as $(NAME)), then
 * the service variables the container did not set itself.
 */
export async function containerEnv(
  pod: ServedPod,
  container: Container,
  inputs: PodInputs,
  addr: PodAddresses,
  node: NodeContext,
): Promise<Record<string, string>> {
  const ns = pod.metadata.namespace;
  const services = serviceEnv((await inputs.services?.()) ?? [], ns, pod.spec.enableServiceLinks ?? true);
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    const sources = [
      ['configmap', from.configMapRef],
      ['secret', from.secretRef],
    ] as const;
    for (const [source, ref] of sources) {
      const values = ref && (await referenced(inputs, ns, source, ref));
      for (const [k, v] of Object.entries(values ?? {})) env[prefix + k] = v.toString('utf8');
    }
  }
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      env[e.name] = expand(e.value ?? '', { ...services, ...env });
    } else if (from.configMapKeyRef || from.secretKeyRef) {
      const v = from.configMapKeyRef
        ? await referencedKey(inputs, ns, 'configmap', from.configMapKeyRef)
        : await referencedKey(inputs, ns, 'secret', from.secretKeyRef);
      if (v !== undefined) env[e.name] = v;
    } else if (from.fieldRef) {
      env[e.name] = fieldValue(pod, from.fieldRef, addr, node);
    } else if (from.resourceFieldRef) {
      env[e.name] = resourceValue(pod, container, from.resourceFieldRef, node);
    }
  }
  for (const [k, v] of Object.entries(services)) if (!(k in env)) env[k] = v;
  return env;
}

type Source = 'configmap' | 'secret';
const KIND: Record<Source, string> = { configmap: 'ConfigMap', secret: 'Secret' };

/** The values of the ConfigMap or Secret a reference names; undefined when it is missing but optional. */
async function referenced(
  inputs: PodInputs,
  ns: string,
  source: Source,
  ref: { name?: string; optional?: boolean },
): Promise<Record<string, Buffer> | undefined> {
  const name = ref.name ?? '';
  const values =
    source === 'configmap'
      ? await inputs.configMap(ns, name).then((cm) => cm && configMapValues(cm))
      : await inputs.secret(ns, name).then((secret) => secret && secretValues(secret));
  if (!values && !ref.optional) throw new ConfigError(`${source} "${name}" not found`);
  return values;
}

/** The value of the key a reference names; undefined when it, or its object, is missing but optional. */
async function referencedKey(
  inputs: PodInputs,
  ns: string,
  source: Source,
  ref: { name?: string; key: string; optional?: boolean } | undefined,
): Promise<string | undefined> {
  if (!ref) return undefined;
  const values = await referenced(inputs, ns, source, ref);
  const v = values?.[ref.key];
  if (values && v === undefined && !ref.optional)
    throw new ConfigError(`couldn't find key ${ref.key} in ${KIND[source]} ${ns}/${ref.name ?? ''}`);
  return v?.toString('utf8');
}

/** Kubernetes' $(VAR) expansion: known names are replaced, unknown ones kept, $$ escapes. */
export function expand(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && name in env ? env[name] : m;
  });
}
