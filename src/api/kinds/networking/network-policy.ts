import { parseCidr, strictSubset } from '../../cidr.js';
import { fieldErrors as fe, PORT_RANGE_MESSAGE, portName, portRange } from '../../schema/field-errors.js';
import { arr, isObj, type Obj, specOf } from '../../schema/json-values.js';
import { validateLabelSelector } from '../../schema/validate-selector.js';
import { networkPolicyPrinter } from '../../table/network-policy.js';
import type { KubeObject, StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

/** SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort. */
function defaultNetworkPolicy(o: KubeObject): void {
  const spec = specOf(o);
  if (!isObj(o.spec)) o.spec = spec;
  if (!isObj(spec.podSelector)) spec.podSelector = {};
  for (const rule of [...arr(spec.ingress), ...arr(spec.egress)])
    for (const port of arr(rule.ports)) port.protocol ??= 'TCP';
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0)
    spec.policyTypes = arr(spec.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function validatePort(port: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol))
    causes.push(fe.notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  if (typeof port.port === 'string') {
    if (port.endPort !== undefined)
      causes.push(
        fe.invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is non-numeric'),
      );
    for (const msg of portName(port.port)) causes.push(fe.invalid(`${path}.port`, port.port, msg));
  } else if (port.port !== undefined) {
    if (!portRange(port.port)) causes.push(fe.invalid(`${path}.port`, port.port, PORT_RANGE_MESSAGE));
    if (port.endPort !== undefined) {
      // Kubernetes shows `port`'s value here.
      if (port.endPort < port.port)
        causes.push(fe.invalid(`${path}.endPort`, port.port, 'must be greater than or equal to `port`'));
      if (!portRange(port.endPort))
        causes.push(fe.invalid(`${path}.endPort`, port.endPort, PORT_RANGE_MESSAGE));
    }
  } else if (port.endPort !== undefined)
    causes.push(
      fe.invalid(`${path}.endPort`, port.endPort, 'may not be specified when `port` is not specified'),
    );
  return causes;
}

function validateIpBlock(block: Obj, path: string): StatusCause[] {
  if (!block.cidr) return [fe.required(`${path}.cidr`)];
  const cidr = parseCidr(String(block.cidr));
  if (!cidr)
    return [
      fe.invalid(
        `${path}.cidr`,
        block.cidr,
        'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ),
    ];
  const causes: StatusCause[] = [];
  (Array.isArray(block.except) ? block.except : []).forEach((e: unknown, i: number) => {
    const p = `${path}.except[${i}]`;
    const except = parseCidr(String(e));
    if (!except)
      causes.push(fe.invalid(p, e, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    else if (!strictSubset(except, cidr)) causes.push(fe.invalid(p, e, 'must be a strict subset of `cidr`'));
  });
  return causes;
}

function validatePeer(peer: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  let peers = 0;
  if (isObj(peer.podSelector)) {
    peers++;
    causes.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
  }
  if (isObj(peer.namespaceSelector)) {
    peers++;
    causes.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (isObj(peer.ipBlock)) {
    peers++;
    causes.push(...validateIpBlock(peer.ipBlock, `${path}.ipBlock`));
  }
  if (peers === 0) causes.push(fe.required(path, 'must specify a peer'));
  else if (peers > 1 && isObj(peer.ipBlock))
    causes.push(fe.forbidden(path, 'may not specify both ipBlock and another peer'));
  return causes;
}

/** ValidateNetworkPolicySpec. */
function validateNetworkPolicy(o: Obj): StatusCause[] {
  const spec = specOf(o);
  const causes = validateLabelSelector(spec.podSelector ?? {}, 'spec.podSelector');
  const rules = (key: 'ingress' | 'egress', peersKey: 'from' | 'to') =>
    arr(spec[key]).forEach((rule, i) => {
      const path = `spec.${key}[${i}]`;
      arr(rule.ports).forEach((p, j) => {
        causes.push(...validatePort(p, `${path}.ports[${j}]`));
      });
      arr(rule[peersKey]).forEach((p, j) => {
        causes.push(...validatePeer(p, `${path}.${peersKey}[${j}]`));
      });
    });
  rules('ingress', 'from');
  rules('egress', 'to');
  const types: unknown[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  if (types.length > 2)
    return [...causes, fe.invalid('spec.policyTypes', types, 'may not specify more than two policyTypes')];
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(String(t)))
      causes.push(fe.notSupported(`spec.policyTypes[${i}]`, t, POLICY_TYPES));
  });
  return causes;
}

export const NETWORK_POLICIES: KindDef = {
  ...resources.NETWORK_POLICIES,
  versions: [builtinVersion('networking.k8s.io', 'v1', 'NetworkPolicy')],
  printer: networkPolicyPrinter,
  defaults: defaultNetworkPolicy,
  validate: validateNetworkPolicy,
};
