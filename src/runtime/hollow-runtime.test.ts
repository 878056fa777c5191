import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { waitFor } from '../../test/helpers/wait.js';
import { NODES, type Node, PODS, type ServedPod } from '../api/kinds/index.js';
import { scheduler } from '../reconcile/scheduler/scheduler.js';
import { type Agent, runAgent } from './agent.js';
import type { SandboxSpec } from './container-runtime.js';
import { HollowAddresses, HollowRuntime } from './hollow-runtime.js';

const machine = { cpu: 4, memory: 16 * 2 ** 30, address: '127.127.0.1' };

describe('HollowRuntime', () => {
  const sandbox = (name: string): SandboxSpec => ({
    name,
    image: 'pause',
    command: ['sleep', 'infinity'],
    labels: { pod: name },
    hostname: name,
    network: 'hollow',
    dns: { servers: [], searches: [], options: [] },
    ports: [],
  });

  it('keeps containers in memory, each sandbox with a loopback address of its own', async () => {
    const rt = new HollowRuntime(machine, new HollowAddresses());
    const a = await rt.runSandbox(sandbox('a'));
    expect(await rt.runSandbox(sandbox('a'))).toBe(a);
    await rt.runSandbox(sandbox('b'));
    const ips = (await rt.listContainers({})).map((c) => c.ip);
    expect(ips).toEqual(['127.128.0.1', '127.128.0.2']);
    expect((await rt.listContainers({ pod: 'b' })).map((c) => c.state)).toEqual(['running']);
  });

  it('runs a container until the agent stops it, then keeps its exit', async () => {
    const rt = new HollowRuntime(machine, new HollowAddresses());
    const id = await rt.createContainer({
      name: 'c',
      image: 'busybox',
      env: {},
      labels: { pod: 'a' },
      tty: false,
      stdin: false,
      stdinOnce: false,
      sandboxId: 'x',
      sharePid: false,
      mounts: [],
      resources: {},
      security: {},
    });
    expect((await rt.inspectContainer(id))?.state).toBe('created');
    await rt.startContainer(id);
    expect((await rt.inspectContainer(id))?.state).toBe('running');
    await rt.stopContainer(id, 30);
    expect(await rt.inspectContainer(id)).toMatchObject({ state: 'exited', exitCode: 143 });
    await rt.removeContainer(id);
    expect(await rt.inspectContainer(id)).toBeUndefined();
    expect(await (await rt.exec()).exitCode).toBe(0);
  });
});

describe('a hollow node', () => {
  let h: ControllerHarness;
  let agent: Agent;

  beforeEach(async () => {
    h = await startControllers([scheduler], {
      prefix: 'minik8s-hollow-',
      settings: { podInitialBackoffMs: 0 },
    });
    agent = await runAgent({
      client: h.client,
      nodeName: 'hollow-test-0001',
      cluster: 'hollow-test',
      stateDir: h.dir,
      runtime: new HollowRuntime(machine, new HollowAddresses()),
      nodeLabels: { 'minik8s.dev/hollow': 'true' },
      log: () => {},
    });
  });

  afterEach(async () => {
    await agent.stop();
    await h.stop();
  });

  it('registers as a modest machine and runs its pods as far as the API can tell', async () => {
    const node = await h.client.get<Node>(NODES, undefined, 'hollow-test-0001');
    expect(node.metadata.labels).toMatchObject({
      'minik8s.dev/hollow': 'true',
      'kubernetes.io/hostname': 'hollow-test-0001',
    });
    expect(node.status?.allocatable).toMatchObject({ cpu: '4', memory: '16777216Ki', pods: '110' });
    await h.client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        terminationGracePeriodSeconds: 5,
        containers: [{ name: 'c', image: 'busybox', command: ['httpd', '-f'] }],
      },
    });
    const running = await waitFor('web Running and Ready', async () => {
      const p = await h.client.get<ServedPod>(PODS, 'default', 'web');
      const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
      return p.status?.phase === 'Running' && ready ? p : undefined;
    });
    expect(running.spec.nodeName).toBe('hollow-test-0001');
    expect(running.status?.podIP).toMatch(/^127\.128\./);
    await h.client.delete(PODS, 'default', 'web');
    await waitFor(
      'web gone',
      async () => !(await h.client.list(PODS, { namespace: 'default' })).items.length,
    );
  });
});
