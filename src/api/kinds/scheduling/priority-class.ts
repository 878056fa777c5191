import { setDefault } from '../../schema/default-values.js';
import { fieldErrors as fe } from '../../schema/field-errors.js';
import type { Obj } from '../../schema/json-values.js';
import { priorityClassPrinter } from '../../table/scheduling.js';
import type { StatusCause } from '../../types.js';
import { builtinVersion } from '../builtin-version.js';
import type { KindDef } from '../kind-def.js';
import * as resources from '../resources.js';

/** No class a user makes may rank above this (scheduling.HighestUserDefinablePriority). */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
const SYSTEM_PREFIX = 'system-';

/** The classes every cluster has (the API server makes them at start), which no one may change or delete. */
export const SYSTEM_PRIORITY_CLASSES = [
  {
    name: 'system-node-critical',
    value: 2_000_001_000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: 'system-cluster-critical',
    value: 2_000_000_000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
] as const;

/** Why a class named system-... is not one of the system classes as they are (IsKnownSystemPriorityClass). */
function systemClassError(name: string, value: unknown, globalDefault: boolean): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

function validatePriorityClass(pc: Obj): StatusCause[] {
  const name = String(pc.metadata?.name ?? '');
  if (name.startsWith(SYSTEM_PREFIX)) {
    const err = systemClassError(name, pc.value, pc.globalDefault === true);
    return err
      ? [
          fe.forbidden(
            'metadata.name',
            `priority class names with '${SYSTEM_PREFIX}' prefix are reserved for system use only. error: ${err}`,
          ),
        ]
      : [];
  }
  if (typeof pc.value === 'number' && pc.value > HIGHEST_USER_DEFINABLE_PRIORITY)
    return [
      fe.forbidden(
        'value',
        `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
      ),
    ];
  return [];
}

function validatePriorityClassUpdate(next: Obj, old: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  if (next.value !== old.value) causes.push(fe.forbidden('value', 'may not be changed in an update.'));
  if (next.preemptionPolicy !== old.preemptionPolicy)
    causes.push(fe.immutable('preemptionPolicy', next.preemptionPolicy ?? null));
  return causes;
}

export const PRIORITY_CLASSES: KindDef = {
  ...resources.PRIORITY_CLASSES,
  versions: [
    builtinVersion('scheduling.k8s.io', 'v1', 'PriorityClass', {
      protobuf: 'k8s.io.api.scheduling.v1.PriorityClass',
    }),
  ],
  printer: priorityClassPrinter,
  defaults: (pc) => setDefault(pc, 'preemptionPolicy', 'PreemptLowerPriority'),
  validate: validatePriorityClass,
  validateUpdate: validatePriorityClassUpdate,
};
