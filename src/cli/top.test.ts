import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../test/helpers/api-server.js';
import { allocatableNode, fakeMetrics, twoContainerPod } from '../../test/helpers/metrics.js';
import { serveMetrics } from '../api/metrics/metrics-api.js';
import type { Io } from './io.js';
import { type ResourceTypes, serverResourceTypes } from './kinds.js';
import { type TopNodesOptions, type TopPodsOptions, topNodes, topPods } from './top.js';

const run = promisify(execFile);

const usage = (millicores: number, mib: number) => ({
  cpuNanoCores: millicores * 1e6,
  memoryBytes: mib * 1024 * 1024,
});

describe('minik8s top', () => {
  let t: TestApiServer;
  let types: ResourceTypes;
  const measured = fakeMetrics();
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
    return { io, out, err };
  };

  beforeAll(async () => {
    t = await startTestApiServer();
    serveMetrics(t.service, measured.source);
    types = await serverResourceTypes(t.client);
    await allocatableNode(t.service, 'n1', '2', '2Gi', { cpu: '4', memory: '4Gi' });
    await allocatableNode(t.service, 'n2', '4', '8Gi');
    measured.nodes.set('n1', { timestamp: Date.now(), windowMs: 15_000, usage: usage(500, 512) });
    const web = await twoContainerPod(t.service, 'web', { app: 'web' });
    const db = await twoContainerPod(t.service, 'db', { app: 'db' });
    const at = { timestamp: Date.now(), windowMs: 15_000 };
    measured.pods.set(web, {
      ...at,
      containers: [
        { name: 'app', usage: usage(250, 30) },
        { name: 'side', usage: usage(1, 2) },
      ],
    });
    measured.pods.set(db, {
      ...at,
      containers: [
        { name: 'app', usage: usage(5, 100) },
        { name: 'side', usage: usage(0, 1) },
      ],
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** kubectl top's stdout on the same server: its lines, trailing padding included. */
  const kubectl = async (args: string[]) => {
    const env = {
      ...process.env,
      KUBECONFIG: t.kubeconfig,
      KUBECACHEDIR: join(t.kubeconfig, '..', 'kube-cache'),
    };
    return (await run('kubectl', ['top', ...args], { env })).stdout.replace(/\n$/, '').split('\n');
  };
  const nodes = async (opts: TopNodesOptions) => {
    const { io, out } = capture();
    await topNodes(t.client, types, opts, io);
    return out;
  };
  const pods = async (opts: Omit<TopPodsOptions, 'namespace'>) => {
    const { io, out } = capture();
    await topPods(t.client, types, { namespace: 'default', ...opts }, io);
    return out;
  };

  it('prints nodes with their share of what they can allocate, and those not measured yet, as kubectl', async () => {
    const out = await nodes({});
    expect(out.map((l) => l.trimEnd())).toEqual([
      'NAME   CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)',
      'n1     500m         25%         512Mi           25%',
      'n2     <unknown>    <unknown>   <unknown>       <unknown>',
    ]);
    expect(out).toEqual(await kubectl(['nodes']));
  });

  it('prints pods, or their containers, as kubectl does', async () => {
    const out = await pods({});
    expect(out.map((l) => l.trimEnd())).toEqual([
      'NAME   CPU(cores)   MEMORY(bytes)',
      'db     5m           101Mi',
      'web    251m         32Mi',
    ]);
    expect(out).toEqual(await kubectl(['pods']));
    const containers = await pods({ allNamespaces: true, containers: true, labelSelector: 'app=web' });
    expect(containers.map((l) => l.trimEnd())).toEqual([
      'NAMESPACE   POD   NAME   CPU(cores)   MEMORY(bytes)',
      'default     web   app    250m         30Mi',
      'default     web   side   1m           2Mi',
    ]);
    expect(containers).toEqual(await kubectl(['pods', '-A', '--containers', '-l', 'app=web']));
  });

  it('sorts by --sort-by=cpu|memory, the most used first, as kubectl', async () => {
    const byCpu = await pods({ sortBy: 'cpu' });
    expect(byCpu.map((l) => l.split(' ')[0])).toEqual(['NAME', 'web', 'db']);
    expect(byCpu).toEqual(await kubectl(['pods', '--sort-by=cpu']));
    const byMemory = await pods({ sortBy: 'memory' });
    expect(byMemory.map((l) => l.split(' ')[0])).toEqual(['NAME', 'db', 'web']);
    expect(byMemory).toEqual(await kubectl(['pods', '--sort-by=memory']));
    expect(await pods({ sortBy: 'memory', containers: true })).toEqual(
      await kubectl(['pods', '--sort-by=memory', '--containers']),
    );
    expect(await nodes({ sortBy: 'memory' })).toEqual(await kubectl(['nodes', '--sort-by=memory']));
  });

  it('takes --no-headers, --sum and --show-capacity as kubectl', async () => {
    expect(await pods({ noHeaders: true })).toEqual(await kubectl(['pods', '--no-headers']));
    expect(await nodes({ noHeaders: true })).toEqual(await kubectl(['nodes', '--no-headers']));
    const summed = await pods({ sum: true });
    expect(summed.slice(-2).map((l) => l.trim().split(/ +/))).toEqual([
      ['________', '________'],
      ['256m', '133Mi'],
    ]);
    expect(summed).toEqual(await kubectl(['pods', '--sum']));
    for (const [allNamespaces, containers] of [
      [true, false],
      [false, true],
      [true, true],
    ]) {
      const flags = [...(allNamespaces ? ['-A'] : []), ...(containers ? ['--containers'] : [])];
      expect(await pods({ sum: true, allNamespaces, containers, noHeaders: true }), flags.join(' ')).toEqual(
        await kubectl(['pods', '--sum', '--no-headers', ...flags]),
      );
    }
    const capacity = await nodes({ showCapacity: true });
    expect(capacity[1].split(/ +/).slice(0, 5)).toEqual(['n1', '500m', '12%', '512Mi', '12%']);
    expect(capacity).toEqual(await kubectl(['nodes', '--show-capacity']));
  });

  it('says when pods exist but have no metrics yet, and when there are none', async () => {
    await twoContainerPod(t.service, 'fresh', { app: 'fresh' });
    await expect(
      topPods(t.client, types, { namespace: 'default', labelSelector: 'app=fresh' }, capture().io),
    ).rejects.toThrow('metrics not available yet');
    const none = capture();
    await topPods(t.client, types, { namespace: 'default', labelSelector: 'app=none' }, none.io);
    expect(none.err).toEqual(['No resources found in default namespace.']);
  });
});
