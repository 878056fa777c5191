import { defaultCrd, recordStorageVersion } from '../../crd/crd-defaults.js';
import { createdAtPrinter } from '../../crd/printer.js';
import type { CustomResourceDefinition } from '../../crd/types.js';
import { crdWarnings, validateCrd, validateCrdUpdate } from '../../crd/validate-crd.js';
import { builtinDefinitions } from '../../schema/definitions.js';
import { APIEXTENSIONS_V1 } from '../../schema/defs/apiextensions.js';
import { timestamp } from '../../time.js';
import type { KubeObject } from '../../types.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { STATUS } from '../subresources.js';

/** Kubernetes holds a deleted CRD with this finalizer until every object of its kind is gone. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

const crd = (obj: KubeObject) => obj as CustomResourceDefinition;

/** The first delete: the CRD turns Terminating and waits for its objects to be removed. */
function beginDelete(obj: KubeObject): number {
  const c = crd(obj);
  const finalizers = c.metadata.finalizers ?? [];
  if (!finalizers.includes(CLEANUP_FINALIZER)) c.metadata.finalizers = [...finalizers, CLEANUP_FINALIZER];
  const status = (c.status ??= {});
  const conditions = (status.conditions ?? []).filter((k) => k.type !== 'Terminating');
  if (!c.status.conditions?.some((k) => k.type === 'Terminating')) {
    conditions.push({
      type: 'Terminating',
      status: 'True',
      lastTransitionTime: timestamp(),
      reason: 'InstanceDeletionPending',
      message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
    });
    status.conditions = conditions;
  }
  return 0;
}

export const CUSTOM_RESOURCE_DEFINITIONS: KindDef = {
  ...resources.CUSTOM_RESOURCE_DEFINITIONS,
  versions: [
    {
      name: 'v1',
      definition: `${APIEXTENSIONS_V1}CustomResourceDefinition`,
      schema: builtinDefinitions[`${APIEXTENSIONS_V1}CustomResourceDefinition`],
    },
  ],
  subresources: [STATUS],
  printer: createdAtPrinter,
  genericObjectMeta: true,
  defaults: (obj) => {
    defaultCrd(crd(obj));
    recordStorageVersion(crd(obj));
  },
  validate: (obj) => validateCrd(crd(obj)),
  validateUpdate: (next, old) => validateCrdUpdate(crd(next), crd(old)),
  strategy: {
    resetStatusOnCreate: true,
    prepareForCreate: (obj) => recordStorageVersion(crd(obj)),
    warnings: (obj) => crdWarnings(crd(obj)),
    beginDelete,
  },
};
