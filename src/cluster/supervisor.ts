import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sleep } from './background-process.js';

const runJs = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

/** Set in the environment of the process a supervisor runs, so that it serves instead of supervising. */
export const SUPERVISED_ENV = 'MINIK8S_SUPERVISED';

/** What a supervised child sends once it serves. */
const READY = 'ready';

/** In a supervised child, once it serves: from now on its supervisor restarts it if it dies. */
export function reportServing(): void {
  process.send?.(READY);
}

/** How the supervisor restarts what it runs; settings so tests can make them short. */
export interface SupervisorSettings {
  /** The first wait before a restart, doubled after each quick failure. */
  backoffMs: number;
  maxBackoffMs: number;
  /** A run shorter than this that ends is a quick failure. */
  healthyAfterMs: number;
  /** Quick failures in a row after which the supervisor gives up and exits 1. */
  maxQuickFailures: number;
}

export const SUPERVISOR_DEFAULTS: SupervisorSettings = {
  backoffMs: 200,
  maxBackoffMs: 10_000,
  healthyAfterMs: 10_000,
  maxQuickFailures: 5,
};

/**
 * Runs `minik8s <command> --name NAME` as a child and starts it again whenever it ends without
 * being asked to (a crash, kill -9, the OOM killer), as a systemd unit with Restart=on-failure
 * would. SIGTERM and SIGINT are passed on, and the supervisor exits once the child has.
 */
export async function supervise(
  command: string,
  name: string,
  log: (line: string) => void,
  settings = SUPERVISOR_DEFAULTS,
): Promise<number> {
  let stopping = false;
  let child: ChildProcess | undefined;
  const forward = (signal: NodeJS.Signals) => {
    stopping = true;
    child?.kill(signal);
  };
  process.on('SIGTERM', () => forward('SIGTERM'));
  process.on('SIGINT', () => forward('SIGINT'));
  let backoff = settings.backoffMs;
  let quickFailures = 0;
  let served = false;
  for (;;) {
    const started = Date.now();
    // stdout and stderr are the supervisor's own (the cluster's log); the IPC channel tells the
    // child when the supervisor is gone.
    child = spawn(process.execPath, [runJs, command, '--name', name], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, [SUPERVISED_ENV]: '1' },
    });
    child.on('message', (m) => {
      if (m === READY) served = true;
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child!.once('exit', (c, s) => resolve([c, s])),
    );
    if (stopping) return code ?? 0;
    // A first start that fails is a configuration to fix, not a crash: `up` shows why at once.
    if (!served) return code || 1;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    if (Date.now() - started >= settings.healthyAfterMs) {
      quickFailures = 0;
      backoff = settings.backoffMs;
    } else if (++quickFailures >= settings.maxQuickFailures) {
      log(
        `${new Date().toISOString()} ${command} ended (${how}) ${quickFailures} times in a row soon after starting: giving up`,
      );
      return 1;
    }
    log(`${new Date().toISOString()} ${command} ended (${how}): starting it again in ${backoff} ms`);
    await sleep(backoff);
    backoff = Math.min(backoff * 2, settings.maxBackoffMs);
    if (stopping) return 0;
  }
}

/**
 * In a supervised child: when the supervisor is gone (killed), this process records itself in
 * the pid file so that `stop` and `down` still find the control plane.
 */
export function adoptPidFileWhenOrphaned(pidFile: string): void {
  if (!process.send) return;
  process.once('disconnect', () => fs.writeFileSync(pidFile, `${process.pid}\n`));
}
