import { Client } from '../client/client.js';
import { loadConnection } from '../cluster/kubeconfig.js';
import { type ResourceTypes, serverResourceTypes } from './kinds.js';

export interface KubeTarget {
  client: Client;
  /** The kubeconfig context it connects through. */
  context: string;
  /** The namespace to act in: -n, else the context's, else `default`. */
  namespace: string;
  /** True when the user chose it with -n. */
  namespaceFlag: boolean;
  /**
   * The server's resource types, asked for once per command run, from the discovery cache on disk
   * while that `covers` the types the command names.
   */
  types(covers?: (types: ResourceTypes) => boolean): Promise<ResourceTypes>;
}

/** A client for the context the flags name (or the current one), and the namespace to use. */
export function connect(flags: { kubeconfig?: string; context?: string; namespace?: string }): KubeTarget {
  const ctx = loadConnection({ kubeconfig: flags.kubeconfig, context: flags.context });
  const client = new Client(ctx.conn);
  let types: Promise<ResourceTypes> | undefined;
  return {
    client,
    context: ctx.context,
    namespace: flags.namespace || ctx.namespace,
    namespaceFlag: !!flags.namespace,
    types: (covers) => (types ??= serverResourceTypes(client, covers)),
  };
}
