import fs from 'node:fs';
import { Client, type Connection } from '../client/client.js';
import {
  type BackgroundProcess,
  POLL_MS,
  logTail as processLogTail,
  runningPidOf,
  sleep,
  spawnBackground,
  stopBackground,
  stopPid,
} from './background-process.js';
import type { ClusterPaths } from './paths.js';

const controlPlane = (paths: ClusterPaths): BackgroundProcess => ({
  command: 'server',
  pidFile: paths.serverPid,
  logFile: paths.serverLog,
});

/** The last lines of server.log since the last start, for an error that says why it did not come up. */
export function logTail(logPath: string, lines = 15): string {
  return processLogTail({ command: 'server', logFile: logPath }, lines);
}

/** True when the control plane answers /readyz with 200 for this token. */
export async function isReady(conn: Connection, timeoutMs = 1000): Promise<boolean> {
  const client = new Client(conn);
  try {
    const res = await client.raw('GET', '/readyz', { timeoutMs, accept: 'text/plain' });
    return res.status === 200;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

/** The pid of the cluster's control plane when the recorded process still runs and is ours. */
export function runningPid(cluster: string, paths: ClusterPaths): number | undefined {
  return runningPidOf(cluster, controlPlane(paths));
}

export interface StartOptions {
  timeoutMs?: number;
}

/**
 * Starts `minik8s server --name CLUSTER` detached from this process (own session, no inherited
 * stdio, output to server.log), records its pid, and waits until /readyz answers.
 */
export async function startControlPlaneProcess(
  cluster: string,
  paths: ClusterPaths,
  conn: Connection,
  opts: StartOptions = {},
): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const { pid, exited } = spawnBackground(cluster, paths.home, controlPlane(paths));
  const deadline = Date.now() + timeoutMs;
  while (!exited()) {
    if (await isReady(conn, Math.max(200, deadline - Date.now()))) return pid;
    if (Date.now() >= deadline) {
      await stopPid(pid, cluster, 'server');
      throw new Error(startFailure(`did not answer within ${timeoutMs / 1000} s`, paths.serverLog));
    }
    await sleep(POLL_MS);
  }
  fs.rmSync(paths.serverPid, { force: true });
  throw new Error(startFailure(`exited (${exited()})`, paths.serverLog));
}

function startFailure(what: string, logPath: string): string {
  const tail = logTail(logPath);
  return `the control plane ${what}; see ${logPath}${tail ? `:\n${tail}` : ''}`;
}

/** Stops the recorded control plane (SIGTERM, then SIGKILL after the grace period). */
export async function stopControlPlaneProcess(
  cluster: string,
  paths: ClusterPaths,
  graceMs = 10_000,
): Promise<boolean> {
  return stopBackground(cluster, controlPlane(paths), graceMs);
}
