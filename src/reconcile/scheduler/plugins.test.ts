import { describe, expect, it } from 'vitest';
import { filterAll, makeCluster, makeNode, makePod } from '../../../test/helpers/scheduler.js';
import type { ContainerPort } from '../../api/kinds/index.js';
import { nodeName, nodePorts, nodeUnschedulable } from './plugins.js';

describe('NodeUnschedulable', () => {
  const cluster = makeCluster([makeNode('open'), makeNode('cordoned', { unschedulable: true })]);

  it('keeps pods off a cordoned node unless they tolerate it', () => {
    expect(filterAll(nodeUnschedulable, makePod('p'), cluster)).toEqual({
      open: '',
      cordoned: 'node(s) were unschedulable',
    });
    const tolerant = makePod('d', {
      spec: {
        tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      },
    });
    expect(filterAll(nodeUnschedulable, tolerant, cluster)).toEqual({ open: '', cordoned: '' });
  });
});

describe('NodeName', () => {
  it('fits a pod that names its node to that node only', () => {
    const cluster = makeCluster([makeNode('a'), makeNode('b')]);
    expect(filterAll(nodeName, makePod('p', { spec: { nodeName: 'b' } }), cluster)).toEqual({
      a: "node(s) didn't match the requested node name",
      b: '',
    });
    expect(filterAll(nodeName, makePod('q'), cluster)).toEqual({ a: 'skip', b: 'skip' });
  });
});

describe('NodePorts', () => {
  const withPort = (name: string, port: ContainerPort, node?: string) =>
    makePod(name, { nodeName: node, spec: { containers: [{ name: 'c', image: 'x', ports: [port] }] } });
  const cluster = makeCluster(
    [makeNode('a'), makeNode('b'), makeNode('c')],
    [
      withPort('web', { containerPort: 80, hostPort: 8080 }, 'a'),
      withPort('dns', { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }, 'b'),
    ],
  );
  const taken = "node(s) didn't have free ports for the requested pod ports";

  it.each<[string, ContainerPort, Record<string, string>]>([
    ['the same TCP port', { containerPort: 80, hostPort: 8080 }, { a: taken, b: '', c: '' }],
    [
      'the same port over another protocol',
      { containerPort: 80, hostPort: 8080, protocol: 'UDP' },
      { a: '', b: '', c: '' },
    ],
    [
      'every address against one address',
      { containerPort: 53, hostPort: 53, protocol: 'UDP' },
      { a: '', b: taken, c: '' },
    ],
    [
      'another address',
      { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.2' },
      { a: '', b: '', c: '' },
    ],
  ])('%s', (_what, port, expected) => {
    expect(filterAll(nodePorts, withPort('p', port), cluster)).toEqual(expected);
  });
});
