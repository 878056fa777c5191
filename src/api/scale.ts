/**
 * The scale subresource (autoscaling/v1 Scale) of any kind that has one: a view of the replica
 * count and selector at the kind's scale paths. The HTTP API and in-process clients (the
 * autoscaler) read and write it here, so both get the same answers.
 */
import { labelSelectorToString } from '../store/selector.js';
import { errors } from './errors.js';
import type { KindDef, Scale, ScalePaths } from './kinds/index.js';
import type { RequestContext, ResourceService } from './service.js';
import type { KubeObject } from './types.js';

/** Where a kind keeps its replicas; a kind without a scale subresource has no such path to serve. */
export function scalePaths(def: KindDef): ScalePaths {
  const paths = def.subresources?.find((s) => s.name === 'scale')?.scale;
  if (!paths) throw errors.pathNotFound();
  return paths;
}

/** The value at a path such as `.spec.replicas`. */
function at(obj: unknown, path: string): unknown {
  let v = obj;
  for (const key of path.split('.').filter(Boolean)) v = (v as Record<string, unknown> | undefined)?.[key];
  return v;
}

/** A merge patch that sets the value at a path such as `.spec.replicas`. */
function setAt(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .filter(Boolean)
    .reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/** A selector string, from a string, a LabelSelector or a plain map of labels. */
function selectorText(selector: unknown): string {
  if (typeof selector === 'string') return selector;
  if (!selector || typeof selector !== 'object') return '';
  const sel = selector as Record<string, unknown>;
  return 'matchLabels' in sel || 'matchExpressions' in sel
    ? labelSelectorToString(sel as Parameters<typeof labelSelectorToString>[0])
    : labelSelectorToString({ matchLabels: sel as Record<string, string> });
}

export function toScale(obj: KubeObject, paths: ScalePaths): Scale {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: (at(obj, paths.specReplicasPath) as number | undefined) ?? 0 },
    status: {
      replicas: (at(obj, paths.statusReplicasPath) as number | undefined) ?? 0,
      selector: paths.labelSelectorPath ? selectorText(at(obj, paths.labelSelectorPath)) : '',
    },
  };
}

export async function readScale(
  svc: ResourceService,
  def: KindDef,
  namespace: string | undefined,
  name: string,
): Promise<Scale> {
  const paths = scalePaths(def);
  return toScale(await svc.get(def, namespace, name), paths);
}

/**
 * Sets the replica count a Scale asks for. A resourceVersion in it is a precondition (an update
 * of the scale read earlier), as with any update.
 */
export async function writeScale(
  svc: ResourceService,
  def: KindDef,
  namespace: string | undefined,
  name: string,
  scale: { spec?: { replicas?: unknown }; metadata?: { resourceVersion?: string } } | undefined,
  ctx: RequestContext,
): Promise<Scale> {
  const paths = scalePaths(def);
  const replicas = scale?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid('autoscaling', 'Scale', name, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const rv = scale?.metadata?.resourceVersion;
  if (rv && rv !== (await svc.get(def, namespace, name)).metadata.resourceVersion) {
    throw errors.conflict(
      { group: def.group, kind: def.resource, name },
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }
  const updated = await svc.patch(
    def,
    namespace,
    name,
    'application/merge-patch+json',
    setAt(paths.specReplicasPath, replicas),
    { ...ctx, fieldValidation: 'Ignore', fieldSubresource: 'scale' },
  );
  return toScale(updated, paths);
}
