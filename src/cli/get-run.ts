import type { Client } from '../client/client.js';
import type { KubeTarget } from './connect.js';
import { type GetOptions, get } from './get.js';
import { getRaw } from './get-raw.js';
import type { Io } from './io.js';
import { knowsKinds, type ResourceTypes } from './kinds.js';
import { type ManifestObject, readManifests } from './manifest.js';
import { namesKnownTypes } from './resource-args.js';
import { requestsByNamespace, targetsFromManifests } from './targets.js';

/** What `get` was asked: resource arguments, the objects of `-f` files, or `--raw PATH`. */
export interface GetRequest {
  args: string[];
  filename?: string[];
  recursive?: boolean;
  raw?: string;
  /** The program's name, for the messages that name commands. */
  bin: string;
  opts: Omit<GetOptions, 'args' | 'namespace' | 'requests'>;
}

/** The request's arguments checked as kubectl checks them, before anything is asked of a server. */
export function checkGetRequest(r: GetRequest, io: Io): void {
  if (r.raw !== undefined && r.args.length)
    throw new Error('arguments may not be passed when --raw is specified');
  if (r.filename && r.args.length)
    throw new Error(
      'when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well',
    );
  if (r.raw === undefined && !r.filename && !r.args.length) {
    io.err(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
    throw new Error(
      `Required resource not specified.\nUse "${r.bin} explain <resource>" for a detailed description of that resource (e.g. ${r.bin} explain pods).\nSee '${r.bin} get -h' for help and examples`,
    );
  }
}

/** `get` as kubectl runs it: --raw, -f, or resource arguments; the exit code. */
export async function runGet(target: KubeTarget, r: GetRequest, io: Io): Promise<number> {
  if (r.raw !== undefined) {
    await getRaw(target.client, r.raw, io);
    return 0;
  }
  const manifests = r.filename && (await readManifests(r.filename, { recursive: r.recursive }));
  const types = await target.types(manifests ? knowsKinds(manifests) : namesKnownTypes(r.args));
  const opts = { ...r.opts, args: r.args, namespace: target.namespace };
  return manifests
    ? getFromManifests(target.client, types, manifests, target, opts, io)
    : get(target.client, types, opts, io);
}

/** `get -f`: the objects the manifests name, read namespace by namespace; the worst exit code. */
async function getFromManifests(
  client: Client,
  types: ResourceTypes,
  manifests: ManifestObject[],
  target: { namespace: string; namespaceFlag: boolean },
  opts: GetOptions,
  io: Io,
): Promise<number> {
  let code = 0;
  const byNamespace = requestsByNamespace(targetsFromManifests(manifests, types, target), target.namespace);
  for (const [namespace, requests] of byNamespace)
    code = Math.max(code, await get(client, types, { ...opts, namespace, requests }, io));
  return code;
}
