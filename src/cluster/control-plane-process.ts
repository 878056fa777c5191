import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, type Connection } from '../client/client.js';
import type { ClusterPaths } from './paths.js';

/** The minik8s executable; the same file runs the CLI and, with `server`, the control plane. */
const runJs = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

const pollMs = 20;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts each run's part of server.log, so an error shows this run's lines only. */
const startMarker = '--- minik8s server starting';

/** The last lines of server.log since the last start, for an error that says why it did not come up. */
export function logTail(logPath: string, lines = 15): string {
  try {
    const text = fs.readFileSync(logPath, 'utf8');
    const at = text.lastIndexOf(startMarker);
    const run = at < 0 ? text : text.slice(text.indexOf('\n', at) + 1);
    return run.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
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

function isOurProcess(pid: number, cluster: string): boolean {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = args.indexOf('--name');
    return args.includes('server') && at >= 0 && args[at + 1] === cluster;
  } catch {
    return false;
  }
}

/** The pid of the cluster's control plane when the recorded process still runs and is ours. */
export function runningPid(cluster: string, paths: ClusterPaths): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(paths.serverPid, 'utf8'), 10);
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 && isOurProcess(pid, cluster) ? pid : undefined;
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
  const logFd = fs.openSync(paths.serverLog, 'a');
  fs.writeSync(logFd, `${startMarker} at ${new Date().toISOString()} ---\n`);
  const child = spawn(process.execPath, [runJs, 'server', '--name', cluster], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, MINIK8S_HOME: paths.home },
  });
  fs.closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the control plane: ${logTail(paths.serverLog)}`);
  fs.writeFileSync(paths.serverPid, `${pid}\n`);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (!exited) {
    if (await isReady(conn, Math.max(200, deadline - Date.now()))) return pid;
    if (Date.now() >= deadline) {
      await stopPid(pid, cluster);
      throw new Error(startFailure(`did not answer within ${timeoutMs / 1000} s`, paths.serverLog));
    }
    await sleep(pollMs);
  }
  fs.rmSync(paths.serverPid, { force: true });
  throw new Error(startFailure(`exited (${exited})`, paths.serverLog));
}

function startFailure(what: string, logPath: string): string {
  const tail = logTail(logPath);
  return `the control plane ${what}; see ${logPath}${tail ? `:\n${tail}` : ''}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPid(pid: number, cluster: string, graceMs = 10_000): Promise<void> {
  if (!isOurProcess(pid, cluster)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(pid) && isOurProcess(pid, cluster)) {
    if (Date.now() >= deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
      return;
    }
    await sleep(pollMs);
  }
}

/** Stops the recorded control plane (SIGTERM, then SIGKILL after the grace period). */
export async function stopControlPlaneProcess(
  cluster: string,
  paths: ClusterPaths,
  graceMs = 10_000,
): Promise<boolean> {
  const pid = runningPid(cluster, paths);
  if (pid !== undefined) await stopPid(pid, cluster, graceMs);
  fs.rmSync(paths.serverPid, { force: true });
  return pid !== undefined;
}
