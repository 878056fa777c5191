import { child } from '../../schema/default-values.js';
import { fieldErrors as fe, qualifiedName } from '../../schema/field-errors.js';
import { arr, isObj, specOf } from '../../schema/json-values.js';
import { nodePrinter } from '../../table/core.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';
import { NODE_PROXY, STATUS } from '../subresources.js';

export const NODES: KindDef = {
  ...resources.NODES,
  versions: [builtinVersion('', 'v1', 'Node')],
  subresources: [STATUS, NODE_PROXY],
  fieldLabels: ['spec.unschedulable'],
  printer: nodePrinter,
  defaults: (node) => {
    const status = child(node, 'status');
    if (isObj(status.capacity) && !isObj(status.allocatable)) status.allocatable = { ...status.capacity };
  },
  validate: (node) =>
    arr(specOf(node).taints).flatMap((t, i) =>
      t.key
        ? qualifiedName(String(t.key)).map((m) => fe.invalid(`spec.taints[${i}].key`, t.key, m))
        : [fe.required(`spec.taints[${i}].key`)],
    ),
};
