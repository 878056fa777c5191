/** Every schema minik8s serves, keyed by its Kubernetes definition name, with a List kind per kind. */
import { resources } from '../resources.js';
import { appsDefinitions } from './defs/apps.js';
import { autoscalingDefinitions } from './defs/autoscaling.js';
import { batchDefinitions } from './defs/batch.js';
import { coreDefinitions } from './defs/core.js';
import { containerDefinitions } from './defs/core-container.js';
import { podDefinitions } from './defs/core-pod.js';
import { volumeDefinitions } from './defs/core-volume.js';
import { metaDefinitions } from './defs/meta.js';
import { miscDefinitions } from './defs/misc.js';
import { kindList } from './dsl.js';
import type { Definitions } from './types.js';

/** 'io.k8s.api.<group's first label or core>.<version>.<Kind>', as Kubernetes names its types. */
export function definitionName(group: string, version: string, kind: string): string {
  return `io.k8s.api.${group ? group.split('.')[0] : 'core'}.${version}.${kind}`;
}

function withLists(base: Definitions): Definitions {
  const all: Definitions = { ...base };
  for (const r of resources) {
    for (const version of [r.version, ...(r.alsoVersions ?? [])]) {
      const item = definitionName(r.group, version, r.kind);
      if (!all[item]) throw new Error(`no schema for ${r.kind} ${version}`);
      all[`${item}List`] = kindList(item, { group: r.group, version, kind: `${r.kind}List` });
    }
  }
  return all;
}

/** The schemas of the built-in kinds and of what they reach, without the `<Kind>List` definitions. */
export const builtinDefinitions: Definitions = {
  ...metaDefinitions,
  ...containerDefinitions,
  ...podDefinitions,
  ...volumeDefinitions,
  ...coreDefinitions,
  ...appsDefinitions,
  ...batchDefinitions,
  ...autoscalingDefinitions,
  ...miscDefinitions,
};

export const definitions: Definitions = withLists(builtinDefinitions);
