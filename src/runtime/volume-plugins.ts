import type { ServedPod, Volume } from '../api/kinds/index.js';

/** The volume sources minik8s provides; a volume with none of them is an emptyDir, as the API defaults it. */
const PROVIDED = new Set([
  'emptyDir',
  'hostPath',
  'configMap',
  'secret',
  'downwardAPI',
  'projected',
  'persistentVolumeClaim',
  'ephemeral',
]);

/** In-tree volume types that Kubernetes now serves through a CSI driver (CSI migration), and that driver. */
const MIGRATED_TO_CSI: Record<string, string> = {
  awsElasticBlockStore: 'ebs.csi.aws.com',
  azureDisk: 'disk.csi.azure.com',
  azureFile: 'file.csi.azure.com',
  cinder: 'cinder.csi.openstack.org',
  gcePersistentDisk: 'pd.csi.storage.gke.io',
  portworxVolume: 'pxd.portworx.com',
  vsphereVolume: 'csi.vsphere.vmware.com',
};

function sourceOf(v: Volume): string | undefined {
  return Object.keys(v).find((k) => k !== 'name');
}

/** No CSI driver is registered on a minik8s node. */
function csiDriver(v: Volume, source: string): string | undefined {
  if (source === 'csi') return v.csi?.driver ?? '';
  return MIGRATED_TO_CSI[source];
}

/**
 * What the kubelet says of a pod whose volumes it cannot mount, for the volumes minik8s cannot
 * provide (nfs, iscsi, cloud disks, CSI drivers, ...): the pod then waits in ContainerCreating
 * with FailedMount events, as on a cluster that lacks the plugin. Empty when every one is provided.
 */
export function unprovidedVolumes(pod: ServedPod): string[] {
  const messages: string[] = [];
  const pluginless: Volume[] = [];
  for (const v of pod.spec.volumes ?? []) {
    const source = sourceOf(v);
    if (source === undefined || PROVIDED.has(source)) continue;
    const driver = csiDriver(v, source);
    if (driver === undefined) pluginless.push(v);
    else
      messages.push(
        `MountVolume.SetUp failed for volume "${v.name}" : kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: driver name ${driver} not found in the list of registered CSI drivers`,
      );
  }
  if (pluginless.length) {
    const names = pluginless.map((v) => v.name).join(' ');
    const errors = pluginless.map(
      (v) => `failed to get Plugin from volumeSpec for volume "${v.name}" err=no volume plugin matched`,
    );
    messages.push(
      `Unable to attach or mount volumes: unmounted volumes=[${names}], unattached volumes=[], failed to process volumes=[${names}]: ${errors.join('; ')}`,
    );
  }
  return messages;
}
