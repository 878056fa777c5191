/**
 * The service proxy's iptables rules, as kube-proxy's iptables mode writes them: in the nat
 * table each Service port jumps to a KUBE-SVC chain that picks an endpoint at random (statistic
 * match; `recent` for ClientIP affinity) and DNATs to it, marking the packet for MASQUERADE so the
 * reply comes back through this machine. In the filter table, whatever still reaches a service
 * address here (no endpoint, no local endpoint, an unallocated address or port) is refused at
 * once: TCP with a reset, the rest with ICMP port unreachable.
 */
import { createHash } from 'node:crypto';
import type { LocalService, ProxyEndpoint, ProxyPort } from './model.js';

export interface RuleInputs {
  ports: ProxyPort[];
  /** The whole service range (CIDR): every address of it is answered or refused here. */
  serviceRange: string;
  /** What this machine serves itself at a service address (the cluster DNS). */
  local: LocalService[];
  /** Which node a client address is on (pods and nodes), for internalTrafficPolicy Local. */
  clientNodes: Map<string, string>;
}

/** Chains and jumps the tables hold now, read from iptables-save. */
export interface CurrentRules {
  chains: { nat: Set<string>; filter: Set<string> };
  jumps: Set<string>;
}

const MASQ_MARK = '0x4000/0x4000';
const OURS = /^KUBE-(SERVICES|POSTROUTING|MARK-MASQ|SVC-|SVL-|SEP-)/;

/** The jumps from the built-in chains, added once: restores leave the built-in chains alone. */
export const JUMPS = {
  nat: [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
  ],
  filter: ['-A INPUT -m comment --comment "kubernetes service refusals" -j KUBE-SERVICES'],
};

const chainName = (prefix: string, key: string) =>
  `${prefix}${createHash('sha256').update(key).digest('hex').slice(0, 16).toUpperCase()}`;

const proto = (p: ProxyPort) => p.protocol.toLowerCase();
const portId = (p: ProxyPort) => `${p.key}/${p.protocol}`;

/** The rules that pick one of `endpoints` for a new connection and send it there. */
function balance(
  chain: string,
  p: ProxyPort,
  endpoints: ProxyEndpoint[],
  rules: string[],
  chains: string[],
): void {
  const comment = `-m comment --comment "${p.key}"`;
  const seps = endpoints.map((ep) => ({
    ep,
    chain: chainName('KUBE-SEP-', `${portId(p)}>${ep.ip}:${ep.port}`),
  }));
  if (p.affinitySeconds !== undefined) {
    for (const s of seps)
      rules.push(
        `-A ${chain} ${comment} -m recent --name ${s.chain} --mask 255.255.255.255 --rsource --rcheck --seconds ${p.affinitySeconds} --reap -j ${s.chain}`,
      );
  }
  seps.forEach((s, i) => {
    const left = seps.length - i;
    const pick = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(11)}` : '';
    rules.push(`-A ${chain} ${comment}${pick} -j ${s.chain}`);
  });
  for (const s of seps) {
    if (chains.includes(s.chain)) continue;
    chains.push(s.chain);
    const affinity =
      p.affinitySeconds !== undefined
        ? ` -m recent --name ${s.chain} --mask 255.255.255.255 --rsource --set`
        : '';
    rules.push(`-A ${s.chain} ${comment} -j KUBE-MARK-MASQ`);
    rules.push(
      `-A ${s.chain} ${comment} -p ${proto(p)}${affinity} -m ${proto(p)} -j DNAT --to-destination ${s.ep.ip}:${s.ep.port}`,
    );
  }
}

/** The nat table's chains and rules for one Service port. */
function portRules(p: ProxyPort, clientNodes: Map<string, string>, rules: string[], chains: string[]): void {
  if (p.endpoints.length === 0) return;
  const svc = chainName('KUBE-SVC-', portId(p));
  chains.push(svc);
  rules.push(
    `-A KUBE-SERVICES -d ${p.clusterIP}/32 -p ${proto(p)} -m comment --comment "${p.key} cluster IP" -m ${proto(p)} --dport ${p.port} -j ${svc}`,
  );
  if (!p.localOnly) {
    balance(svc, p, p.endpoints, rules, chains);
    return;
  }
  // One proxy serves the whole cluster, so a client's node is read from its source address.
  const byNode = new Map<string, ProxyEndpoint[]>();
  for (const ep of p.endpoints)
    if (ep.nodeName) byNode.set(ep.nodeName, [...(byNode.get(ep.nodeName) ?? []), ep]);
  const nodeChains = new Map<string, string>();
  for (const [node, eps] of [...byNode].sort(([a], [b]) => a.localeCompare(b))) {
    const chain = chainName('KUBE-SVL-', `${portId(p)}@${node}`);
    nodeChains.set(node, chain);
    chains.push(chain);
    balance(chain, p, eps, rules, chains);
  }
  for (const [ip, node] of [...clientNodes].sort(([a], [b]) => a.localeCompare(b))) {
    const chain = nodeChains.get(node);
    if (chain) rules.push(`-A ${svc} -s ${ip}/32 -m comment --comment "${p.key} on ${node}" -j ${chain}`);
  }
}

/** The iptables-restore input (for `--noflush`) that makes the tables hold exactly these rules. */
export function renderRules(inputs: RuleInputs, current: CurrentRules): string {
  const natChains = ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];
  const nat = [
    `-A KUBE-MARK-MASQ -j MARK --set-xmark ${MASQ_MARK}`,
    `-A KUBE-POSTROUTING -m mark ! --mark ${MASQ_MARK} -j RETURN`,
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  ];
  for (const p of inputs.ports) portRules(p, inputs.clientNodes, nat, natChains);

  const filter = inputs.local.map(
    (l) =>
      `-A KUBE-SERVICES -d ${l.ip}/32 -p ${l.protocol.toLowerCase()} -m ${l.protocol.toLowerCase()} --dport ${l.port} -j RETURN`,
  );
  filter.push(
    `-A KUBE-SERVICES -d ${inputs.serviceRange} -p tcp -m comment --comment "no endpoint" -j REJECT --reject-with tcp-reset`,
    `-A KUBE-SERVICES -d ${inputs.serviceRange} -m comment --comment "no endpoint" -j REJECT --reject-with icmp-port-unreachable`,
  );

  return [
    table('filter', ['KUBE-SERVICES'], filter, current.chains.filter, JUMPS.filter, current.jumps),
    table('nat', natChains, nat, current.chains.nat, JUMPS.nat, current.jumps),
  ].join('');
}

function table(
  name: string,
  chains: string[],
  rules: string[],
  existing: Set<string>,
  jumps: string[],
  currentJumps: Set<string>,
): string {
  // Declaring a chain flushes it; a stale chain is declared (flushed) too, then deleted.
  const stale = [...existing].filter((c) => OURS.test(c) && !chains.includes(c)).sort();
  return [
    `*${name}`,
    ...[...chains, ...stale].map((c) => `:${c} - [0:0]`),
    ...rules,
    ...jumps.filter((j) => !currentJumps.has(j)),
    ...stale.map((c) => `-X ${c}`),
    'COMMIT',
    '',
  ].join('\n');
}

/** The chains and built-in jumps in `iptables-save` output. */
export function parseSaved(saved: string): CurrentRules {
  const chains = { nat: new Set<string>(), filter: new Set<string>() };
  const jumps = new Set<string>();
  let tableName = '';
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) tableName = line.slice(1).trim();
    else if (line.startsWith(':')) {
      const chain = line.slice(1).split(' ')[0] ?? '';
      if (tableName === 'nat' || tableName === 'filter') chains[tableName].add(chain);
    } else if (line.startsWith('-A ')) jumps.add(line.trim());
  }
  return { chains, jumps };
}
