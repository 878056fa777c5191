import { describe, expect, it } from 'vitest';
import { serviceFor } from './expose.js';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { team: 'a' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      spec: {
        containers: [
          {
            name: 'c',
            image: 'i',
            ports: [
              { containerPort: 8080, protocol: 'TCP' },
              { containerPort: 53, protocol: 'UDP' },
            ],
          },
        ],
      },
    },
  },
};

describe('expose', () => {
  it("takes the selector, ports and labels from what it exposes, as kubectl's generator does", () => {
    expect(serviceFor('Deployment', deployment, {})).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: { team: 'a' } },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'port-1', port: 8080, protocol: 'TCP', targetPort: 8080 },
          { name: 'port-2', port: 53, protocol: 'UDP', targetPort: 53 },
        ],
      },
    });
    expect(
      serviceFor('Deployment', deployment, { port: '80', targetPort: '8080', type: 'NodePort', name: 'w' })
        .spec,
    ).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
      type: 'NodePort',
    });
  });

  it('refuses what has no labels or no ports, as kubectl says it', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } };
    expect(() => serviceFor('Pod', pod, { port: '80' })).toThrow(
      "couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed",
    );
    expect(() => serviceFor('Pod', { ...pod, metadata: { name: 'p', labels: { a: 'b' } } }, {})).toThrow(
      "couldn't find port via --port flag or introspection",
    );
  });

  it('refuses a --selector that is not k=v pairs, as kubectl does', () => {
    expect(() => serviceFor('Deployment', deployment, { port: '80', selector: 'bad' })).toThrow(
      'unexpected label spec: bad',
    );
    expect(() => serviceFor('Deployment', deployment, { port: '80', selector: '=x' })).toThrow(
      'unexpected empty label key',
    );
    expect(serviceFor('Deployment', deployment, { port: '80', selector: 'a=b,c=' }).spec?.selector).toEqual({
      a: 'b',
      c: '',
    });
  });
});
