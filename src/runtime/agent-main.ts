import fs from 'node:fs';
import { collectProcessMetrics } from '../api/metrics-endpoint.js';
import { Client, DAEMON_POOL } from '../client/client.js';
import type { KubeClient } from '../client/kube-client.js';
import { type AgentOptions, runAgent } from './agent.js';
import { hostContainerRuntime } from './docker/docker-runtime.js';
import { KUBELET_PORT } from './node-status.js';
import { kubeletSettingsFromEnv } from './settings.js';

export interface AgentSettings {
  server?: string;
  token?: string;
  caFile?: string;
  nodeName?: string;
  cluster?: string;
  stateDir?: string;
  secretDir?: string;
  clusterDNS?: string;
  /** What else the node runs beside the agent once it is up (its node ports), stopped with it. */
  alongside?: (client: KubeClient, nodeName: string) => Promise<{ close(): Promise<void> }>;
  /** Called when a pod's new sandbox runs, before its containers start. */
  onSandboxStarted?: AgentOptions['onSandboxStarted'];
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`the node agent needs ${what}`);
  return value;
}

/**
 * Runs the node agent in the foreground until SIGTERM or SIGINT. Settings come from the
 * arguments, else the environment the node container sets (MINIK8S_SERVER, MINIK8S_TOKEN,
 * MINIK8S_CA_FILE, MINIK8S_NODE_NAME, MINIK8S_CLUSTER, MINIK8S_STATE_DIR, MINIK8S_SECRET_DIR, MINIK8S_CLUSTER_DNS, and the durations in
 * MINIK8S_KUBELET_SETTINGS).
 * Stopping leaves the pods running: the next agent adopts them.
 */
export async function runAgentMain(
  s: AgentSettings = {},
  log: (line: string) => void = console.error,
): Promise<void> {
  const env = process.env;
  const server = required(s.server ?? env.MINIK8S_SERVER, 'the API server address (MINIK8S_SERVER)');
  const token = required(s.token ?? env.MINIK8S_TOKEN, 'a token (MINIK8S_TOKEN)');
  const caFile = required(s.caFile ?? env.MINIK8S_CA_FILE, 'the CA file (MINIK8S_CA_FILE)');
  const nodeName = required(s.nodeName ?? env.MINIK8S_NODE_NAME, 'its node name (MINIK8S_NODE_NAME)');
  const cluster = required(s.cluster ?? env.MINIK8S_CLUSTER, 'the cluster name (MINIK8S_CLUSTER)');
  const client = new Client(
    { server, token, ca: fs.readFileSync(caFile, 'utf8'), userAgent: 'kubelet' },
    DAEMON_POOL,
  );
  const runtime = hostContainerRuntime();
  const settings = kubeletSettingsFromEnv(env);
  collectProcessMetrics();
  let agent: Awaited<ReturnType<typeof runAgent>> | undefined;
  for (let delay = 200; !agent; delay = Math.min(delay * 2, 5000)) {
    try {
      agent = await runAgent({
        client,
        runtime,
        nodeName,
        cluster,
        stateDir: s.stateDir ?? env.MINIK8S_STATE_DIR,
        secretDir: s.secretDir ?? env.MINIK8S_SECRET_DIR,
        clusterDNS: s.clusterDNS ?? env.MINIK8S_CLUSTER_DNS,
        settings,
        onSandboxStarted: s.onSandboxStarted,
        serverPort: KUBELET_PORT,
        log: (m) => log(`${new Date().toISOString()} ${m}`),
      });
    } catch (err) {
      log(
        `${new Date().toISOString()} starting the agent: ${(err as Error).message}; retrying in ${delay} ms`,
      );
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  const running = agent;
  // What runs beside starts in the background: the agent stops on a signal even while it is
  // still starting (its caches waiting on the API server).
  let beside: { close(): Promise<void> } | undefined;
  let stopping = false;
  s.alongside?.(client, nodeName).then(
    (b) => {
      if (stopping) void b.close();
      else beside = b;
    },
    (err) => log(`${new Date().toISOString()} ${(err as Error).message}`),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      Promise.all([running.stop(), beside?.close()]).finally(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  client.close();
}
