import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway single-member etcd on 127.0.0.1, for tests and benchmarks: its own ports, and its
 * own folder `$TMPDIR/minik8s-test-etcd-*` holding the data, the log and the pid (so a crashed
 * run's leftovers can be found and their process checked before it is stopped).
 */
export interface LocalEtcd {
  /** `http://127.0.0.1:<client port>` */
  endpoint: string;
  pid: number;
  folder: string;
  /** Stops the process and starts it again on the same ports and data (a member restart). */
  restart(): Promise<void>;
  /** Stops the process and removes the folder. */
  stop(): Promise<void>;
}

export interface LocalEtcdOptions {
  /** The etcd binary; default `$MINIK8S_ETCD` or `etcd` on the PATH (Debian's etcd-server). */
  binary?: string;
}

/** scripts/clean-test-leftovers.sh finds a crashed run's members by this prefix: change both together. */
const FOLDER_PREFIX = 'minik8s-test-etcd-';

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: string };
    return body.health === 'true';
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  child.kill('SIGTERM');
  if (await waitExit(child, STOP_TIMEOUT_MS)) return;
  child.kill('SIGKILL');
  await waitExit(child, STOP_TIMEOUT_MS);
}

interface Ports {
  client: number;
  peer: number;
}

function launch(binary: string, folder: string, ports: Ports): ChildProcess {
  const client = `http://127.0.0.1:${ports.client}`;
  const peer = `http://127.0.0.1:${ports.peer}`;
  const args = [
    '--name=local',
    `--data-dir=${join(folder, 'data')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=local=${peer}`,
    '--logger=zap',
    '--log-outputs=stderr',
  ];
  const log = openSync(join(folder, 'etcd.log'), 'a');
  try {
    const child = spawn(binary, args, { stdio: ['ignore', log, log] });
    // An etcd that cannot start fails with ENOENT here; that must not crash the process.
    child.on('error', () => {});
    if (child.pid !== undefined) writeFileSync(join(folder, 'etcd.pid'), `${child.pid}\n`);
    return child;
  } finally {
    closeSync(log);
  }
}

async function started(child: ChildProcess, endpoint: string): Promise<boolean> {
  const end = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < end && !exited(child) && child.pid !== undefined) {
    if (await answers(endpoint)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function logTail(folder: string): string {
  try {
    return readFileSync(join(folder, 'etcd.log'), 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

export async function startLocalEtcd(opts: LocalEtcdOptions = {}): Promise<LocalEtcd> {
  const binary = opts.binary ?? process.env.MINIK8S_ETCD ?? 'etcd';
  const folder = mkdtempSync(join(tmpdir(), FOLDER_PREFIX));
  mkdirSync(join(folder, 'data'), { mode: 0o700 });
  let child: ChildProcess | undefined;
  let found: Ports | undefined;
  try {
    // A port found free can be taken before etcd binds it; another pair is tried then.
    for (let attempt = 0; attempt < START_ATTEMPTS && !child; attempt++) {
      const candidate = { client: await freePort(), peer: await freePort() };
      const c = launch(binary, folder, candidate);
      if (await started(c, `http://127.0.0.1:${candidate.client}`)) {
        child = c;
        found = candidate;
      } else {
        await terminate(c);
      }
    }
    if (!child || !found) {
      throw new Error(
        `etcd (${binary}) did not start; is Debian's etcd-server installed (scripts/setup.sh)?\n${logTail(folder)}`,
      );
    }
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    throw err;
  }
  const ports = found;
  const endpoint = `http://127.0.0.1:${ports.client}`;
  let current = child;
  // A process that ends without its clean-up (a failed hook, an uncaught error) takes its etcd
  // along; only a kill -9 of it leaves one behind, for the leftovers' clean-up to find.
  const onExit = () => {
    current.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const etcd: LocalEtcd = {
    endpoint,
    pid: current.pid!,
    folder,
    restart: async () => {
      await terminate(current);
      current = launch(binary, folder, ports);
      etcd.pid = current.pid!;
      if (!(await started(current, endpoint))) throw new Error(`etcd did not restart\n${logTail(folder)}`);
    },
    stop: async () => {
      process.off('exit', onExit);
      await terminate(current);
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return etcd;
}
