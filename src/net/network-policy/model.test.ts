import { describe, expect, it } from 'vitest';
import type { NetworkPolicy, Pod } from '../../api/kinds/types.generated.js';
import { clusterDnsEndpoint } from './inputs.js';
import { formatBlock, ipv4Block, subtract } from './ipv4-blocks.js';
import { type Allow, type PolicyWorld, podEndpoint, podPolicy } from './model.js';
import { renderGatewayFilter, renderPodFilter } from './rules.js';

const pod = (
  namespace: string,
  name: string,
  ip: string,
  labels: Record<string, string>,
  ports: object[] = [],
) =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, labels, uid: name },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x', ports }] },
    status: { phase: 'Running', podIP: ip, hostIP: '10.244.0.2' },
  }) as Pod;

const policy = (namespace: string, spec: NetworkPolicy['spec']): NetworkPolicy =>
  ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace, name: 'p' },
    spec,
  }) as NetworkPolicy;

const web = pod('default', 'web', '10.244.128.2', { app: 'web' }, [{ name: 'http', containerPort: 8080 }]);
const client = pod('default', 'client', '10.244.128.3', { app: 'client' });
const other = pod('other', 'other', '10.244.128.4', { app: 'client' });
const namespaces = new Map([
  ['default', {}],
  ['other', { team: 'a' }],
]);

const world = (...policies: NetworkPolicy[]): PolicyWorld => ({
  policies,
  endpoints: [web, client, other].map((p) => podEndpoint(p)!).concat(clusterDnsEndpoint('10.244.64.10')),
  namespaces,
});
const of = (w: PolicyWorld, p: Pod) => podPolicy(w, podEndpoint(p)!);
const peers = (allows: Allow[] | undefined) => allows?.map((a) => a.peer);

describe('what NetworkPolicies allow a pod', () => {
  it('isolates nothing a policy does not select, and isolates for ingress by default', () => {
    const w = world(policy('default', { podSelector: { matchLabels: { app: 'web' } } }));
    expect(of(w, client)).toEqual({});
    expect(of(w, web)).toEqual({ ingress: [] });
  });

  it('admits the union of the rules of every policy selecting the pod', () => {
    const w = world(
      policy('default', {
        podSelector: {},
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }],
      }),
      policy('default', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }] }],
      }),
    );
    expect(peers(of(w, web).ingress)).toEqual(['10.244.128.3/32', '10.244.128.4/32']);
    expect(peers(of(w, client).ingress)).toEqual(['10.244.128.3/32']);
  });

  it('selects pods of the selected namespaces when both selectors are given, by namespace name too', () => {
    const w = world(
      policy('default', {
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } },
                podSelector: { matchLabels: { app: 'client' } },
              },
            ],
          },
        ],
      }),
    );
    expect(peers(of(w, web).ingress)).toEqual(['10.244.128.4/32']);
  });

  it('resolves ipBlock less except, numbered, ranged and named ports', () => {
    const w = world(
      policy('default', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [
          {
            from: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.128.0/17', '10.244.0.0/24'] } }],
            ports: [
              { protocol: 'TCP', port: 'http' },
              { protocol: 'UDP', port: 53, endPort: 60 },
              { port: 'nope' },
            ],
          },
        ],
      }),
    );
    const allows = of(w, web).ingress ?? [];
    expect([...new Set(peers(allows))].sort()).toEqual(
      subtract(ipv4Block('10.244.0.0/16')!, [ipv4Block('10.244.128.0/17')!, ipv4Block('10.244.0.0/24')!])
        .map(formatBlock)
        .sort(),
    );
    expect(new Set(allows.map((a) => JSON.stringify(a.ports)))).toEqual(
      new Set([
        JSON.stringify({ protocol: 'tcp', port: 8080 }),
        JSON.stringify({ protocol: 'udp', port: 53, endPort: 60 }),
      ]),
    );
  });

  it('limits egress when asked, a named destination port per pod, the cluster DNS as kube-dns', () => {
    const w = world(
      policy('default', {
        podSelector: { matchLabels: { app: 'client' } },
        policyTypes: ['Egress'],
        egress: [
          { to: [{ podSelector: {} }], ports: [{ port: 'http', protocol: 'TCP' }] },
          {
            to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [{ port: 53, protocol: 'UDP' }],
          },
        ],
      }),
    );
    expect(of(w, client)).toEqual({
      egress: [
        { peer: '10.244.128.2/32', ports: { protocol: 'tcp', port: 8080 } },
        { peer: '10.244.64.10/32', ports: { protocol: 'udp', port: 53 } },
      ],
    });
  });
});

describe('ipv4 blocks', () => {
  it('subtracts exceptions into disjoint blocks', () => {
    expect(subtract(ipv4Block('10.0.0.0/30')!, [ipv4Block('10.0.0.1/32')!]).map(formatBlock)).toEqual([
      '10.0.0.0/32',
      '10.0.0.2/31',
    ]);
    expect(subtract(ipv4Block('10.0.0.0/24')!, [ipv4Block('10.0.0.0/8')!])).toEqual([]);
    expect(ipv4Block('2001:db8::/64')).toBeUndefined();
  });
});

describe('the rules', () => {
  it('replace a pod namespace filter table: replies, loopback, trusted sources, allows, then drop', () => {
    const table = renderPodFilter(
      {
        ingress: [{ peer: '10.244.128.3/32', ports: { protocol: 'tcp', port: 80, endPort: 90 } }],
        egress: [{ peer: '0.0.0.0/0', ports: { protocol: 'udp', port: 53 } }],
      },
      { trustedSources: ['10.244.0.2'], serviceRange: '10.244.64.0/18', decidedHere: ['10.244.64.10'] },
    );
    expect(table.split('\n')).toEqual([
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':MINIK8S-INGRESS - [0:0]',
      ':MINIK8S-EGRESS - [0:0]',
      '-A INPUT -j MINIK8S-INGRESS',
      '-A MINIK8S-INGRESS -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A MINIK8S-INGRESS -i lo -j ACCEPT',
      '-A MINIK8S-INGRESS -s 10.244.0.2/32 -j ACCEPT',
      '-A MINIK8S-INGRESS -s 10.244.128.3/32 -p tcp -m tcp --dport 80:90 -j ACCEPT',
      '-A MINIK8S-INGRESS -j DROP',
      '-A OUTPUT -j MINIK8S-EGRESS',
      '-A MINIK8S-EGRESS -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A MINIK8S-EGRESS -o lo -j ACCEPT',
      '-A MINIK8S-EGRESS -p udp -m udp --dport 53 -j ACCEPT',
      '-A MINIK8S-EGRESS -d 10.244.64.10/32 -j DROP',
      '-A MINIK8S-EGRESS -d 10.244.64.0/18 -j ACCEPT',
      '-A MINIK8S-EGRESS -j DROP',
      'COMMIT',
      '',
    ]);
    expect(renderPodFilter({}, { trustedSources: [], decidedHere: [] })).not.toContain('DROP');
  });

  it('check Service traffic in the network container per pod and direction, deleting stale chains', () => {
    const first = renderGatewayFilter(
      [
        {
          ip: '10.244.128.2',
          policy: { ingress: [{ peer: '10.244.128.3/32' }] },
          trustedSources: ['10.244.0.2'],
        },
      ],
      new Set(),
      false,
    );
    expect(first).toContain('-A MINIK8S-POLICY -d 10.244.128.2/32 -j MINIK8S-PI-');
    expect(first).toMatch(/-A MINIK8S-PI-\w+ -s 10.244.128.3\/32 -j RETURN/);
    expect(first).toContain('-A FORWARD -m comment --comment "kubernetes network policy" -j MINIK8S-POLICY');
    const chain = /:(MINIK8S-PI-\w+)/.exec(first)![1]!;
    const again = renderGatewayFilter([], new Set(['MINIK8S-POLICY', chain, 'KUBE-SERVICES']), true);
    expect(again).toContain(`-X ${chain}`);
    expect(again).not.toContain('KUBE-SERVICES');
    expect(again).not.toContain('-A FORWARD');
  });
});
