import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../../api/kinds/types.generated.js';
import { staleFlows, udpEndpoints } from './conntrack.js';
import { type ProxyPort, proxyPorts } from './model.js';
import { type CurrentRules, parseSaved, renderRules } from './rules.js';

const RANGE = '10.244.64.0/18';
const inRange = (ip: string) => ip.startsWith('10.244.');
const none: CurrentRules = { chains: { nat: new Set(), filter: new Set() }, jumps: new Set() };

const svc = (name: string, spec: Record<string, unknown>): Service =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec }) as Service;

const slice = (
  ports: { name?: string; port: number; protocol?: 'TCP' | 'UDP' }[],
  endpoints: { ip: string; ready?: boolean; serving?: boolean; terminating?: boolean; node?: string }[],
): EndpointSlice =>
  ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-x', namespace: 'default' },
    addressType: 'IPv4',
    ports,
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating },
      nodeName: e.node,
    })),
  }) as EndpointSlice;

const render = (ports: ProxyPort[], clientNodes = new Map<string, string>(), current = none) =>
  renderRules({ ports, serviceRange: RANGE, local: [], clientNodes }, current);

const web: ProxyPort = {
  key: 'default/web:http',
  clusterIP: '10.244.64.2',
  port: 80,
  protocol: 'TCP',
  localOnly: false,
  endpoints: [
    { ip: '10.244.128.2', port: 8080, nodeName: 'a' },
    { ip: '10.244.128.3', port: 8080, nodeName: 'b' },
    { ip: '10.244.128.4', port: 8080, nodeName: 'a' },
  ],
};

const lines = (rules: string, pattern: RegExp) => rules.split('\n').filter((l) => pattern.test(l));

describe('the service proxy model', () => {
  it('takes ready endpoints of the matching named port, numbered targetPorts resolved by the slice', () => {
    const ports = proxyPorts(
      [
        svc('web', {
          clusterIP: '10.244.64.2',
          ports: [
            { name: 'http', port: 80, targetPort: 'web' },
            { name: 'dns', port: 53, protocol: 'UDP' },
          ],
        }),
      ],
      () => [
        slice(
          [
            { name: 'http', port: 8080 },
            { name: 'dns', port: 5353, protocol: 'UDP' },
          ],
          [{ ip: '10.244.128.2', ready: true }, { ip: '10.244.128.3', ready: false }, { ip: '10.244.128.4' }],
        ),
      ],
      inRange,
    );
    expect(ports.map((p) => [p.key, p.protocol, p.endpoints.map((e) => `${e.ip}:${e.port}`)])).toEqual([
      ['default/web:dns', 'UDP', ['10.244.128.2:5353', '10.244.128.4:5353']],
      ['default/web:http', 'TCP', ['10.244.128.2:8080', '10.244.128.4:8080']],
    ]);
  });

  it('falls back to serving endpoints that terminate when none is ready', () => {
    const [p] = proxyPorts(
      [svc('web', { clusterIP: '10.244.64.2', ports: [{ port: 80 }] })],
      () => [
        slice(
          [{ port: 8080 }],
          [
            { ip: '10.244.128.2', ready: false, serving: true, terminating: true },
            { ip: '10.244.128.3', ready: false },
          ],
        ),
      ],
      inRange,
    );
    expect(p?.endpoints.map((e) => e.ip)).toEqual(['10.244.128.2']);
  });

  it('leaves out headless, ExternalName, out-of-range Services and what this machine serves itself', () => {
    const ports = proxyPorts(
      [
        svc('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
        svc('ext', { type: 'ExternalName', externalName: 'example.com' }),
        svc('old', { clusterIP: '10.96.0.5', ports: [{ port: 80 }] }),
        svc('dns', {
          clusterIP: '10.244.64.10',
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP' },
            { name: 'metrics', port: 9153 },
          ],
        }),
      ],
      () => [],
      inRange,
      [{ ip: '10.244.64.10', port: 53, protocol: 'UDP' }],
    );
    expect(ports.map((p) => p.key)).toEqual(['default/dns:metrics']);
  });
});

describe('the service proxy rules', () => {
  it('balances new connections evenly with statistic matches, DNAT and masquerade', () => {
    const rules = render([web]);
    const picks = lines(rules, /^-A KUBE-SVC-/);
    expect(picks).toHaveLength(3);
    expect(picks[0]).toContain('--probability 0.33333333333');
    expect(picks[1]).toContain('--probability 0.50000000000');
    expect(picks[2]).not.toContain('statistic');
    expect(lines(rules, /DNAT --to-destination/).map((l) => l.split(' ').at(-1))).toEqual([
      '10.244.128.2:8080',
      '10.244.128.3:8080',
      '10.244.128.4:8080',
    ]);
    expect(lines(rules, /^-A KUBE-SEP-.* -j KUBE-MARK-MASQ$/)).toHaveLength(3);
    expect(rules).toContain(
      '-A KUBE-SERVICES -d 10.244.64.2/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-',
    );
  });

  it('refuses in the filter table whatever reaches a service address unproxied, TCP with a reset', () => {
    const rules = render([{ ...web, endpoints: [] }]);
    expect(lines(rules, /KUBE-SVC-/)).toEqual([]);
    expect(rules).toContain(
      `-A KUBE-SERVICES -d ${RANGE} -p tcp -m comment --comment "no endpoint" -j REJECT --reject-with tcp-reset`,
    );
    expect(rules).toContain(
      `-A KUBE-SERVICES -d ${RANGE} -m comment --comment "no endpoint" -j REJECT --reject-with icmp-port-unreachable`,
    );
    const local = renderRules(
      {
        ports: [],
        serviceRange: RANGE,
        local: [{ ip: '10.244.64.10', port: 53, protocol: 'UDP' }],
        clientNodes: new Map(),
      },
      none,
    );
    const filter = local.slice(0, local.indexOf('*nat'));
    expect(filter.indexOf('-d 10.244.64.10/32 -p udp -m udp --dport 53 -j RETURN')).toBeLessThan(
      filter.indexOf('REJECT'),
    );
  });

  it('keeps a client on its endpoint with `recent` for ClientIP affinity', () => {
    const rules = render([{ ...web, affinitySeconds: 60 }]);
    expect(lines(rules, /--rcheck --seconds 60 --reap/)).toHaveLength(3);
    expect(lines(rules, /--rsource --set -m tcp -j DNAT/)).toHaveLength(3);
  });

  it('sends clients of internalTrafficPolicy Local to endpoints on their own node only', () => {
    const clients = new Map([
      ['10.244.128.9', 'a'],
      ['10.244.0.3', 'b'],
      ['10.244.128.10', 'c'],
    ]);
    const rules = render([{ ...web, localOnly: true }], clients);
    const bySource = lines(rules, /^-A KUBE-SVC-.* -s /);
    expect(bySource.map((l) => l.split(' ')[3])).toEqual(['10.244.0.3/32', '10.244.128.9/32']);
    const nodeA = bySource[1]!.split(' -j ')[1]!;
    expect(lines(rules, new RegExp(`^-A ${nodeA} .*-j KUBE-SEP-`))).toHaveLength(2);
  });

  it('writes UDP ports as UDP', () => {
    const rules = render([{ ...web, protocol: 'UDP', key: 'default/dns:dns', port: 53 }]);
    expect(lines(rules, /DNAT/).every((l) => l.includes('-p udp') && l.includes('-m udp'))).toBe(true);
  });

  it('adds the built-in jumps once and deletes chains no longer used', () => {
    const first = render([web]);
    const saved = parseSaved(`*nat\n:PREROUTING ACCEPT [0:0]\n${first.split('*nat')[1]}`);
    const again = render([], new Map(), {
      chains: { nat: saved.chains.nat, filter: new Set(['KUBE-SERVICES']) },
      jumps: saved.jumps,
    });
    expect(lines(again, /^-A (PREROUTING|OUTPUT|POSTROUTING|INPUT) /)).toEqual([
      '-A INPUT -m comment --comment "kubernetes service refusals" -j KUBE-SERVICES',
    ]);
    const stale = lines(first, /^:KUBE-(SVC|SEP)-/).map((l) => l.slice(1).split(' ')[0]);
    expect(lines(again, /^-X /)).toEqual(stale.sort().map((c) => `-X ${c}`));
  });
});

describe('stale UDP flows', () => {
  const dns = (endpoints: string[]): ProxyPort => ({
    key: 'default/dns:dns',
    clusterIP: '10.244.64.20',
    port: 53,
    protocol: 'UDP',
    localOnly: false,
    endpoints: endpoints.map((ip) => ({ ip, port: 5353 })),
  });

  it('are those to an endpoint that left', () => {
    const none = udpEndpoints([dns([])]);
    const two = udpEndpoints([dns(['10.244.128.2', '10.244.128.3']), { ...web }]);
    const one = udpEndpoints([dns(['10.244.128.3'])]);
    expect(staleFlows(new Map(), two)).toEqual([]);
    expect(staleFlows(none, two)).toEqual([]);
    expect(staleFlows(two, one)).toEqual([{ clusterIP: '10.244.64.20', port: 53, endpoint: '10.244.128.2' }]);
    expect(staleFlows(one, new Map())).toEqual([
      { clusterIP: '10.244.64.20', port: 53, endpoint: '10.244.128.3' },
    ]);
    expect(staleFlows(two, two)).toEqual([]);
  });
});
