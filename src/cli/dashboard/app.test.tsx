import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../../test/helpers/api-server.js';
import { waitFor } from '../../../test/helpers/wait.js';
import { DEPLOYMENTS, EVENTS, HORIZONTAL_POD_AUTOSCALERS, NODES, PODS } from '../../api/kinds/index.js';
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

const deployment = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'a', image: 'x' }] } },
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

// Inverse and bold stay when colours are off (the cursor must show): the text without them.
const screen = (ui: ReturnType<typeof render>) => stripVTControlCharacters(ui.lastFrame() ?? '');
const until = (ui: ReturnType<typeof render>, what: string, test: (s: string) => boolean) =>
  waitFor(what, () => test(screen(ui)), 10_000, 20).catch((err) => {
    throw new Error(`${(err as Error).message}; the screen:\n${screen(ui)}`);
  });

/** The line the cursor is on, below the header, tabs and titles (inverse video), as text. */
function cursorLine(ui: ReturnType<typeof render>): string {
  const lines = (ui.lastFrame() ?? '').split('\n');
  const at = lines.findIndex((l, i) => i > 2 && l.includes('\x1b[7m'));
  return stripVTControlCharacters(lines[at] ?? '').trim();
}

/** Moves the chooser's cursor from where it is to `name`. */
function choose(ui: ReturnType<typeof render>, name: string): void {
  const lines = screen(ui).split('\n');
  const steps =
    lines.findIndex((l) => l.trim() === name) - lines.findIndex((l) => l.trim() === cursorLine(ui));
  for (let i = 0; i < Math.abs(steps); i++) ui.stdin.write(steps > 0 ? 'j' : 'k');
}

/** The terminal made `columns` wide, as a resize does. */
function resize(ui: ReturnType<typeof render>, columns: number): void {
  Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true });
  ui.stdout.emit('resize');
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
      await until(
        ui,
        'only the pod filtered for, the filter in the tab line',
        (s) => s.includes('web-2') && !s.includes('web-1') && s.includes('filter: web-2'),
      );

      ui.stdin.write('d');
      await until(ui, 'the question', (s) => s.includes('delete pod/web-2? (y/N)'));
      ui.stdin.write('y');
      // Bound to a node with no agent, the pod stays Terminating until its grace period ends.
      await waitFor('the pod deleted', async () => {
        const p = await api.client.get(PODS, 'default', 'web-2');
        return !!p.metadata.deletionTimestamp;
      });
      await until(ui, 'the pod terminating', (s) => /web-2\s+0\/2\s+Terminating/.test(s));
      await until(ui, 'the result, as kubectl says it', (s) => s.includes('pod "web-2" deleted'));
      ui.stdin.write('1');
      await until(ui, 'the message gone with the view', (s) => s.includes('shift-K:stop/start node'));
      expect(screen(ui)).not.toContain('deleted');
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
      expect(cursorLine(ui)).toBe('(all namespaces)');
      expect(screen(ui)).toContain('↑↓ j k:move  ⏎:choose  esc:cancel');
      choose(ui, 'kube-system');
      ui.stdin.write('\r');
      await until(ui, 'kube-system chosen', (s) => s.includes('ns: kube-system') && !s.includes('web-1'));
      ui.stdin.write('a');
      await until(ui, 'every namespace again', (s) => s.includes('ns: all'));
      ui.stdin.write('a');
      await until(ui, 'back to the one chosen', (s) => s.includes('ns: kube-system'));

      ui.stdin.write('n');
      await until(ui, 'the namespaces again', (s) => s.includes('(all namespaces)'));
      // The chooser opens on the namespace in use.
      expect(cursorLine(ui)).toBe('kube-system');
      choose(ui, 'default');
      ui.stdin.write('\r');
      await until(ui, 'default chosen', (s) => s.includes('ns: default') && s.includes('web-1'));
      ui.stdin.write('l');
      await until(
        ui,
        'the containers, and the keys to choose',
        (s) =>
          /^ main\s*$/m.test(s) &&
          /^ side\s*$/m.test(s) &&
          s.includes('Container of pod/web-1 (enter chooses, esc cancels)') &&
          s.includes('↑↓ j k:move  ⏎:choose  esc:cancel'),
      );
      ui.stdin.write('j');
      ui.stdin.write('\r');
      await until(ui, 'the log of the one chosen', (s) => s.includes('logs default/web-1 -c side ('));
      // The pod's node has no agent to read the log from: the stream ends at once, and says why.
      await until(
        ui,
        'the stream ended, why, and the pane keys',
        (s) =>
          s.includes('logs default/web-1 -c side (stream ended)') &&
          !s.includes('(following)') &&
          !s.includes('?:help'),
      );
      ui.stdin.write('q');
      await until(ui, 'back at the pods', (s) => /NAME\s+READY\s+STATUS/.test(s));
    } finally {
      ui.unmount();
    }
  });

  it('describes, lists a deployment with its rollout, and shows the health figures of /metrics', async () => {
    await api.client.create(DEPLOYMENTS, deployment('api', 3));
    const ui = render(<Dashboard watch={watch} client={api.client} context="test-ctx" namespace="default" />);
    try {
      ui.stdin.write('2');
      await until(ui, 'the deployment', (s) => /deploy\s+api\s+0\/3\s+░+ 0\/3\s+rolling out/.test(s));
      ui.stdin.write('\r');
      await until(
        ui,
        'its description, and the keys of the pane',
        (s) =>
          s.includes('describe deployment.apps/api') &&
          s.includes('StrategyType:') &&
          s.includes('↑↓ j k PgUp PgDn g G:scroll  q esc:back'),
      );
      expect(screen(ui)).not.toContain('?:help');
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
      // Figures are no objects: the footer offers no describe, delete or filter.
      expect(screen(ui).trimEnd().split('\n').at(-1)?.trim()).toBe('?:help 1-6:view q:quit');
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
        (s) =>
          s.includes('rollout restart') &&
          /K \(shift-k\)\s+stop or start/.test(s) &&
          s.includes('k moves up'),
      );
    } finally {
      ui.unmount();
    }
  });

  it('scales with the count typed replacing the one shown, restarts after asking, and says what it cannot do', async () => {
    await api.client.create(DEPLOYMENTS, deployment('shop', 2));
    await api.client.create(HORIZONTAL_POD_AUTOSCALERS, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'shop', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
        minReplicas: 2,
        maxReplicas: 3,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    });
    // What the HPA controller writes when the metrics API has no figures for the pods.
    await api.client.patch(
      HORIZONTAL_POD_AUTOSCALERS,
      'default',
      'shop',
      {
        status: {
          currentReplicas: 2,
          desiredReplicas: 0,
          conditions: [
            {
              type: 'AbleToScale',
              status: 'True',
              reason: 'SucceededGetScale',
              lastTransitionTime: new Date().toISOString(),
            },
            {
              type: 'ScalingActive',
              status: 'False',
              reason: 'FailedGetResourceMetric',
              message: 'the HPA was unable to compute the replica count',
              lastTransitionTime: new Date().toISOString(),
            },
          ],
        },
      },
      'merge',
      'status',
    );
    const ui = render(<Dashboard watch={watch} client={api.client} context="test-ctx" namespace="default" />);
    const replicas = async () =>
      ((await api.client.get(DEPLOYMENTS, 'default', 'shop')) as any).spec.replicas;
    try {
      ui.stdin.write('2');
      await until(ui, 'the HPA that cannot compute, as kubectl shows it, not scaling', (s) =>
        /hpa\s+shop\s+2\/2-3\s+cpu: <unknown>\/50%\s+FailedGetResourceMetric/.test(s),
      );
      expect(screen(ui)).not.toContain('scaling to');
      // Keys that come in one read (typed fast over ssh, pasted) are keys one by one.
      ui.stdin.write('/shop\r');
      await until(ui, 'the deployment and its HPA only', (s) => s.includes('shop') && !/\bapi\b/.test(s));

      ui.stdin.write('s');
      await until(ui, 'the prompt, the count shown selected', (s) =>
        s.includes('scale deployment.apps/shop replicas from 2 to 2  0-9:replace ⏎:scale esc:cancel'),
      );
      expect(ui.lastFrame()).toContain('from 2 to \x1b[7m2\x1b[27m  ');
      ui.stdin.write('3');
      await until(ui, 'the digit in place of the count', (s) =>
        s.includes('from 2 to 3▏  0-9 ⌫:edit ⏎:scale esc:cancel'),
      );
      ui.stdin.write('\r');
      await until(ui, 'the result, as kubectl says it', (s) => s.includes('deployment.apps/shop scaled'));
      expect(await replicas()).toBe(3);
      await until(ui, 'the new count', (s) => /deploy\s+shop\s+0\/3/.test(s));

      // Backspace edits the count shown.
      ui.stdin.write('s');
      await until(ui, 'the prompt again', (s) => s.includes('from 3 to 3  0-9:replace'));
      ui.stdin.write('\x7f');
      ui.stdin.write('1');
      ui.stdin.write('2');
      await until(ui, 'the count edited', (s) => s.includes('from 3 to 12▏'));
      ui.stdin.write('\x1b');
      await until(ui, 'cancelled', (s) => s.includes('cancelled'));
      expect(await replicas()).toBe(3);

      ui.stdin.write('r');
      await until(ui, 'the restart question', (s) =>
        s.includes('rollout restart deployment.apps/shop? (y/N)'),
      );
      ui.stdin.write('y');
      await until(ui, 'the restart, as kubectl says it', (s) => s.includes('deployment.apps/shop restarted'));
      const d = (await api.client.get(DEPLOYMENTS, 'default', 'shop')) as any;
      expect(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeTruthy();

      ui.stdin.write('j');
      ui.stdin.write('s');
      await until(ui, 'that an HPA is not scaled', (s) =>
        s.includes('horizontalpodautoscalers cannot be scaled, only deployments and statefulsets'),
      );
      // At 80 columns, the message wraps: read whole, every line within the width.
      resize(ui, 80);
      ui.stdin.write('r');
      await until(
        ui,
        'nor restarted',
        (s) =>
          /^horizontalpodautoscalers cannot be restarted, only deployments, statefulsets\s*$/m.test(s) &&
          /^and daemonsets\s*$/m.test(s),
      );
      const lines = screen(ui).split('\n');
      for (const line of lines) expect([...line.trimEnd()].length).toBeLessThanOrEqual(79);
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
