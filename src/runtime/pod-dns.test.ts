import { describe, expect, it } from 'vitest';
import type { PodSpec, ServedPod } from '../api/kinds/index.js';
import { podDns, resolvConfText } from './pod-dns.js';

const pod = (spec: Partial<PodSpec> = {}, ns = 'shop'): ServedPod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: ns, uid: 'u-1' },
    spec: { containers: [{ name: 'c', image: 'busybox' }], dnsPolicy: 'ClusterFirst', ...spec },
  }) as ServedPod;

describe('podDns', () => {
  it('points ClusterFirst at the cluster DNS with the namespace search path and ndots:5', () => {
    expect(podDns(pod(), '10.244.64.10')).toEqual({
      dns: {
        servers: ['10.244.64.10'],
        searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
        options: ['ndots:5'],
        own: true,
      },
      warnings: [],
    });
  });

  it("keeps the node's resolver for Default, and for ClusterFirst on the host network", () => {
    const empty = { servers: [], searches: [], options: [], own: false };
    expect(podDns(pod({ dnsPolicy: 'Default' }), '10.244.64.10').dns).toEqual(empty);
    expect(podDns(pod({ hostNetwork: true }), '10.244.64.10').dns).toEqual(empty);
    expect(
      podDns(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), '10.244.64.10').dns.servers,
    ).toEqual(['10.244.64.10']);
  });

  it('falls back to Default with a MissingClusterDNS warning when the node knows no cluster DNS', () => {
    const { dns, warnings } = podDns(pod(), undefined);
    expect(dns.servers).toEqual([]);
    expect(warnings).toEqual([
      {
        reason: 'MissingClusterDNS',
        message:
          'pod: "p_shop(u-1)". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.',
      },
    ]);
  });

  it('uses only dnsConfig for None', () => {
    const spec: Partial<PodSpec> = {
      dnsPolicy: 'None',
      dnsConfig: {
        nameservers: ['10.244.0.1'],
        searches: ['corp.example'],
        options: [{ name: 'ndots', value: '2' }],
      },
    };
    expect(podDns(pod(spec), '10.244.64.10').dns).toEqual({
      servers: ['10.244.0.1'],
      searches: ['corp.example'],
      options: ['ndots:2'],
      own: true,
    });
  });

  it('merges dnsConfig into ClusterFirst: duplicates dropped, options overridden by name', () => {
    const spec: Partial<PodSpec> = {
      dnsConfig: {
        nameservers: ['10.244.64.10', '10.244.0.1'],
        searches: ['cluster.local', 'corp.example'],
        options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }],
      },
    };
    expect(podDns(pod(spec), '10.244.64.10').dns).toEqual({
      servers: ['10.244.64.10', '10.244.0.1'],
      searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp.example'],
      options: ['ndots:2', 'edns0'],
      own: true,
    });
  });

  it('keeps the first three nameservers, telling the pod which', () => {
    const spec: Partial<PodSpec> = { dnsConfig: { nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3'] } };
    const { dns, warnings } = podDns(pod(spec), '10.244.64.10');
    expect(dns.servers).toEqual(['10.244.64.10', '10.0.0.1', '10.0.0.2']);
    expect(warnings).toEqual([
      {
        reason: 'DNSConfigForming',
        message:
          'Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.244.64.10 10.0.0.1 10.0.0.2',
      },
    ]);
  });

  it('adds dnsConfig to the node resolver for Default, and writes a resolv.conf as the CRI does', () => {
    const spec: Partial<PodSpec> = { dnsPolicy: 'Default', dnsConfig: { searches: ['corp.example'] } };
    expect(podDns(pod(spec), '10.244.64.10').dns).toEqual({
      servers: [],
      searches: ['corp.example'],
      options: [],
      own: false,
    });
    expect(resolvConfText(podDns(pod(), '10.244.64.10').dns)).toBe(
      'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.244.64.10\noptions ndots:5\n',
    );
  });
});
