import { describe, expect, it } from 'vitest';
import { describeObject, smartLabel } from './generic.js';
import { describeSecretText } from './secret.js';

describe('the generic describer', () => {
  const now = Date.parse('2026-11-30T08:50:00Z');

  it('prints any object as kubectl 1.32 printed this custom resource', () => {
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: {
        name: 'w1',
        namespace: 'default',
        labels: { a: 'b' },
        creationTimestamp: '2026-11-30T08:40:45Z',
        generation: 1,
        resourceVersion: '139',
        uid: 'bfbca8dd-733a-47db-a3c4-d1a52a2d9784',
        managedFields: [{ manager: 'kubectl' }],
      },
      spec: {
        size: 3,
        ratio: 0.25,
        tiny: 0.00001,
        hostIPs: ['a', 'b'],
        'kubernetes.io/x': true,
        'some-dashed': 'z',
        items: [{ name: 'one', podIP: '1.2.3.4' }, { name: 'two' }],
        empty: {},
        flag: true,
      },
    };
    expect(describeObject(widget, [], now)).toBe(
      [
        'Name:         w1',
        'Namespace:    default',
        'Labels:       a=b',
        'Annotations:  <none>',
        'API Version:  example.com/v1',
        'Kind:         Widget',
        'Metadata:',
        '  Creation Timestamp:  2026-11-30T08:40:45Z',
        '  Generation:          1',
        '  Resource Version:    139',
        '  UID:                 bfbca8dd-733a-47db-a3c4-d1a52a2d9784',
        'Spec:',
        '  Empty:',
        '  Flag:  true',
        '  Host I Ps:',
        '    a',
        '    b',
        '  Items:',
        '    Name:           one',
        '    Pod IP:         1.2.3.4',
        '    Name:           two',
        '  kubernetes.io/x:  true',
        '  Ratio:            0.25',
        '  Size:             3',
        '  Some - Dashed:    z',
        '  Tiny:             1e-05',
        'Events:             <none>',
        '',
      ].join('\n'),
    );
  });

  it('titles fields as smartLabelFor does', () => {
    expect(smartLabel('containerPort')).toBe('Container Port');
    expect(smartLabel('apiVersion')).toBe('API Version');
    expect(smartLabel('HTTPServer')).toBe('HTTP Server');
    expect(smartLabel('uid')).toBe('UID');
    expect(smartLabel('v1beta1')).toBe('v1beta1');
  });

  it('says how long a secret value is, never what it is', () => {
    const text = describeSecretText({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      type: 'Opaque',
      data: { password: Buffer.from('hunter2').toString('base64') },
    });
    expect(text).toContain('password:  7 bytes');
    expect(text).not.toContain('hunter2');
  });
});
