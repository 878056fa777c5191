// A throwaway cluster for a benchmark: its own MINIK8S_HOME, `up` with any flags, a client of
// its API (refusing any server but 127.0.0.1), its control plane's pid, and `down` that removes it all.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Client } from '../dist/client/client.js';

export const ROOT = new URL('..', import.meta.url).pathname;

/** `root` is the checkout whose build runs the cluster (an older one, for "before" figures). */
export function benchCluster(root = ROOT) {
  const home = mkdtempSync(join(tmpdir(), 'minik8s-bench-'));
  // MINIK8S_TEST labels its Docker objects, so a crashed run's are found by scripts/clean-test-leftovers.sh.
  const env = { ...process.env, MINIK8S_HOME: home, KUBECONFIG: join(home, 'kubeconfig'), MINIK8S_TEST: '1' };
  const name = `bench-${randomBytes(3).toString('hex')}`;
  const cli = (...args) =>
    execFileSync(process.execPath, [join(root, 'bin/run.js'), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  return {
    name,
    home,
    env,
    cli,
    up: (...flags) => cli('up', '--name', name, ...flags),
    /** The API's address, CA and the admin's token, from the kubeconfig. */
    access() {
      const cfg = parse(readFileSync(env.KUBECONFIG, 'utf8'));
      const cluster = cfg.clusters.find((c) => c.name === `minik8s-${name}`).cluster;
      const user = cfg.users.find((u) => u.name === `minik8s-${name}`).user;
      if (new URL(cluster.server).hostname !== '127.0.0.1')
        throw new Error(`refusing to send traffic to ${cluster.server}`);
      const ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString();
      return { server: cluster.server, ca, token: user.token };
    },
    client() {
      return new Client(this.access());
    },
    /** The serving control plane: the child of the supervisor `up` records (itself when orphaned). */
    pid() {
      const recorded = Number(readFileSync(join(home, name, 'server.pid'), 'utf8'));
      try {
        const child = readFileSync(`/proc/${recorded}/task/${recorded}/children`, 'utf8')
          .trim()
          .split(/\s+/)[0];
        return child ? Number(child) : recorded;
      } catch {
        return recorded;
      }
    },
    hollowPid: () => Number(readFileSync(join(home, name, 'hollow.pid'), 'utf8')),
    down() {
      try {
        cli('down', '--name', name);
      } catch {}
      rmSync(home, { recursive: true, force: true });
    },
  };
}
