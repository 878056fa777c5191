import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types.js';
import { controllerOwnerKeys, objectKey, splitKey } from './controller.js';

const pod = (owners: KubeObject['metadata']['ownerReferences'], namespace?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace, ownerReferences: owners },
});

describe('controller keys', () => {
  it('maps a child to its controlling owner of the kind asked, and to nothing else', () => {
    const owned = pod(
      [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', uid: '1' },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: '2', controller: true },
      ],
      'web',
    );
    expect(controllerOwnerKeys('ReplicaSet')(owned)).toEqual(['web/rs']);
    expect(controllerOwnerKeys('ConfigMap')(owned)).toEqual([]);
    expect(controllerOwnerKeys('ReplicaSet')(pod(undefined))).toEqual([]);
    expect(
      controllerOwnerKeys('Node')(
        pod([{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: '3', controller: true }], undefined),
      ),
    ).toEqual(['n1']);
  });

  it('keys namespaced objects as namespace/name and cluster-scoped ones by name', () => {
    expect(objectKey(pod(undefined, 'web'))).toBe('web/p');
    expect(splitKey('web/p')).toEqual(['web', 'p']);
    expect(splitKey('n1')).toEqual([undefined, 'n1']);
  });
});
