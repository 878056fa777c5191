import fs from 'node:fs';
import { serveInBackground, serving } from '../cluster/background-process.js';
import { clusterPaths } from '../cluster/paths.js';
import { adoptPidFileWhenOrphaned, reportServing, SUPERVISED_ENV, supervise } from '../cluster/supervisor.js';

/**
 * The body of `minik8s server`: starts the cluster's control plane from its folder and runs it
 * until SIGTERM or SIGINT, then closes it cleanly.
 */
export async function runControlPlane(name: string, log: (line: string) => void): Promise<void> {
  const { paths, info, stopped } = serving(name);
  const { startControlPlane } = await import('../server/control-plane.js');
  const { stopMetrics, ...runtime } = info.gateway
    ? await containerRuntime(name, info.settings?.metrics?.metricResolutionMs)
    : { stopMetrics: async () => {} };
  const cp = await startControlPlane({
    ...runtime,
    stateDir: paths.dir,
    host: '127.0.0.1',
    extraHosts: info.gateway ? [info.gateway] : [],
    advertiseAddress: info.gateway,
    caCert: fs.readFileSync(paths.caCert, 'utf8'),
    port: info.port,
    tlsCert: fs.readFileSync(paths.serverCert, 'utf8'),
    tlsKey: fs.readFileSync(paths.serverKey, 'utf8'),
    token: info.token,
    settings: info.settings?.controllers,
    admission: info.settings?.admission,
    podNetwork: info.podNetwork,
    serviceNetwork: info.serviceNetwork,
    datastoreEndpoint: info.datastoreEndpoint,
    datastoreTls: info.datastoreTls,
    cluster: name,
    hostNetwork: {
      address: info.listenAddress ?? '127.0.0.1',
      ingressHttpPort: info.ingressHttpPort ?? 8080,
      ingressHttpsPort: info.ingressHttpsPort ?? 8443,
    },
    log,
  });
  reportServing();
  const stamp = () => new Date().toISOString();
  log(
    `${stamp()} control plane of cluster "${name}" serving on https://127.0.0.1:${cp.port} (pid ${process.pid})`,
  );
  const signal = await stopped;
  log(`${stamp()} ${signal}: closing`);
  await cp.close();
  await stopMetrics();
  log(`${stamp()} closed`);
}

/**
 * Pod logs and exec, the sweep of dead nodes' pod containers, and the metrics of nodes and pods
 * go to the nodes' container runtime.
 */
async function containerRuntime(cluster: string, metricResolutionMs?: number) {
  const [{ hostContainerRuntime }, { podIO }, { clusterPodContainers }, { RuntimeMetrics }] =
    await Promise.all([
      import('../runtime/docker/docker-runtime.js'),
      import('../runtime/pod-io.js'),
      import('../runtime/pod-containers.js'),
      import('../runtime/metrics-sampler.js'),
    ]);
  const runtime = hostContainerRuntime();
  const metrics = new RuntimeMetrics(runtime, cluster, {
    resolutionMs: metricResolutionMs,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  metrics.start();
  return {
    pods: podIO(runtime),
    podContainers: clusterPodContainers(runtime, cluster),
    metrics,
    stopMetrics: () => metrics.stop(),
  };
}

/**
 * `minik8s server --name NAME` without the CLI framework: what bin/run.js calls for `up`. It
 * supervises a second process of the same command, which serves, and restarts it if it dies.
 */
export const serveCluster = (name: string) =>
  serveInBackground(async (log) => {
    if (process.env[SUPERVISED_ENV]) {
      adoptPidFileWhenOrphaned(clusterPaths(name).serverPid);
      return runControlPlane(name, log);
    }
    if ((await supervise('server', name, log)) !== 0)
      throw new Error(`the control plane of cluster "${name}" keeps failing as it starts`);
  });
