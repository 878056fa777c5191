import { fieldValue, type PodAddresses, resourceValue } from './downward.js';
import { ConfigError, configMapValues, type NodeContext, type PodInputs, secretValues } from './inputs.js';
import type { Container, Pod } from './pod.js';

/**
 * A container's environment as Kubernetes builds it: envFrom first (in order, with prefix),
 * then env (each value may refer to earlier variables as $(NAME)).
 */
export async function containerEnv(
  pod: Pod,
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
      const cm = await inputs.configMap(ns, from.configMapRef.name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw new ConfigError(`configmap "${from.configMapRef.name}" not found`);
      }
      for (const [k, v] of Object.entries(configMapValues(cm))) env[prefix + k] = v.toString('utf8');
    }
    if (from.secretRef) {
      const s = await inputs.secret(ns, from.secretRef.name);
      if (!s) {
        if (from.secretRef.optional) continue;
        throw new ConfigError(`secret "${from.secretRef.name}" not found`);
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
      const cm = await inputs.configMap(ns, ref.name);
      if (!cm) {
        if (ref.optional) continue;
        throw new ConfigError(`configmap "${ref.name}" not found`);
      }
      const v = configMapValues(cm)[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        throw new ConfigError(`couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}`);
      }
      env[e.name] = v.toString('utf8');
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const s = await inputs.secret(ns, ref.name);
      if (!s) {
        if (ref.optional) continue;
        throw new ConfigError(`secret "${ref.name}" not found`);
      }
      const v = secretValues(s)[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        throw new ConfigError(`couldn't find key ${ref.key} in Secret ${ns}/${ref.name}`);
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
