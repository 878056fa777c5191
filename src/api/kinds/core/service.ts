import { child, each, setDefault, unset } from '../../schema/default-values.js';
import {
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  fieldErrors as fe,
  PORT_RANGE_MESSAGE,
  portName,
  portRange,
} from '../../schema/field-errors.js';
import { arr, type Obj, specOf } from '../../schema/json-values.js';
import { validateLabels } from '../../schema/validate-meta.js';
import { servicePrinter } from '../../table/core.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { SERVICE_PROXY, STATUS } from '../subresources.js';

function defaultService(svc: Obj): void {
  const s = child(svc, 'spec');
  setDefault(s, 'type', 'ClusterIP');
  setDefault(s, 'sessionAffinity', 'None');
  if (s.sessionAffinity === 'ClientIP') {
    const clientIP = child(child(s, 'sessionAffinityConfig'), 'clientIP');
    setDefault(clientIP, 'timeoutSeconds', 10800);
  }
  each(s.ports, (p) => {
    setDefault(p, 'protocol', 'TCP');
    if (unset(p.targetPort) || p.targetPort === 0) p.targetPort = p.port;
  });
  if (s.type === 'ExternalName') return;
  setDefault(s, 'internalTrafficPolicy', 'Cluster');
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') setDefault(s, 'externalTrafficPolicy', 'Cluster');
  if (s.type === 'LoadBalancer') setDefault(s, 'allocateLoadBalancerNodePorts', true);
  setDefault(s, 'ipFamilyPolicy', 'SingleStack');
  if (!Array.isArray(s.ipFamilies) || !s.ipFamilies.length) s.ipFamilies = ['IPv4'];
}

const isIP = (s: string) =>
  /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(s) ||
  (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));

function validatePorts(s: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const ports = arr(s.ports);
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) causes.push(fe.required(`${pp}.name`));
    if (p.name) {
      for (const msg of dns1123Label(String(p.name))) causes.push(fe.invalid(`${pp}.name`, p.name, msg));
      if (names.has(p.name)) causes.push(fe.duplicate(`${pp}.name`, p.name));
      names.add(p.name);
    }
    if (p.port === undefined) causes.push(fe.required(`${pp}.port`));
    else if (!portRange(p.port)) causes.push(fe.invalid(`${pp}.port`, p.port, PORT_RANGE_MESSAGE));
    if (typeof p.targetPort === 'number' && !portRange(p.targetPort))
      causes.push(fe.invalid(`${pp}.targetPort`, p.targetPort, PORT_RANGE_MESSAGE));
    if (typeof p.targetPort === 'string')
      for (const msg of portName(p.targetPort))
        causes.push(fe.invalid(`${pp}.targetPort`, p.targetPort, msg));
    if (p.nodePort !== undefined && p.nodePort !== 0 && !portRange(p.nodePort))
      causes.push(fe.invalid(`${pp}.nodePort`, p.nodePort, PORT_RANGE_MESSAGE));
    if (p.nodePort && s.type !== 'NodePort' && s.type !== 'LoadBalancer') {
      causes.push(fe.forbidden(`${pp}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (keys.has(key)) causes.push(fe.duplicate(pp, { port: p.port, protocol: p.protocol ?? 'TCP' }));
    keys.add(key);
  });
  return causes;
}

function validateService(svc: Obj): StatusCause[] {
  const s = specOf(svc);
  const causes: StatusCause[] = [];
  if (s.type === 'ExternalName') {
    if (!s.externalName) causes.push(fe.required('spec.externalName'));
    else
      for (const msg of dns1123Subdomain(String(s.externalName).replace(/\.$/, '')))
        causes.push(fe.invalid('spec.externalName', s.externalName, msg));
  } else if (!arr(s.ports).length && s.clusterIP !== 'None') {
    causes.push(fe.required('spec.ports'));
  }
  causes.push(...validatePorts(s));
  causes.push(...validateLabels(s.selector, 'spec.selector'));
  if (s.clusterIP && s.clusterIP !== 'None' && !isIP(s.clusterIP)) {
    causes.push(
      fe.invalid(
        'spec.clusterIPs[0]',
        s.clusterIP,
        'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ),
    );
  }
  const timeout = s.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (typeof timeout === 'number' && (timeout <= 0 || timeout > 86400))
    causes.push(
      fe.invalid(
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
        timeout,
        'must be greater than 0 and less than 86400',
      ),
    );
  return causes;
}

/** Go's `%#v` of a []string, as Kubernetes quotes the clusterIPs it refuses. */
const goStrings = (list: string[]) => `[]string{${list.map((s) => JSON.stringify(s)).join(', ')}}`;

function validateServiceUpdate(next: Obj, old: Obj): StatusCause[] {
  const [ns, os] = [specOf(next), specOf(old)];
  if (!os.clusterIP || os.type === 'ExternalName' || ns.type === 'ExternalName') return [];
  const oldIps: string[] = arr(os.clusterIPs).length ? os.clusterIPs : [os.clusterIP];
  // Kubernetes' normalizeClusterIPs: a changed clusterIP beside unchanged clusterIPs replaces them.
  const sameList = JSON.stringify(ns.clusterIPs ?? null) === JSON.stringify(os.clusterIPs ?? null);
  const newIps: string[] =
    ns.clusterIP && ns.clusterIP !== os.clusterIP && sameList ? [ns.clusterIP] : (ns.clusterIPs ?? []);
  if (oldIps[0] === 'None' && newIps[0] === 'None') return [];
  return oldIps
    .map((ip, i) => (i < newIps.length && ip !== newIps[i] ? i : -1))
    .filter((i) => i >= 0)
    .map((i) => ({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${goStrings(newIps)}: may not change once set`,
      field: `spec.clusterIPs[${i}]`,
    }));
}

export const SERVICES: KindDef = {
  ...resources.SERVICES,
  versions: [builtinVersion('', 'v1', 'Service', { protobuf: 'k8s.io.api.core.v1.Service' })],
  subresources: [STATUS, SERVICE_PROXY],
  fieldLabels: ['spec.clusterIP', 'spec.type'],
  printer: servicePrinter,
  defaults: defaultService,
  nameCheck: dns1035Label,
  validate: validateService,
  validateUpdate: validateServiceUpdate,
  strategy: {
    prepareForCreate: (svc) => {
      svc.status = { loadBalancer: {} };
    },
  },
};
