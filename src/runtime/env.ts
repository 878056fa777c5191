import type { Container, ServedPod } from '../api/kinds/index.js';
import { fieldValue, type PodAddresses, resourceValue } from './downward.js';
import { ConfigError, configMapValues, type NodeContext, type PodInputs, secretValues } from './inputs.js';

/**
 * A container's environment as Kubernetes builds it: envFrom first (in order, with prefix),
 * then env (each value may refer to earlier variables as $(NAME)).
 */
export async function containerEnv(
  pod: ServedPod,
  container: Container,
  inputs: PodInputs,
  addr: PodAddresses,
  node: NodeContext,
): Promise<Record<string, string>> {
  const ns = pod.metadata.namespace;
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      const cm = await inputs.configMap(ns, name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw new ConfigError(`configmap "${name}" not found`);
      }
      for (const [k, v] of Object.entries(configMapValues(cm))) env[prefix + k] = v.toString('utf8');
    }
    if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      const s = await inputs.secret(ns, name);
      if (!s) {
        if (from.secretRef.optional) continue;
        throw new ConfigError(`secret "${name}" not found`);
      }
      for (const [k, v] of Object.entries(secretValues(s))) env[prefix + k] = v.toString('utf8');
    }
  }
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      env[e.name] = expand(e.value ?? '', env);
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const name = ref.name ?? '';
      const cm = await inputs.configMap(ns, name);
      if (!cm) {
        if (ref.optional) continue;
        throw new ConfigError(`configmap "${name}" not found`);
      }
      const v = configMapValues(cm)[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        throw new ConfigError(`couldn't find key ${ref.key} in ConfigMap ${ns}/${name}`);
      }
      env[e.name] = v.toString('utf8');
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const name = ref.name ?? '';
      const s = await inputs.secret(ns, name);
      if (!s) {
        if (ref.optional) continue;
        throw new ConfigError(`secret "${name}" not found`);
      }
      const v = secretValues(s)[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        throw new ConfigError(`couldn't find key ${ref.key} in Secret ${ns}/${name}`);
      }
      env[e.name] = v.toString('utf8');
    } else if (from.fieldRef) {
      env[e.name] = fieldValue(pod, from.fieldRef, addr, node);
    } else if (from.resourceFieldRef) {
      env[e.name] = resourceValue(pod, container, from.resourceFieldRef, node);
    }
  }
  return env;
}

/** Kubernetes' $(VAR) expansion: known names are replaced, unknown ones kept, $$ escapes. */
export function expand(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && name in env ? env[name] : m;
  });
}
