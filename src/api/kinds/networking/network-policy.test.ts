import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types.js';
import { NETWORK_POLICIES } from './network-policy.js';

const np = (spec: object): KubeObject =>
  ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'd' },
    spec,
  }) as KubeObject;
const defaulted = (spec: object) => {
  const o = np(spec);
  NETWORK_POLICIES.defaults!(o);
  return o.spec;
};
const errors = (spec: object) => NETWORK_POLICIES.validate!(np(spec)).map((c) => `${c.field}: ${c.message}`);

describe('NetworkPolicy', () => {
  it("defaults as Kubernetes: Ingress always, Egress with egress rules, ports' protocol TCP", () => {
    expect(defaulted({ podSelector: {} })).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(defaulted({ egress: [{ ports: [{ port: 53 }] }] })).toEqual({
      podSelector: {},
      egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }],
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(defaulted({ podSelector: {}, policyTypes: ['Egress'] }).policyTypes).toEqual(['Egress']);
  });

  it("refuses what Kubernetes' validation refuses, with its messages", () => {
    expect(
      errors({
        podSelector: {},
        policyTypes: ['Ingress', 'Sideways'],
        ingress: [
          {
            from: [
              {},
              { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} },
              { ipBlock: { cidr: '10.0.0/8' } },
            ],
            ports: [{ port: 0 }, { port: 'http', endPort: 90 }, { endPort: 90 }, { port: 100, endPort: 90 }],
          },
        ],
        egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/16', '10.0.1.0/24'] } }] }],
      }),
    ).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ingress[0].ports[1].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
      'spec.ingress[0].ports[2].endPort: Invalid value: 90: may not be specified when `port` is not specified',
      'spec.ingress[0].ports[3].endPort: Invalid value: 100: must be greater than or equal to `port`',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
      'spec.ingress[0].from[2].ipBlock.cidr: Invalid value: "10.0.0/8": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]);
  });
});
