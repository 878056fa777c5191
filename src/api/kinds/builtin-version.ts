import { builtinDefinitions, definitionName } from '../schema/definitions.js';
import type { KindVersion } from './kind-def.js';

/** A version of a built-in kind, with its schema from the built-in definitions. */
export function builtinVersion(
  group: string,
  version: string,
  kind: string,
  extra: Omit<KindVersion, 'name' | 'definition' | 'schema'> = {},
): KindVersion {
  const definition = definitionName(group, version, kind);
  const schema = builtinDefinitions[definition];
  if (!schema) throw new Error(`no schema for ${kind} ${version}`);
  return { name: version, definition, schema, ...extra };
}
