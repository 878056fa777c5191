/**
 * What the dashboard's keys do to the cluster, each the same call as the CLI command that does
 * it: describe, logs -f, scale, rollout restart, delete, node stop|start.
 */
import { PODS } from '../../api/kinds/index.js';
import { Client, type WatchHandle } from '../../client/client.js';
import { startClusterNode, stopClusterNode } from '../../cluster/node-fleet.js';
import { describe } from '../describe/index.js';
import { objectName, typeName } from '../names.js';
import { restart } from '../rollout/patches.js';
import { scaleTarget } from '../scale.js';
import type { RowTarget } from './views.js';

// The kinds the workloads view lists that have a scale subresource, and those rollout restarts.
const SCALABLE = new Set(['deployments', 'statefulsets']);
const RESTARTABLE = new Set(['deployments', 'statefulsets', 'daemonsets']);

export const canScale = (t: RowTarget) => SCALABLE.has(t.def.resource);
export const canRestart = (t: RowTarget) => RESTARTABLE.has(t.def.resource);
export const cannotScale = (t: RowTarget) =>
  `${t.def.resource} cannot be scaled, only deployments and statefulsets`;
export const cannotRestart = (t: RowTarget) =>
  `${t.def.resource} cannot be restarted, only deployments, statefulsets and daemonsets`;

/** How kubectl names the row's object in what it prints: `deployment.apps/web`. */
export const nameOf = (t: RowTarget) => objectName(t.def, t.name);
export const canLog = (t: RowTarget) => t.def === PODS;

/** `kubectl describe` of the row's object, as lines. */
export async function describeLines(client: Client, t: RowTarget): Promise<string[]> {
  return (await describe(client, t.def, t.namespace ?? '', t.name)).split('\n');
}

/** The containers of a pod one can read the log of: init containers first, as kubectl lists them. */
export function containersOf(t: RowTarget): string[] {
  const spec = t.obj.spec as
    | { containers?: { name: string }[]; initContainers?: { name: string }[] }
    | undefined;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.name);
}

/** Follows a container's log (`logs -f --tail 200`), line by line, until the handle stops. */
export function followLog(
  client: Client,
  t: RowTarget,
  container: string,
  onLine: (line: string) => void,
): WatchHandle {
  let partial = '';
  return client.stream(
    Client.path(PODS, t.namespace, t.name, 'log'),
    { accept: 'application/json, */*', query: { container, follow: true, tailLines: 200 } },
    () => undefined,
    (chunk) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
  );
}

export async function scale(client: Client, t: RowTarget, replicas: number): Promise<string> {
  await scaleTarget(client, t, { replicas });
  return `${nameOf(t)} scaled`;
}

export async function rolloutRestart(client: Client, t: RowTarget): Promise<string> {
  await restart(client, t);
  return `${nameOf(t)} restarted`;
}

export async function remove(client: Client, t: RowTarget): Promise<string> {
  await client.delete(t.def, t.namespace, t.name);
  return `${typeName(t.def)} "${t.name}" deleted`;
}

/** Whether `K` stops the node (it is Ready) or starts it (it is not). */
export function nodeIsUp(t: RowTarget): boolean {
  const conditions = (t.obj.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  return conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** `minik8s node stop|start`: the node's container, in the cluster the context names. */
export async function stopOrStartNode(
  cluster: string | undefined,
  t: RowTarget,
  stop: boolean,
): Promise<string> {
  if (!cluster) throw new Error('the context names no minik8s cluster: nodes can be stopped only on one');
  await (stop ? stopClusterNode(cluster, t.name) : startClusterNode(cluster, t.name));
  return `node/${t.name} ${stop ? 'stopped' : 'started'}`;
}
