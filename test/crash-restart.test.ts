import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIGMAPS } from '../src/api/kinds/index.js';
import { Client } from '../src/client/client.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually } from './helpers/wait.js';

const KILLS = 3;
const WRITES_PER_ROUND = 40;

/** The pid `up` recorded (the supervisor) and the serving process it runs. */
function processes(c: TestCluster): { supervisor: number; server: number | undefined } {
  const supervisor = Number(readFileSync(join(c.home, c.name, 'server.pid'), 'utf8'));
  let children: string[] = [];
  try {
    children = readFileSync(`/proc/${supervisor}/task/${supervisor}/children`, 'utf8').trim().split(/\s+/);
  } catch {}
  const server = children.filter(Boolean).map(Number)[0];
  return { supervisor, server };
}

describe('a control plane killed with SIGKILL', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ nodes: 0 });
  }, 120_000);
  afterAll(async () => {
    await c?.down();
  });

  it('comes back by itself, with every acknowledged write', async () => {
    const client = new Client(c.conn);
    const acknowledged: string[] = [];
    let n = 0;
    try {
      for (let round = 0; round < KILLS; round++) {
        const { server } = processes(c);
        expect(server).toBeGreaterThan(0);
        // Writes in flight when the server dies: those answered are acknowledged, the rest may go either way.
        const writes = Array.from({ length: WRITES_PER_ROUND }, () => {
          const name = `w-${n++}`;
          return client
            .create(CONFIGMAPS, {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name, namespace: 'default' },
              data: { n: name },
            })
            .then(
              () => acknowledged.push(name),
              () => undefined,
            );
        });
        await new Promise((r) => setTimeout(r, 5));
        process.kill(server!, 'SIGKILL');
        await Promise.all(writes);
        await eventually('the control plane answers again', async () => {
          const res = await client.raw('GET', '/readyz', { timeoutMs: 1000, accept: 'text/plain' });
          expect(res.status).toBe(200);
          expect(processes(c).server).not.toBe(server);
        });
      }
      const stored = new Set(
        (await client.list(CONFIGMAPS, { namespace: 'default' })).items.map((o) => o.metadata.name),
      );
      expect(acknowledged.length).toBeGreaterThan(0);
      expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
    } finally {
      client.close();
    }
  }, 180_000);

  it('resumes on a free port when another program took its own, and says so in the kubeconfig', async () => {
    await c.kubectl(['create', 'configmap', 'before-move']);
    const { supervisor } = processes(c);
    const oldPort = Number(new URL(c.conn.server).port);
    // The whole process group, as the OOM killer or a crash of the machine would end it.
    process.kill(-supervisor, 'SIGKILL');
    const squatter = net.createServer();
    await eventually('the old port is free to take', async () => {
      await new Promise<void>((resolve, reject) => {
        squatter.once('error', reject);
        squatter.listen(oldPort, '127.0.0.1', () => resolve());
      });
    });
    try {
      await c.minik8s(['up', '--name', c.name]);
      const kubeconfig = readFileSync(c.kubeconfig, 'utf8');
      const port = Number(/server: https:\/\/127\.0\.0\.1:(\d+)/.exec(kubeconfig)?.[1]);
      expect(port).not.toBe(oldPort);
      const { stdout } = await c.kubectl(['get', 'configmap', 'before-move', '-o', 'name']);
      expect(stdout).toBe('configmap/before-move');
    } finally {
      squatter.close();
    }
  }, 120_000);
});
