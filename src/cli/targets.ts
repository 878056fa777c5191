import type { ApiResource } from '../api/kinds/index.js';
import type { Client } from '../client/client.js';
import { connect } from './connect.js';
import { errorLine } from './error-line.js';
import type { Io } from './io.js';
import { findByKindOrThrow, type ResourceTypes } from './kinds.js';
import type { ManifestObject } from './manifest.js';
import { objectName } from './names.js';
import { resolveNamespace } from './namespace.js';
import { namesKnownTypes, parseResourceArgs, type ResourceRequest } from './resource-args.js';

/** One named object a rollout or scale command acts on. */
export interface Target {
  def: ApiResource;
  namespace?: string;
  name: string;
}

/** The objects manifests name (`-f`), each in its own namespace or the context's. */
export function targetsFromManifests(
  manifests: ManifestObject[],
  types: ResourceTypes,
  target: { namespace: string; namespaceFlag: boolean },
): Target[] {
  return manifests.map(({ source, object }) => {
    const def = findByKindOrThrow(types, object, source);
    if (!object.metadata.name) throw new Error(`error from ${source}: ${object.kind} has no metadata.name`);
    return { def, namespace: resolveNamespace(def, object, target), name: object.metadata.name };
  });
}

/** Targets as what `get` asks for, a list per namespace: kind by kind, in the order first named. */
export function requestsByNamespace(targets: Target[], namespace: string): Map<string, ResourceRequest[]> {
  const out = new Map<string, ResourceRequest[]>();
  for (const t of targets) {
    const ns = t.namespace ?? namespace;
    const requests = out.get(ns) ?? [];
    out.set(ns, requests);
    const req = requests.find((r) => r.def === t.def);
    if (req) req.names.push(t.name);
    else requests.push({ def: t.def, names: [t.name] });
  }
  return out;
}

/** `KIND NAME...` or `KIND/NAME...` as named targets in the namespace. */
export function namedTargets(types: ResourceTypes, args: string[], namespace: string): Target[] {
  return parseResourceArgs(args, types).flatMap(({ def, names }) => {
    if (!names.length) throw new Error(`resource(s) were provided, but no name was specified`);
    return names.map((name) => ({ def, namespace: def.namespaced ? namespace : undefined, name }));
  });
}

/** How kubectl names a resource in its errors: `deployments.apps`. */
export const resourceName = (def: ApiResource) => (def.group ? `${def.resource}.${def.group}` : def.resource);

export const isApps = (def: ApiResource, resource: string) =>
  def.group === 'apps' && def.resource === resource;

/**
 * Runs `act` on each target as kubectl's rollout and scale commands do: a line of output per
 * target done (`deployment.apps/web paused`), an error line per target that failed, and exit
 * code 1 if any did.
 */
export async function eachTarget(
  targets: Target[],
  io: Io,
  act: (t: Target) => Promise<string>,
): Promise<number> {
  let code = 0;
  for (const t of targets) {
    try {
      io.out(`${objectName(t.def, t.name)} ${await act(t)}`);
    } catch (err) {
      io.err(errorLine(err));
      code = 1;
    }
  }
  return code;
}

/**
 * A rollout or scale command's whole run: connects as the flags say, resolves the named
 * targets, and acts on each; resolves to the exit code.
 */
export async function actOnTargets(
  flags: { kubeconfig?: string; context?: string; namespace?: string },
  args: string[],
  act: (client: Client, t: Target) => Promise<string>,
  io: Io,
): Promise<number> {
  const target = connect(flags);
  try {
    const targets = namedTargets(await target.types(namesKnownTypes(args)), args, target.namespace);
    return await eachTarget(targets, io, (t) => act(target.client, t));
  } finally {
    target.client.close();
  }
}
