import { describe, expect, it } from 'vitest';
import { describeObject } from './generic.js';

describe('describe', () => {
  const now = Date.parse('2025-01-01T00:10:00Z');
  const deploy = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'u1',
      labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'hi' },
      managedFields: [{}],
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
    },
  };
  const event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'e1' },
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message: 'Scaled up replica set web-1 to 2',
    source: { component: 'deployment-controller' },
    firstTimestamp: '2025-01-01T00:05:00Z',
    lastTimestamp: '2025-01-01T00:09:00Z',
    count: 3,
  };

  it('renders metadata, fields as an indented tree, and events', () => {
    expect(describeObject(deploy, [event], now)).toBe(
      [
        'Name:         web',
        'Namespace:    shop',
        'Labels:       app=web',
        '              app.kubernetes.io/part-of=shop',
        'Annotations:  note: hi',
        'API Version:  apps/v1',
        'Kind:         Deployment',
        'Metadata:',
        '  UID:  u1',
        'Spec:',
        '  Replicas:  2',
        '  Selector:',
        '    Match Labels:',
        '      app:  web',
        '  Template:',
        '    Spec:',
        '      Containers:',
        '        - Name:   c',
        '          Image:  nginx',
        '          Ports:',
        '            - Container Port:  80',
        'Events:',
        '  Type    Reason             Age               From                   Message',
        '  ----    ------             ----              ----                   -------',
        '  Normal  ScalingReplicaSet  60s (x3 over 5m)  deployment-controller  Scaled up replica set web-1 to 2',
      ].join('\n'),
    );
  });

  it("shows an event's component without its host, as kubectl describe does", () => {
    const pulled = { ...event, reason: 'Pulled', source: { component: 'kubelet', host: 'node-1' } };
    expect(describeObject(deploy, [pulled], now)).toMatch(
      / {2}Pulled {2}60s \(x3 over 5m\) {2}kubelet {2}Scaled up/,
    );
  });

  it('says <none> for no events and hides secret values', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { password: Buffer.from('hunter2').toString('base64') },
    };
    const text = describeObject(secret, [], now);
    expect(text).toContain('Data:\n  password:  7 bytes');
    expect(text).not.toContain('hunter2');
    expect(text.endsWith('Events:  <none>')).toBe(true);
  });
});
