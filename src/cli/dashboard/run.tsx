import { render } from 'ink';
import { readClusterInfo } from '../../cluster/cluster-info.js';
import { connect } from '../connect.js';
import { Dashboard } from './app.js';
import { ClusterWatch } from './cluster-watch.js';

export interface DashboardOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
}

/** The minik8s cluster a context is of (`minik8s-NAME` serving on that cluster's port), if any. */
function clusterOf(context: string, server: string) {
  const name = context.startsWith('minik8s-') ? context.slice('minik8s-'.length) : undefined;
  const info = name ? readClusterInfo(name) : undefined;
  return info && new URL(server).port === String(info.port) ? info : undefined;
}

/**
 * Runs the dashboard full screen (the terminal's alternate screen, as k9s and less use it, so
 * the shell's scrollback is left as it was) until q or ctrl-c.
 */
export async function runDashboard(opts: DashboardOptions): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY)
    throw new Error('the dashboard needs a terminal: run it in one (not piped or redirected)');
  const target = connect(opts);
  const context = target.context;
  const info = clusterOf(context, target.client.conn.server);
  const watch = new ClusterWatch(target.client);
  watch.start();
  process.stdout.write('\x1b[?1049h\x1b[H\x1b[?25l');
  try {
    const app = render(
      <Dashboard
        watch={watch}
        client={target.client}
        context={context}
        cluster={info?.name}
        namespace={opts.allNamespaces ? undefined : target.namespace}
        ingressPort={info ? (info.ingressHttpPort ?? 8080) : undefined}
      />,
      // Not Ink's incrementalRendering: with a frame shorter than the terminal (a full-height one
      // is cleared and redrawn whole, which flickers) it draws each frame a line lower than the last.
      { exitOnCtrlC: true, patchConsole: true, maxFps: 20 },
    );
    await app.waitUntilExit();
  } finally {
    process.stdout.write('\x1b[?25h\x1b[?1049l');
    await watch.stop();
    target.client.close();
  }
}
