import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ClusterInfo, readClusterInfo } from './cluster-info.js';
import { type ClusterPaths, clusterPaths } from './paths.js';

/** The minik8s executable; the same file runs the CLI and, with `server` or `hollow-nodes`, a cluster's background parts. */
const runJs = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

export const POLL_MS = 20;

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A background process of a cluster: `minik8s <command> --name CLUSTER`, its pid file and its log. */
export interface BackgroundProcess {
  command: 'server' | 'hollow-nodes';
  pidFile: string;
  logFile: string;
}

/** Starts each run's part of a log, so an error shows this run's lines only. */
const startMarker = (command: string) => `--- minik8s ${command} starting`;

/** The last lines of a background process's log since its last start, for an error that says why. */
export function logTail(p: Pick<BackgroundProcess, 'command' | 'logFile'>, lines = 15): string {
  try {
    const text = fs.readFileSync(p.logFile, 'utf8');
    const at = text.lastIndexOf(startMarker(p.command));
    const run = at < 0 ? text : text.slice(text.indexOf('\n', at) + 1);
    return run.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function isOurProcess(pid: number, cluster: string, command: string): boolean {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = args.indexOf('--name');
    return args.includes(command) && at >= 0 && args[at + 1] === cluster;
  } catch {
    return false;
  }
}

/** The pid of the cluster's process when the recorded one still runs and is ours. */
export function runningPidOf(cluster: string, p: BackgroundProcess): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(p.pidFile, 'utf8'), 10);
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 && isOurProcess(pid, cluster, p.command) ? pid : undefined;
}

/**
 * Starts `minik8s <command> --name CLUSTER` detached from this process (own session, no
 * inherited stdio, output to its log) and records its pid. `exited` says how it ended, once it has.
 */
export function spawnBackground(
  cluster: string,
  home: string,
  p: BackgroundProcess,
): { pid: number; exited: () => string | undefined } {
  const logFd = fs.openSync(p.logFile, 'a');
  fs.writeSync(logFd, `${startMarker(p.command)} at ${new Date().toISOString()} ---\n`);
  const child = spawn(process.execPath, [runJs, p.command, '--name', cluster], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, MINIK8S_HOME: home },
  });
  fs.closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start minik8s ${p.command}: ${logTail(p)}`);
  fs.writeFileSync(p.pidFile, `${pid}\n`);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.unref();
  return { pid, exited: () => exited };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after the grace period; only a process that is ours. */
export async function stopPid(
  pid: number,
  cluster: string,
  command: string,
  graceMs = 10_000,
): Promise<void> {
  if (!isOurProcess(pid, cluster, command)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(pid) && isOurProcess(pid, cluster, command)) {
    if (Date.now() >= deadline) {
      // The whole process group: a supervised control plane's child goes with its supervisor.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
      return;
    }
    await sleep(POLL_MS);
  }
}

/** Stops the recorded process; whether one was running. */
export async function stopBackground(
  cluster: string,
  p: BackgroundProcess,
  graceMs = 10_000,
): Promise<boolean> {
  const pid = runningPidOf(cluster, p);
  if (pid !== undefined) await stopPid(pid, cluster, p.command, graceMs);
  fs.rmSync(p.pidFile, { force: true });
  return pid !== undefined;
}

/**
 * Runs a background process's body (`minik8s server`, `minik8s hollow-nodes`) as bin/run.js
 * calls it, without the CLI framework: its lines to stdout, a failure as one line, then exit.
 */
export async function serveInBackground(run: (log: (line: string) => void) => Promise<void>): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    await run(log);
  } catch (err) {
    process.stderr.write(`error: ${process.env.DEBUG ? (err as Error).stack : (err as Error).message}\n`);
    process.exitCode = 1;
  }
  process.exit();
}

/** The cluster a background process serves, and the signal (SIGTERM or SIGINT) that ends it. */
export function serving(name: string): { paths: ClusterPaths; info: ClusterInfo; stopped: Promise<string> } {
  const paths = clusterPaths(name);
  const info = readClusterInfo(name);
  if (!info) throw new Error(`no cluster "${name}" under ${paths.home}`);
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  return { paths, info, stopped };
}
