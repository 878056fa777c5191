import {
  NETWORK_POLICIES,
  type NetworkPolicy,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
} from '../../api/kinds/index.js';
import { formatLabelSelector } from '../../api/table/format.js';
import {
  type DescribeWriter,
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  ofObject,
  printAnnotationsMultiline,
  printLabelsMultiline,
  tabbed,
} from './shared.js';

const two = (n: number) => String(n).padStart(2, '0');

/** metav1.Time's String (Go's time.Time.String) in local time: `2026-11-30 08:40:45 +0000 UTC`. */
export function goTimeString(timestamp: string | undefined | null): string {
  if (!timestamp) return '0001-01-01 00:00:00 +0000 UTC';
  const d = new Date(timestamp);
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${two(Math.trunc(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
  const name =
    offset === 0 && Intl.DateTimeFormat().resolvedOptions().timeZone === 'UTC'
      ? 'UTC'
      : (new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
          .formatToParts(d)
          .find((p) => p.type === 'timeZoneName')?.value ?? '');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone} ${name}`;
}

function printPorts(ports: NetworkPolicyPort[] | undefined, indent: string, w: DescribeWriter): void {
  if (!ports?.length) {
    w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const p of ports) {
    const port = p.port ?? '<nil>';
    const proto = p.protocol ?? 'TCP';
    if (p.endPort === undefined || p.endPort === null)
      w.write(LEVEL_0, `${indent}To Port: ${port}/${proto}\n`);
    else w.write(LEVEL_0, `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
  }
}

function printPeers(title: string, peers: NetworkPolicyPeer[], indent: string, w: DescribeWriter): void {
  for (const peer of peers) {
    w.write(LEVEL_0, `${indent}${title}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector)
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    else if (peer.namespaceSelector)
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    else if (peer.ipBlock) {
      w.write(LEVEL_1, `${indent}IPBlock:\n`);
      w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
      w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

/** printNetworkPolicySpecIngressFrom and ...EgressTo: each rule's ports and peers, rules apart by a line of dashes. */
function printRules(
  rules: { ports?: NetworkPolicyPort[]; peers?: NetworkPolicyPeer[] }[] | undefined,
  direction: 'ingress' | 'egress',
  w: DescribeWriter,
): void {
  const indent = '    ';
  const [title, any] =
    direction === 'ingress'
      ? ['From', 'From: <any> (traffic not restricted by source)']
      : ['To', 'To: <any> (traffic not restricted by destination)'];
  if (!rules?.length) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${direction} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    printPorts(rule.ports, indent, w);
    if (!rule.peers?.length) w.write(LEVEL_0, `${indent}${any}\n`);
    else printPeers(title, rule.peers, indent, w);
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

/** kubectl's describeNetworkPolicy. */
export function describeNetworkPolicyText(np: NetworkPolicy): string {
  return tabbed((w) => {
    const spec = np.spec ?? {};
    w.write(LEVEL_0, `Name:\t${np.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', np.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations);
    w.write(LEVEL_0, 'Spec:\n');
    w.write(LEVEL_1, 'PodSelector: ');
    const selector = spec.podSelector;
    if (!Object.keys(selector?.matchLabels ?? {}).length && !selector?.matchExpressions?.length)
      w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    else w.write(LEVEL_2, `${formatLabelSelector(selector)}\n`);
    const types = spec.policyTypes ?? [];
    if (types.includes('Ingress')) {
      w.write(LEVEL_1, 'Allowing ingress traffic:\n');
      printRules(
        spec.ingress?.map((r) => ({ ports: r.ports, peers: r.from })),
        'ingress',
        w,
      );
    } else w.write(LEVEL_1, 'Not affecting ingress traffic\n');
    if (types.includes('Egress')) {
      w.write(LEVEL_1, 'Allowing egress traffic:\n');
      printRules(
        spec.egress?.map((r) => ({ ports: r.ports, peers: r.to })),
        'egress',
        w,
      );
    } else w.write(LEVEL_1, 'Not affecting egress traffic\n');
    w.write(LEVEL_1, `Policy Types: ${types.length ? types.join(', ') : '<none>'}\n`);
  });
}

export const describeNetworkPolicy = ofObject<NetworkPolicy>(NETWORK_POLICIES, describeNetworkPolicyText);
