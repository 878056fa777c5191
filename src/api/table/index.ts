/**
 * Server-side Table output (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), so that
 * `kubectl get` prints the same columns as on a real cluster.
 */
import type { ResourceDef } from '../resources.js';
import { since } from '../time.js';
import type { KubeObject, ListMeta } from '../types.js';
import {
  controllerRevisionPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './apps.js';
import { horizontalPodAutoscalerPrinter } from './autoscaling.js';
import { cronJobPrinter, jobPrinter } from './batch.js';
import { leasePrinter } from './coordination.js';
import {
  configMapPrinter,
  endpointsPrinter,
  eventPrinter,
  namespacePrinter,
  nodePrinter,
  replicationControllerPrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core.js';
import { endpointSlicePrinter, ingressPrinter } from './networking.js';
import { podPrinter } from './pod.js';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage.js';
import { ageColumn, nameColumn, type Printer, type Table, type TableRow } from './types.js';

export type { Cell, PartialObjectMetadata, Table, TableColumnDefinition, TableRow } from './types.js';

const printers: Record<string, Printer> = {
  '/Pod': podPrinter,
  '/Namespace': namespacePrinter,
  '/Node': nodePrinter,
  '/Service': servicePrinter,
  '/Endpoints': endpointsPrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/Event': eventPrinter,
  '/PersistentVolume': persistentVolumePrinter,
  '/PersistentVolumeClaim': persistentVolumeClaimPrinter,
  '/ReplicationController': replicationControllerPrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/ControllerRevision': controllerRevisionPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'autoscaling/HorizontalPodAutoscaler': horizontalPodAutoscalerPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter,
  'storage.k8s.io/StorageClass': storageClassPrinter,
};

const defaultPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  cells: (obj, now) => [obj.metadata?.name ?? '', since(obj.metadata?.creationTimestamp, now)],
};

export interface TableOptions {
  now?: Date;
  /** What each row carries: nothing, the object's metadata (the default), or the whole object. */
  includeObject?: 'None' | 'Metadata' | 'Object';
  /** The list's metadata (resourceVersion, continue); for a single object, its resourceVersion. */
  listMeta?: ListMeta;
}

export function toTable(
  def: Pick<ResourceDef, 'group' | 'kind'>,
  objects: KubeObject[],
  opts: TableOptions = {},
): Table {
  const printer = printers[`${def.group}/${def.kind}`] ?? defaultPrinter;
  const now = (opts.now ?? new Date()).getTime();
  const include = opts.includeObject ?? 'Metadata';
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj, now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    if (include === 'Object') row.object = obj;
    else if (include === 'Metadata') {
      row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
    }
    return row;
  });
  const metadata: ListMeta = {};
  for (const key of ['resourceVersion', 'continue', 'remainingItemCount'] as const) {
    if (opts.listMeta?.[key] !== undefined) Object.assign(metadata, { [key]: opts.listMeta[key] });
  }
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: printer.columns, rows };
}
