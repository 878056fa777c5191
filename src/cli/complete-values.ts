import type { ApiResource } from '../api/kinds/kind-def.js';
import type { CompletionPoint } from './complete-words.js';

/** cobra's ShellCompDirective bits, which the scripts read from the last line `:N`. */
export const Directive = { Error: 1, NoSpace: 2, NoFileComp: 4, Default: 0 } as const;

export interface Completions {
  values: string[];
  directive: number;
}

/** What completion asks the cluster and the machine; each answer costs at most one or two requests. */
export interface CompletionSource {
  /** Every resource type the server serves (from its cached discovery while fresh). */
  types(): Promise<readonly ApiResource[]>;
  /** The names of objects of a type, in `namespace` (else the context's) when it is namespaced. */
  names(type: string, namespace?: string): Promise<string[]>;
  /** The containers of a pod: init, regular and ephemeral. */
  containers(pod: string, namespace?: string): Promise<string[]>;
  /** The node names of a minik8s cluster's API (else the current context's). */
  clusterNodes(cluster?: string): Promise<string[]>;
  clusters(): string[];
  contexts(): string[];
}

/** The types kubectl's rollout, scale and expose offer, as their completion does. */
const FIXED_TYPES: Record<string, string[]> = {
  'rollout:history': ['deployment', 'daemonset', 'statefulset'],
  'rollout:restart': ['deployment', 'daemonset', 'statefulset'],
  'rollout:status': ['deployment', 'daemonset', 'statefulset'],
  'rollout:undo': ['deployment', 'daemonset', 'statefulset'],
  'rollout:pause': ['deployment'],
  'rollout:resume': ['deployment'],
  scale: ['deployment', 'replicaset', 'replicationcontroller', 'statefulset'],
  expose: ['deployment', 'pod', 'replicaset', 'replicationcontroller', 'service'],
};
/** Commands taking `TYPE NAME...` or `TYPE/NAME...` of any type. */
const ANY_TYPE = new Set(['get', 'describe', 'delete', 'edit']);
/** Commands whose first argument is a pod (or `TYPE/NAME`). */
const POD_FIRST = new Set(['logs', 'exec', 'port-forward', 'top:pods']);
/** Commands whose first argument is a node of the current context. */
const NODE_FIRST = new Set(['cordon', 'uncordon', 'drain', 'top:nodes']);
/** Commands whose argument is a node container of a minik8s cluster (`--name`). */
const CLUSTER_NODE = new Set(['node:stop', 'node:start', 'node:remove']);
/** `--name` is a cluster everywhere but here. */
const NAME_IS_NOT_CLUSTER = new Set(['expose', 'create:job']);

const startsWith = (prefix: string) => (v: string) => v.startsWith(prefix);

/** What may be typed at a completion point, as kubectl's `__complete` answers. */
export async function completions(
  point: CompletionPoint,
  source: CompletionSource,
  outputs: readonly string[],
): Promise<Completions> {
  const values = await candidates(point, source, outputs);
  if (values === undefined) return { values: [], directive: Directive.Default };
  return {
    values: [...new Set(values)].filter(startsWith(point.toComplete)),
    directive: Directive.NoFileComp,
  };
}

/** undefined: files (cobra's default directive). */
async function candidates(
  { command, args, flags, flag, toComplete }: CompletionPoint,
  source: CompletionSource,
  outputs: readonly string[],
): Promise<string[] | undefined> {
  const id = command.id;
  const namespace = flags.namespace;
  if (flag) {
    const options = command.flags[flag]?.options;
    if (options) return [...options];
    if (['filename', 'kubeconfig', 'config'].includes(flag)) return undefined;
    if (flag === 'output') return [...outputs];
    // delete reads --cascade itself, kubectl's booleans of old too.
    if (flag === 'cascade') return ['background', 'foreground', 'orphan'];
    if (flag === 'namespace') return source.names('namespaces');
    if (flag === 'context') return source.contexts();
    if (flag === 'name' && !NAME_IS_NOT_CLUSTER.has(id)) return source.clusters();
    if (flag === 'container')
      return args[0] && !args[0].includes('/') ? source.containers(args[0], namespace) : [];
    return [];
  }
  const options = command.args[args.length]?.options;
  if (options) return [...options];
  if (id === 'use') return args.length === 0 ? source.clusters() : [];
  if (CLUSTER_NODE.has(id)) return args.length === 0 ? source.clusterNodes(flags.name) : [];
  if (NODE_FIRST.has(id)) return args.length === 0 ? source.names('nodes') : [];
  if (id === 'taint')
    return args.length === 0 ? ['node', 'nodes'] : args.length === 1 ? source.names('nodes') : [];
  if (id === 'explain') return args.length === 0 ? typeWords(await source.types()) : [];
  const slash = toComplete.indexOf('/');
  if (slash > 0 && args.every((a) => a.includes('/'))) {
    const type = toComplete.slice(0, slash);
    return (await source.names(type, namespace)).map((n) => `${type}/${n}`);
  }
  if (POD_FIRST.has(id)) return args.length === 0 ? source.names('pods', namespace) : [];
  const fixed = FIXED_TYPES[id];
  if (fixed || ANY_TYPE.has(id)) {
    if (args.length === 0) return fixed ?? typeWords(await source.types());
    if (args[0] === 'all' || /[,/]/.test(args[0]) || (fixed && args.length > 1)) return [];
    return source.names(args[0], namespace);
  }
  return [];
}

/**
 * The words naming the served types: each plural and short name (`pods`, `po`), and `plural.group`
 * where two groups serve the same plural.
 */
export function typeWords(resources: readonly ApiResource[]): string[] {
  const groupsOf = new Map<string, Set<string>>();
  for (const r of resources) {
    if (r.resource.includes('/')) continue;
    groupsOf.set(r.resource, (groupsOf.get(r.resource) ?? new Set()).add(r.group));
  }
  const words = new Set<string>();
  for (const r of resources) {
    if (r.resource.includes('/')) continue;
    const shared = (groupsOf.get(r.resource)?.size ?? 0) > 1;
    words.add(shared && r.group ? `${r.resource}.${r.group}` : r.resource);
    for (const s of r.shortNames ?? []) words.add(s);
  }
  return [...words].sort();
}
