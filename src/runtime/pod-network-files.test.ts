import { describe, expect, it } from 'vitest';
import type { PodSpec, ServedPod } from '../api/kinds/index.js';
import { hostsFileText } from './pod-network-files.js';

const pod = (spec: Partial<PodSpec> = {}): ServedPod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1' },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
  }) as ServedPod;

const HEADER = [
  '# Kubernetes-managed hosts file.',
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'fe00::0\tip6-mcastprefix',
  'fe00::1\tip6-allnodes',
  'fe00::2\tip6-allrouters',
];

describe('hostsFileText', () => {
  it("names the pod's address by its hostname", () => {
    expect(hostsFileText(pod(), ['10.244.128.4'])).toBe([...HEADER, '10.244.128.4\tweb-1', ''].join('\n'));
  });

  it('gives a pod with hostname and subdomain its FQDN, then its hostAliases', () => {
    const spec: Partial<PodSpec> = {
      hostname: 'db-0',
      subdomain: 'db',
      hostAliases: [{ ip: '127.0.0.1', hostnames: ['foo.local', 'bar.local'] }],
    };
    expect(hostsFileText(pod(spec), ['10.244.128.4'])).toBe(
      [
        ...HEADER,
        '10.244.128.4\tdb-0.db.shop.svc.cluster.local\tdb-0',
        '',
        '# Entries added by HostAliases.',
        '127.0.0.1\tfoo.local\tbar.local',
        '',
      ].join('\n'),
    );
  });
});
