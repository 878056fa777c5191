import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, startTestCluster, type TestCluster } from './helpers/cluster.js';
import { openTerminal, type Terminal } from './helpers/tmux.js';
import { waitFor } from './helpers/wait.js';

let cluster: TestCluster;
let term: Terminal | undefined;

beforeAll(async () => {
  cluster = await startTestCluster({ nodes: 0 });
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
  it('shows a pod created meanwhile, switches views, follows a resize, rides out a control-plane restart and quits on q', async () => {
    term = await openTerminal([process.execPath, BIN, 'dashboard'], {
      env: cluster.env,
      columns: 80,
      rows: 24,
    });
    await onScreen(
      'the header',
      (s) => s.includes(`context minik8s-${cluster.name}`) && s.includes('● ready'),
    );
    await onScreen('the pods view', (s) => /NAME\s+READY\s+STATUS/.test(s));
    expect((await term.screen()).split('\n').length).toBeLessThanOrEqual(24);

    await cluster.kubectl(['run', 'dash-probe', '--image=busybox', '--restart=Never', '--', 'sleep', '60']);
    await onScreen('the new pod', (s) => /dash-probe\s+0\/1\s+Pending/.test(s));
    // Redrawn in place: the header on the first line, once, the tabs right under it.
    const lines = (await term.screen()).split('\n');
    expect(lines[0]).toContain('context minik8s-');
    expect(lines[1]).toMatch(/^ 1 nodes/);
    expect(lines.filter((l) => l.includes('context minik8s-'))).toHaveLength(1);

    await term.keys(['1']);
    await onScreen('the nodes view', (s) => /NAME\s+STATUS\s+ROLES\s+CPU\s+MEMORY/.test(s));
    await term.keys(['5']);
    await onScreen('the events view', (s) => /LAST\s+TYPE\s+REASON/.test(s));

    await term.resize(120, 30);
    await onScreen('the wider footer', (s) => s.includes('K:node q:quit'));

    await cluster.minik8s(['stop', '--name', cluster.name]);
    await onScreen('the lost connection', (s) => s.includes('connection lost, reconnecting'));
    await cluster.minik8s(['start', '--name', cluster.name]);
    await onScreen('the connection back', (s) => s.includes('● ready'));
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
