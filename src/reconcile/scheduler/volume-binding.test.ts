import { describe, expect, it } from 'vitest';
import { filterAll, makeCluster, makeNode, makePod } from '../../../test/helpers/scheduler.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/kinds/index.js';
import { ERR_UNBOUND_IMMEDIATE, ERR_VOLUME_NODE_CONFLICT, volumeBinding } from './volume-binding.js';

const claim = (name: string, spec: PersistentVolumeClaim['spec']): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec,
});
const sc = (name: string, mode: StorageClass['volumeBindingMode']): StorageClass => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner: 'rancher.io/local-path',
  volumeBindingMode: mode,
});
const local: PersistentVolume = {
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv-local' },
  spec: {
    nodeAffinity: {
      required: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n2'] }] },
        ],
      },
    },
  },
};

const cluster = makeCluster([makeNode('n1'), makeNode('n2')], [], {
  claims: [
    claim('bound', { volumeName: 'pv-local' }),
    claim('late', { storageClassName: 'standard' }),
    claim('now', { storageClassName: 'fast' }),
    claim('classless', {}),
  ],
  volumes: [local],
  classes: [sc('standard', 'WaitForFirstConsumer'), sc('fast', 'Immediate')],
});
const using = (claimName: string) =>
  makePod('p', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } });

describe('VolumeBinding', () => {
  it.each<[string, string, Record<string, string>]>([
    ['a bound local volume keeps the pod on its node', 'bound', { n1: ERR_VOLUME_NODE_CONFLICT, n2: '' }],
    ['a claim waiting for its first consumer goes anywhere', 'late', { n1: '', n2: '' }],
    ["a claim without class is the default class's", 'classless', { n1: '', n2: '' }],
    [
      'an unbound claim of an Immediate class waits',
      'now',
      { n1: `prefilter: ${ERR_UNBOUND_IMMEDIATE}`, n2: `prefilter: ${ERR_UNBOUND_IMMEDIATE}` },
    ],
    [
      'a missing claim',
      'gone',
      {
        n1: 'prefilter: persistentvolumeclaim "gone" not found',
        n2: 'prefilter: persistentvolumeclaim "gone" not found',
      },
    ],
  ])('%s', (_what, claimName, expected) => {
    expect(filterAll(volumeBinding, using(claimName), cluster)).toEqual(expected);
  });

  it('has nothing to check for a pod without claims', () => {
    expect(filterAll(volumeBinding, makePod('p'), cluster)).toEqual({ n1: 'skip', n2: 'skip' });
  });
});
