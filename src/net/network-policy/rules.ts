/**
 * NetworkPolicy as iptables filter rules, in two places:
 * - a pod's own network namespace (the node agent writes its whole filter table): INPUT and
 *   OUTPUT jump to chains that accept replies, loopback and what the policies allow, and drop the
 *   rest; a direction the pod is not isolated for gets no chain;
 * - the network container, where Service traffic is DNATed to its endpoint (the service proxy):
 *   FORWARD checks the client pod's egress and the endpoint pod's ingress against the real
 *   addresses, before the masquerade hides the client.
 */
import { createHash } from 'node:crypto';
import type { Allow, PodPolicy } from './model.js';

export const INGRESS_CHAIN = 'MINIK8S-INGRESS';
export const EGRESS_CHAIN = 'MINIK8S-EGRESS';
export const GATEWAY_CHAIN = 'MINIK8S-POLICY';
const GATEWAY_PREFIX = /^MINIK8S-(POLICY|PI-|PE-)/;
const REPLIES = '-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT';

const ANYWHERE = '0.0.0.0/0';

/** The match of one allowed peer and port; `flag` is -s for sources, -d for destinations. */
export function allowMatch(flag: '-s' | '-d', a: Allow): string {
  const parts: string[] = [];
  if (a.peer !== ANYWHERE) parts.push(`${flag} ${a.peer}`);
  const p = a.ports;
  if (p) {
    parts.push(`-p ${p.protocol}`);
    if (p.port !== undefined)
      parts.push(
        `-m ${p.protocol} --dport ${p.endPort !== undefined && p.endPort !== p.port ? `${p.port}:${p.endPort}` : p.port}`,
      );
  }
  return parts.join(' ');
}

const rule = (chain: string, match: string, target: string) =>
  `-A ${chain}${match ? ` ${match}` : ''} -j ${target}`;

export interface PodNetnsContext {
  /** Sources always admitted: the pod's own node (as Kubernetes has it) and the network container. */
  trustedSources: string[];
  /**
   * The service range: egress to it is decided where it is DNATed (the network container), except
   * for the addresses in `decidedHere`, served by no endpoint pod (the cluster DNS).
   */
  serviceRange?: string;
  decidedHere: string[];
}

/** The whole filter table of a pod's network namespace, for iptables-restore (which replaces it). */
export function renderPodFilter(policy: PodPolicy, ctx: PodNetnsContext): string {
  const chains: string[] = [];
  const rules: string[] = [];
  if (policy.ingress) {
    chains.push(INGRESS_CHAIN);
    rules.push(
      `-A INPUT -j ${INGRESS_CHAIN}`,
      `-A ${INGRESS_CHAIN} ${REPLIES}`,
      `-A ${INGRESS_CHAIN} -i lo -j ACCEPT`,
      ...ctx.trustedSources.map((ip) => rule(INGRESS_CHAIN, `-s ${ip}/32`, 'ACCEPT')),
      ...policy.ingress.map((a) => rule(INGRESS_CHAIN, allowMatch('-s', a), 'ACCEPT')),
      `-A ${INGRESS_CHAIN} -j DROP`,
    );
  }
  if (policy.egress) {
    chains.push(EGRESS_CHAIN);
    rules.push(
      `-A OUTPUT -j ${EGRESS_CHAIN}`,
      `-A ${EGRESS_CHAIN} ${REPLIES}`,
      `-A ${EGRESS_CHAIN} -o lo -j ACCEPT`,
      ...policy.egress.map((a) => rule(EGRESS_CHAIN, allowMatch('-d', a), 'ACCEPT')),
    );
    if (ctx.serviceRange)
      rules.push(
        ...ctx.decidedHere.map((ip) => rule(EGRESS_CHAIN, `-d ${ip}/32`, 'DROP')),
        rule(EGRESS_CHAIN, `-d ${ctx.serviceRange}`, 'ACCEPT'),
      );
    rules.push(`-A ${EGRESS_CHAIN} -j DROP`);
  }
  return [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ...chains.map((c) => `:${c} - [0:0]`),
    ...rules,
    'COMMIT',
    '',
  ].join('\n');
}

/** One isolated pod as the network container sees it. */
export interface GatewayPod {
  ip: string;
  policy: PodPolicy;
  /** Sources always admitted (the pod's own node). */
  trustedSources: string[];
}

const chainName = (prefix: string, key: string) =>
  `${prefix}${createHash('sha256').update(key).digest('hex').slice(0, 16).toUpperCase()}`;

export const GATEWAY_JUMP = `-A FORWARD -m comment --comment "kubernetes network policy" -j ${GATEWAY_CHAIN}`;

/**
 * The network container's filter rules for `iptables-restore --noflush`: one chain per isolated
 * pod and direction, entered from FORWARD by the pod's address; an allowed packet returns (to
 * meet the other end's chain), anything else is dropped. `existing` are the chains there now:
 * ours no longer used are deleted; `jumped` says whether FORWARD already jumps to ours.
 */
export function renderGatewayFilter(pods: GatewayPod[], existing: Set<string>, jumped: boolean): string {
  const chains = [GATEWAY_CHAIN];
  const rules = [`-A ${GATEWAY_CHAIN} ${REPLIES}`];
  for (const pod of [...pods].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0))) {
    if (pod.policy.egress) {
      const chain = chainName('MINIK8S-PE-', pod.ip);
      chains.push(chain);
      rules.push(
        rule(GATEWAY_CHAIN, `-s ${pod.ip}/32`, chain),
        ...pod.policy.egress.map((a) => rule(chain, allowMatch('-d', a), 'RETURN')),
        `-A ${chain} -j DROP`,
      );
    }
    if (pod.policy.ingress) {
      const chain = chainName('MINIK8S-PI-', pod.ip);
      chains.push(chain);
      rules.push(
        rule(GATEWAY_CHAIN, `-d ${pod.ip}/32`, chain),
        ...pod.trustedSources.map((ip) => rule(chain, `-s ${ip}/32`, 'RETURN')),
        ...pod.policy.ingress.map((a) => rule(chain, allowMatch('-s', a), 'RETURN')),
        `-A ${chain} -j DROP`,
      );
    }
  }
  const stale = [...existing].filter((c) => GATEWAY_PREFIX.test(c) && !chains.includes(c)).sort();
  return [
    '*filter',
    ...[...chains, ...stale].map((c) => `:${c} - [0:0]`),
    ...rules,
    ...(jumped ? [] : [GATEWAY_JUMP]),
    ...stale.map((c) => `-X ${c}`),
    'COMMIT',
    '',
  ].join('\n');
}
