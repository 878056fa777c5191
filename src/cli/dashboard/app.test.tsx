import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../../test/helpers/api-server.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { DEPLOYMENTS, EVENTS, NODES, PODS } from '../../api/kinds/index.js';
import { Dashboard } from './app.js';
import { ClusterWatch } from './cluster-watch.js';

let api: TestApiServer;
let watch: ClusterWatch;

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    nodeName: 'worker-1',
    containers: [
      { name: 'main', image: 'busybox' },
      { name: 'side', image: 'busybox' },
    ],
  },
});

beforeAll(async () => {
  api = await startTestApiServer();
  await api.client.create(NODES, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'worker-1', labels: { 'node-role.kubernetes.io/worker': '' } },
    status: {
      allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  });
  await api.client.create(PODS, pod('web-1'));
  watch = new ClusterWatch(api.client, { batchMs: 20 });
  watch.start();
});

afterAll(async () => {
  await watch?.stop();
  await api?.stop();
});

const screen = (ui: ReturnType<typeof render>) => ui.lastFrame() ?? '';
const until = (ui: ReturnType<typeof render>, what: string, test: (s: string) => boolean) =>
  waitFor(what, () => test(screen(ui)), 10_000, 20).catch((err) => {
    throw new Error(`${(err as Error).message}; the screen:\n${screen(ui)}`);
  });

/** Moves the chooser's cursor from its first line down to `name`. */
function choose(ui: ReturnType<typeof render>, name: string): void {
  const lines = screen(ui).split('\n');
  const steps =
    lines.findIndex((l) => l.trim() === name) - lines.findIndex((l) => l.includes('(all namespaces)'));
  for (let i = 0; i < steps; i++) ui.stdin.write('j');
}

describe('dashboard', () => {
  it('shows pods live, switches views, filters, and deletes after asking', async () => {
    const ui = render(<Dashboard watch={watch} client={api.client} context="test-ctx" namespace="default" />);
    try {
      await until(ui, 'the pod listed', (s) => /web-1\s+0\/2\s+Pending/.test(s));
      expect(screen(ui)).toContain('context test-ctx');
      await until(ui, 'API ready in the header', (s) => s.includes('● ready'));

      await api.client.create(PODS, pod('web-2'));
      await until(ui, 'a pod created meanwhile', (s) => s.includes('web-2'));

      ui.stdin.write('1');
      await until(
        ui,
        'the nodes view, its footer naming the node key',
        (s) =>
          /worker-1\s+Ready\s+worker/.test(s) && s.includes('2/110') && s.includes('shift-K:stop/start node'),
      );
      // k moves (here: nowhere, the node is the only row); shift-K asks to stop the node.
      ui.stdin.write('k');
      ui.stdin.write('K');
      await until(ui, 'the node question', (s) => s.includes('stop node worker-1? (y/N)'));
      ui.stdin.write('n');
      await until(ui, 'nothing done', (s) => s.includes('cancelled'));

      ui.stdin.write('3');
      ui.stdin.write('/');
      for (const c of 'web-2') ui.stdin.write(c);
      ui.stdin.write('\r');
      await until(ui, 'only the pod filtered for', (s) => s.includes('web-2') && !s.includes('web-1'));

      ui.stdin.write('d');
      await until(ui, 'the question', (s) => s.includes('delete pods/web-2? (y/N)'));
      ui.stdin.write('y');
      // Bound to a node with no agent, the pod stays Terminating until its grace period ends.
      await waitFor('the pod deleted', async () => {
        const p = await api.client.get(PODS, 'default', 'web-2');
        return !!p.metadata.deletionTimestamp;
      });
      await until(ui, 'the pod terminating', (s) => /web-2\s+0\/2\s+Terminating/.test(s));
      await until(ui, 'the result', (s) => s.includes('pods/web-2 deleted'));
    } finally {
      ui.unmount();
    }
  });

  it('changes namespace, and asks which container to follow the log of', async () => {
    const ui = render(<Dashboard watch={watch} client={api.client} context="test-ctx" namespace="default" />);
    try {
      await until(ui, 'the pod listed', (s) => s.includes('web-1'));
      ui.stdin.write('a');
      await until(ui, 'every namespace', (s) => s.includes('ns: all') && /NAMESPACE\s+NAME/.test(s));
      ui.stdin.write('n');
      await until(ui, 'the namespaces', (s) => s.includes('(all namespaces)') && s.includes('kube-system'));
      choose(ui, 'kube-system');
      ui.stdin.write('\r');
      await until(ui, 'kube-system chosen', (s) => s.includes('ns: kube-system') && !s.includes('web-1'));
      ui.stdin.write('a');
      await until(ui, 'every namespace again', (s) => s.includes('ns: all'));
      ui.stdin.write('a');
      await until(ui, 'back to the one chosen', (s) => s.includes('ns: kube-system'));

      ui.stdin.write('n');
      await until(ui, 'the namespaces again', (s) => s.includes('(all namespaces)'));
      choose(ui, 'default');
      ui.stdin.write('\r');
      await until(ui, 'default chosen', (s) => s.includes('ns: default') && s.includes('web-1'));
      ui.stdin.write('l');
      await until(ui, 'the containers', (s) => /^ main\s*$/m.test(s) && /^ side\s*$/m.test(s));
      ui.stdin.write('j');
      ui.stdin.write('\r');
      await until(ui, 'the log of the one chosen', (s) =>
        s.includes('logs default/web-1 -c side (following)'),
      );
      ui.stdin.write('q');
      await until(ui, 'back at the pods', (s) => /NAME\s+READY\s+STATUS/.test(s));
    } finally {
      ui.unmount();
    }
  });

  it('describes, lists a deployment with its rollout, and shows the health figures of /metrics', async () => {
    await api.client.create(DEPLOYMENTS, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'a', image: 'x' }] } },
      },
    });
    const ui = render(<Dashboard watch={watch} client={api.client} context="test-ctx" namespace="default" />);
    try {
      ui.stdin.write('2');
      await until(ui, 'the deployment', (s) => /deploy\s+api\s+0\/3\s+░+ 0\/3\s+rolling out/.test(s));
      ui.stdin.write('\r');
      await until(
        ui,
        'its description',
        (s) => s.includes('describe deployments/api') && s.includes('StrategyType:'),
      );
      ui.stdin.write('q');
      await until(ui, 'back at the table', (s) => s.includes('PROGRESS'));

      ui.stdin.write('6');
      // The API server's own figures, read from its /metrics: latency by verb beside the SLO.
      const lat = String.raw`\d+(\.\d+)?(µs|ms|s)`;
      await until(ui, 'the API latency of mutating calls and of POST', (s) =>
        [
          new RegExp(`API mutating calls\\s+${lat}\\s+${lat}\\s+≤ 1s\\s+ok\\s+apiserver, \\d+ calls?`),
          new RegExp(`API POST\\s+${lat}\\s+${lat}\\s+≤ 1s\\s+ok`),
          new RegExp(`API LIST\\s+${lat}\\s+${lat}\\s+≤ 30s\\s+ok`),
        ].every((re) => re.test(s)),
      );
      // This API server runs no scheduler, its store is not instrumented and its one node has no
      // agent to ask: those figures do not exist (the terminal test reads them from a cluster).
      expect(screen(ui)).toMatch(/Pod startup\s+n\/a\s+n\/a\s+≤ 5s\s+kubelet, 0 of 1 nodes/);
      expect(screen(ui)).not.toContain('/metrics failed');
      // An event named as Kubernetes names them (the recorder's time in hex nanoseconds) times the watch.
      const made = (BigInt(Date.now()) * 1_000_000n).toString(16);
      await api.client.create(EVENTS, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `api.${made}`, namespace: 'default' },
        involvedObject: { kind: 'Deployment', name: 'api', namespace: 'default' },
        reason: 'Probe',
        message: 'timing the watch',
        type: 'Normal',
      });
      await until(ui, 'the watch lag', (s) =>
        new RegExp(`Watch lag\\s+${lat}\\s+${lat}\\s+—\\s+1 events timed`).test(s),
      );

      ui.stdin.write('?');
      await until(
        ui,
        'the help',
        (s) => s.includes('rollout restart') && /K \(shift-k\)\s+stop or start/.test(s),
      );
    } finally {
      ui.unmount();
    }
  });

  it('caches of each pod only what the views read, not its managedFields or its spec details', async () => {
    const stored = (await api.client.get(PODS, 'default', 'web-1')) as any;
    expect(stored.metadata.managedFields.length).toBeGreaterThan(0);
    expect(stored.spec.containers[0].image).toBe('busybox');
    const cached = watch.informer('pods').get('default', 'web-1') as any;
    expect(cached.metadata.managedFields).toBeUndefined();
    expect(cached.metadata.uid).toBe(stored.metadata.uid);
    expect(cached.spec).toEqual({ nodeName: 'worker-1', containers: [{ name: 'main' }, { name: 'side' }] });
  });
});
