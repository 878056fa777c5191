import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, startTestCluster, type TestCluster } from './helpers/cluster.js';
import { openTerminal, type Terminal } from './helpers/tmux.js';
import { waitFor } from './helpers/wait.js';

let cluster: TestCluster;
let term: Terminal | undefined;

beforeAll(async () => {
  // One node: the health view's pod startup figure is its agent's (nodes/NAME/proxy/metrics).
  cluster = await startTestCluster({ nodes: 1 });
});

afterAll(async () => {
  await term?.close();
  await cluster?.down();
});

const onScreen = (what: string, test: (screen: string) => boolean) =>
  waitFor(what, async () => test(await term!.screen()), 30_000, 100).catch(async (err) => {
    throw new Error(`${(err as Error).message}; the screen:\n${await term!.screen()}`);
  });

describe('minik8s dashboard in a terminal', () => {
  it('shows a pod created meanwhile, switches views, follows a log to its end, follows a resize, rides out a control-plane restart and quits on q', async () => {
    term = await openTerminal([process.execPath, BIN, 'dashboard'], {
      env: { ...cluster.env, NO_COLOR: '1' },
      columns: 80,
      rows: 24,
    });
    await onScreen(
      'the header',
      (s) => s.includes(`context minik8s-${cluster.name}`) && s.includes('● ready'),
    );
    await onScreen('the pods view', (s) => /NAME\s+READY\s+STATUS/.test(s));
    expect((await term.screen()).split('\n').length).toBeLessThanOrEqual(24);

    await cluster.kubectl([
      'run',
      'dash-probe',
      '--image=minik8s/busybox:latest',
      '--image-pull-policy=IfNotPresent',
      '--restart=Never',
      '--',
      'sleep',
      '600',
    ]);
    await onScreen('the new pod', (s) => /dash-probe\s+[01]\/1\s+\w+/.test(s));
    // Redrawn in place: the header on the first line, once, the tabs right under it.
    const lines = (await term.screen()).split('\n');
    expect(lines[0]).toContain('context minik8s-');
    expect(lines[1]).toMatch(/^ 1:nodes/);
    expect(lines.filter((l) => l.includes('context minik8s-'))).toHaveLength(1);
    // NO_COLOR: no colour at all; the cursor's row and the current tab still in inverse video.
    const styled = await term.screen(true);
    expect(styled).toContain('\x1b[7m');
    expect(styled).not.toMatch(/\x1b\[[0-9;]*(3|9)[0-7]m/);

    // At 80 columns, the Service's type, cluster IP and ports, and no empty OPEN column.
    await term.keys(['4']);
    await onScreen(
      'the services view',
      (s) =>
        /KIND\s+NAME\s+TYPE\/CLASS\s+ADDRESS\s+PORTS\/HOSTS\s*$/m.test(s) &&
        /svc\s+kubernetes\s+ClusterIP\s+\d+\.\d+\.\d+\.\d+\s+443\/TCP\s*$/m.test(s),
    );

    await term.keys(['1']);
    await onScreen(
      'the nodes view, its footer whole in 80 columns',
      (s) => /NAME\s+STATUS\s+ROLES\s+CPU\s+MEMORY/.test(s) && s.includes('shift-K:stop/start node q:quit'),
    );

    // Every health figure read from the cluster's /metrics (and the watch), none missing.
    await cluster.kubectl(['wait', 'pod/dash-probe', '--for=condition=Ready', '--timeout=120s']);
    await term.keys(['6']);
    const lat = String.raw`\d+(\.\d+)?(µs|ms|s)`;
    const figure = (name: string, slo: string) => new RegExp(`${name}\\s+${lat}\\s+${lat}\\s+${slo}`);
    await onScreen('every health figure', (s) =>
      [
        figure('API mutating calls', '≤ 1s\\s+ok'),
        figure('API GET', '≤ 1s\\s+ok'),
        figure('API LIST', '≤ 30s\\s+ok'),
        figure('API POST', '≤ 1s\\s+ok'),
        figure('Pod startup', '≤ 5s\\s+(ok|over)'),
        figure('Pod scheduling', '—'),
        figure('Scheduling attempt', '—'),
        figure('Watch lag', '—'),
        figure('Store operation', '—'),
        /Store size\s+\d+(\.\d)?(KiB|MiB)\s+—/,
      ].every((re) => re.test(s)),
    );
    expect(await term.screen()).not.toContain('n/a');
    expect(await term.screen()).toMatch(/kubelet, 1 of 1 nodes[\s\S]*store, \d+ objects/);
    // Figures are no objects: the footer offers no describe or delete.
    expect((await term.screen()).trimEnd().split('\n').at(-1)).toMatch(/^\?:help 1-6:view q:quit\s*$/);
    await term.keys(['5']);
    await onScreen('the events view', (s) => /LAST\s+TYPE\s+REASON/.test(s));

    // A followed log says so when its pod is deleted, as `kubectl logs -f` ends then.
    await cluster.kubectl([
      'run',
      'lp',
      '--image=minik8s/busybox:latest',
      '--image-pull-policy=IfNotPresent',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done',
    ]);
    await cluster.kubectl(['wait', 'pod/lp', '--for=condition=Ready', '--timeout=120s']);
    await term.keys(['3']);
    await term.keys(['/lp'], true);
    await term.keys(['Enter']);
    await onScreen(
      'the pod filtered for',
      (s) => /^lp\s+1\/1\s+Running/m.test(s) && !s.includes('dash-probe'),
    );
    await term.keys(['l']);
    await onScreen(
      'its log followed, and the keys of the pane',
      (s) =>
        s.includes('logs default/lp -c lp (following)') && /^tick \d+/m.test(s) && s.includes('q esc:back'),
    );
    await cluster.kubectl(['delete', 'pod', 'lp', '--now']);
    await onScreen('the stream ended', (s) => s.includes('logs default/lp -c lp (stream ended)'));
    await term.keys(['q']);
    await term.keys(['Escape']);
    await onScreen('the pods again, unfiltered', (s) => s.includes('dash-probe'));

    // At 80 columns the reason is whole, before the context's names.
    await cluster.minik8s(['stop', '--name', cluster.name]);
    await onScreen('the lost connection and why', (s) => {
      const why = /^ minik8s ✗ connection lost, reconnecting: (\S.*?)(?: {2}|$)/.exec(s.split('\n')[0]);
      return !!why && !why[1].includes('…');
    });
    await cluster.minik8s(['start', '--name', cluster.name]);
    await onScreen('the connection back', (s) => s.includes('● ready'));
    // Resized, the frame is laid out again: the header has room for the whole version.
    await term.resize(120, 30);
    await onScreen('the wider frame', (s) => /API ● ready\s+v\d+\.\d+\.\d+-minik8s/.test(s));
    await term.keys(['3']);
    await cluster.kubectl([
      'run',
      'after-restart',
      '--image=busybox',
      '--restart=Never',
      '--',
      'sleep',
      '60',
    ]);
    await onScreen('a pod made after the restart', (s) => s.includes('after-restart'));

    await term.keys(['q']);
    await waitFor('the dashboard to end', () => term!.ended(), 15_000);
  });
});
