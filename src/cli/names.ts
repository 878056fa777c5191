import type { KindDef } from '../api/kinds/index.js';

/** How kubectl names a resource type in its output: `pod`, `deployment.apps`. */
export function typeName(def: KindDef): string {
  return def.group ? `${def.singular}.${def.group}` : def.singular;
}

/** How kubectl names an object in `-o name` and apply output: `deployment.apps/web`. */
export function objectName(def: KindDef, name: string): string {
  return `${typeName(def)}/${name}`;
}
