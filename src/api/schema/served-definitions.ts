import { kinds } from '../kinds/index.js';
import { builtinDefinitions } from './definitions.js';
import { kindList } from './dsl.js';
import type { Definitions } from './types.js';

/**
 * Every schema the API serves now, by definition name: the built-in ones, each served kind's own
 * (a CRD's), and a `<Kind>List` for each kind and version.
 */
export const servedDefinitions: () => Definitions = kinds.cached(() => {
  const all: Definitions = { ...builtinDefinitions };
  for (const def of kinds.all()) {
    for (const v of def.versions) {
      all[v.definition] = v.schema;
      all[`${v.definition}List`] = kindList(v.definition, {
        group: def.group,
        version: v.name,
        kind: `${def.kind}List`,
      });
    }
  }
  return all;
});
