import type { Service } from '../api/kinds/index.js';

/** The Services whose variables every pod gets, even with enableServiceLinks off. */
const MASTER_SERVICES = new Set(['kubernetes']);

const envName = (s: string) => s.replaceAll('-', '_').toUpperCase();
const hasClusterIP = (svc: Service) => !!svc.spec?.clusterIP && svc.spec.clusterIP !== 'None';

/** The variables of one Service (Kubernetes' envvars.FromServices): host, ports, Docker links. */
function serviceVars(svc: Service, env: Record<string, string>): void {
  const prefix = envName(svc.metadata.name!);
  const ip = svc.spec!.clusterIP!;
  const ports = svc.spec?.ports ?? [];
  env[`${prefix}_SERVICE_HOST`] = ip;
  if (ports[0]) env[`${prefix}_SERVICE_PORT`] = String(ports[0].port);
  for (const p of ports) if (p.name) env[`${prefix}_SERVICE_PORT_${envName(p.name)}`] = String(p.port);
  ports.forEach((p, i) => {
    const protocol = (p.protocol ?? 'TCP').toLowerCase();
    const hostPort = ip.includes(':') ? `[${ip}]:${p.port}` : `${ip}:${p.port}`;
    if (i === 0) env[`${prefix}_PORT`] = `${protocol}://${hostPort}`;
    const portPrefix = `${prefix}_PORT_${p.port}_${protocol.toUpperCase()}`;
    env[portPrefix] = `${protocol}://${hostPort}`;
    env[`${portPrefix}_PROTO`] = protocol;
    env[`${portPrefix}_PORT`] = String(p.port);
    env[`${portPrefix}_ADDR`] = ip;
  });
}

/**
 * The service environment variables the kubelet gives a pod's containers (getServiceEnvVarMap):
 * those of the Services with a cluster IP in the pod's namespace (unless enableServiceLinks is
 * false) and of the `kubernetes` Service of `default`, always.
 */
export function serviceEnv(
  services: Service[],
  namespace: string,
  enableServiceLinks = true,
): Record<string, string> {
  const chosen = new Map<string, Service>();
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue;
    const name = svc.metadata.name!;
    if (svc.metadata.namespace === 'default' && MASTER_SERVICES.has(name)) {
      if (!chosen.has(name)) chosen.set(name, svc);
    } else if (svc.metadata.namespace === namespace && enableServiceLinks) {
      chosen.set(name, svc);
    }
  }
  const env: Record<string, string> = {};
  for (const svc of chosen.values()) serviceVars(svc, env);
  return env;
}
