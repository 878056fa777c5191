import type { Connection } from '../client/client.js';
import {
  type BackgroundProcess,
  logTail,
  runningPidOf,
  spawnBackground,
  stopBackground,
} from './background-process.js';
import type { ClusterInfo } from './cluster-info.js';
import { waitReady } from './node-readiness.js';
import type { ClusterPaths } from './paths.js';
import type { Progress } from './progress.js';

/** Every hollow node carries it, so they can be told (and selected) apart from real ones. */
export const HOLLOW_LABEL = 'minik8s.dev/hollow';

export const hollowNodeName = (cluster: string, i: number) =>
  `${cluster}-hollow-${String(i + 1).padStart(4, '0')}`;

const hollow = (paths: ClusterPaths): BackgroundProcess => ({
  command: 'hollow-nodes',
  pidFile: paths.hollowPid,
  logFile: paths.hollowLog,
});

/**
 * Runs the cluster's hollow nodes in one background process (`minik8s hollow-nodes`), started
 * again when `restart` says their number changed or it is not running, and waits until every
 * one is Ready.
 */
export async function startHollowNodes(
  info: ClusterInfo,
  paths: ClusterPaths,
  conn: Connection,
  progress: Progress,
  restart: boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const count = info.hollowNodes ?? 0;
  const p = hollow(paths);
  if (restart || !count) await stopBackground(info.name, p);
  if (!count) return;
  const names = Array.from({ length: count }, (_, i) => hollowNodeName(info.name, i));
  await progress.step(`Starting ${count} hollow node${count === 1 ? '' : 's'}`, async () => {
    const since = new Date();
    const spawned = runningPidOf(info.name, p) === undefined;
    const exited = spawned ? spawnBackground(info.name, paths.home, p).exited : () => undefined;
    try {
      // Newly started hollow nodes count once they beat: their Ready may be from before a stop.
      await waitReady(conn, names, timeoutMs, {
        logOf: () => paths.hollowLog,
        since: spawned ? since : undefined,
      });
    } catch (err) {
      const how = exited();
      const tail = logTail(p);
      throw new Error(
        `${how ? `the hollow nodes exited (${how})` : (err as Error).message}${tail ? `:\n${tail}` : ''}`,
      );
    }
  });
}

/** Stops the cluster's hollow nodes, if it runs any. */
export function stopHollowNodes(cluster: string, paths: ClusterPaths): Promise<boolean> {
  return stopBackground(cluster, hollow(paths));
}
