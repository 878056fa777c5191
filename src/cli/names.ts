import type { ApiResource } from '../api/kinds/kind-def.js';

/** How kubectl names a resource type in its output: `pod`, `deployment.apps`. */
export function typeName(def: ApiResource): string {
  return def.group ? `${def.singular}.${def.group}` : def.singular;
}

/** How kubectl names an object in `-o name` and apply output: `deployment.apps/web`. */
export function objectName(def: ApiResource, name: string): string {
  return `${typeName(def)}/${name}`;
}
