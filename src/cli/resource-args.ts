import type { ApiResource } from '../api/kinds/kind-def.js';
import type { ResourceTypes } from './kinds.js';

/** What a user asked for on the command line: a resource type and maybe names of it. */
export interface ResourceRequest {
  def: ApiResource;
  names: string[];
}

function resolve(types: ResourceTypes, type: string): ApiResource[] {
  if (type === 'all') return types.inCategory('all');
  const def = types.find(type);
  if (!def) throw new Error(`the server doesn't have a resource type "${type}"`);
  return [def];
}

const TYPE_TWICE =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'minik8s get resource/<resource_name>' instead of 'minik8s get resource resource/<resource_name>'";

/**
 * `TYPE/NAME`, or a bare NAME of `bareType`, refused as kubectl's builder refuses an empty part
 * or a second slash (which would otherwise address a collection or another object).
 */
export function typeAndName(arg: string, bareType: string): [type: string, name: string] {
  const parts = arg.split('/');
  if (parts.length > 2) throw new Error('arguments in resource/name form may not have more than one slash');
  if (parts.length === 2 && (!parts[0] || !parts[1]))
    throw new Error('arguments in resource/name form must have a single resource and name');
  return parts.length === 2 ? [parts[0], parts[1]] : [bareType, arg];
}

/**
 * Reads `KIND[,KIND...] [NAME...]` or `KIND/NAME [KIND/NAME...]` as kubectl does; `all` is the
 * kinds of the `all` category.
 */
export function parseResourceArgs(args: string[], types: ResourceTypes): ResourceRequest[] {
  if (args.length === 0) throw new Error('you must specify the type of resource');
  const out: ResourceRequest[] = [];
  const add = (def: ApiResource, names: string[]) => {
    const have = out.find((r) => r.def === def);
    if (have) have.names.push(...names);
    else out.push({ def, names: [...names] });
  };
  if (args[0].includes('/')) {
    for (const arg of args) {
      if (!arg.includes('/')) throw new Error(TYPE_TWICE);
      const [type, name] = typeAndName(arg, '');
      for (const def of resolve(types, type)) add(def, [name]);
    }
    return out;
  }
  if (args.slice(1).some((a) => a.includes('/'))) throw new Error(TYPE_TWICE);
  // An empty name would address the whole collection: a delete would empty it.
  if (args.slice(1).some((a) => a === '')) throw new Error('resource name may not be empty');
  for (const type of args[0].split(',').filter(Boolean))
    for (const def of resolve(types, type)) add(def, args.slice(1));
  return out;
}

/** Whether every type in the arguments is one of these types (a cached discovery may predate a CRD). */
export function namesKnownTypes(args: string[]): (types: ResourceTypes) => boolean {
  return (types) => {
    try {
      parseResourceArgs(args, types);
      return true;
    } catch {
      return false;
    }
  };
}
