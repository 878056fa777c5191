import { ApiError, errors } from '../errors.js';
import { PODS, PRIORITY_CLASSES, type PriorityClass } from '../kinds/index.js';
import { SYSTEM_PRIORITY_CLASSES } from '../kinds/scheduling/priority-class.js';
import type { PodSpec } from '../kinds/types.generated.js';
import type { ResourceService } from '../service.js';
import type { AdmissionPlugin, AdmissionRequest } from './chain.js';

const PRIORITY_CLASS_TARGET = { group: 'scheduling.k8s.io', kind: 'priorityclasses' };

/** The global default class; should a race have made two, the one of lower value (as Kubernetes picks). */
async function defaultClass(service: ResourceService): Promise<PriorityClass | undefined> {
  const classes = (await service.list(PRIORITY_CLASSES, {})).items as PriorityClass[];
  return classes
    .filter((pc) => pc.globalDefault)
    .reduce<PriorityClass | undefined>((low, pc) => (!low || pc.value < low.value ? pc : low), undefined);
}

async function namedClass(req: AdmissionRequest, name: string): Promise<PriorityClass> {
  try {
    return (await req.service.get(PRIORITY_CLASSES, undefined, name)) as PriorityClass;
  } catch (err) {
    if (err instanceof ApiError && err.code === 404)
      throw errors.forbidden(
        { kind: 'pods', name: req.name },
        `no PriorityClass with name ${name} was found`,
      );
    throw err;
  }
}

/**
 * A new pod's priority and preemption policy come from its class (or the global default one).
 * Defaulting has already set 0 and PreemptLowerPriority, so those read as "not given": only
 * another value the client gave, which the class contradicts, is refused.
 */
async function admitPod(req: AdmissionRequest): Promise<void> {
  const spec = (req.object.spec ??= {}) as PodSpec;
  const pc = spec.priorityClassName
    ? await namedClass(req, spec.priorityClassName)
    : await defaultClass(req.service);
  if (pc && !spec.priorityClassName) spec.priorityClassName = pc.metadata.name;
  const priority = pc?.value ?? 0;
  const policy = pc?.preemptionPolicy ?? 'PreemptLowerPriority';
  const refuse = (message: string) => errors.forbidden({ kind: 'pods', name: req.name }, message);
  if (spec.priority && spec.priority !== priority)
    throw refuse(
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  if (
    spec.preemptionPolicy &&
    spec.preemptionPolicy !== 'PreemptLowerPriority' &&
    spec.preemptionPolicy !== policy
  )
    throw refuse(
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
    );
  spec.priority = priority;
  spec.preemptionPolicy = policy;
}

/** Only one class may be the global default; the system classes stay. */
async function validateClass(req: AdmissionRequest): Promise<void> {
  const target = { ...PRIORITY_CLASS_TARGET, name: req.name };
  if (req.operation === 'DELETE') {
    if (SYSTEM_PRIORITY_CLASSES.some((c) => c.name === req.name))
      throw errors.forbidden(target, 'this is a system priority class and cannot be deleted');
    return;
  }
  if (!(req.object as PriorityClass).globalDefault) return;
  const current = await defaultClass(req.service);
  if (current && (req.operation === 'CREATE' || current.metadata.name !== req.name))
    throw errors.forbidden(
      target,
      `PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`,
    );
}

/** Kubernetes' Priority admission plugin. */
export const priority: AdmissionPlugin = {
  name: 'Priority',
  admit: (req) =>
    req.def === PODS && req.operation === 'CREATE' && !req.subresource ? admitPod(req) : undefined,
  validate: (req) => (req.def === PRIORITY_CLASSES && !req.subresource ? validateClass(req) : undefined),
  // Whether another class is the default is read from the others: writes of classes go one at a time.
  serializes: (req) => (req.def === PRIORITY_CLASSES ? 'priorityclasses' : undefined),
};
