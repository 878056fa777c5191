import { ApiError } from '../api/errors.js';
import { STORAGE_CLASSES, type StorageClass } from '../api/kinds/index.js';
import type { KubeClient } from '../client/kube-client.js';

export const DEFAULT_STORAGE_CLASS = 'standard';
/** The provisioner name kind's `standard` class uses, so manifests written for kind work as they are. */
export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
export const IS_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const IS_DEFAULT_CLASS_BETA = 'storageclass.beta.kubernetes.io/is-default-class';

/**
 * Creates kind's default StorageClass if it is missing. WaitForFirstConsumer as in kind: a
 * claim stays Pending until a pod uses it, so `get pvc` reads the same on both.
 */
export async function ensureDefaultStorageClass(client: KubeClient): Promise<void> {
  try {
    await client.create(STORAGE_CLASSES, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { [IS_DEFAULT_CLASS]: 'true' } },
      provisioner: LOCAL_PATH_PROVISIONER,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 409)) throw err;
  }
}

/** The default class as Kubernetes picks it: of those marked default, the newest. */
export function defaultStorageClass(classes: StorageClass[]): StorageClass | undefined {
  const marked = classes
    .filter((sc) => {
      const a = sc.metadata.annotations ?? {};
      return a[IS_DEFAULT_CLASS] === 'true' || a[IS_DEFAULT_CLASS_BETA] === 'true';
    })
    .sort(
      (a, b) =>
        (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
        (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
    );
  return marked[0];
}
