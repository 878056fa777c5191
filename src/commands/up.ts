import { resolve } from 'node:path';
import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { MAX_NODES } from '../cluster/node-limit.js';
import { defaultClusterName } from '../cluster/paths.js';

export default class Up extends BaseCommand {
  static override summary = 'Create a cluster, or resume it with its state.';
  static override description =
    'Starts the control plane as a background process, writes a kubeconfig and makes its context (minik8s-NAME) current. Returns at once when the cluster already runs. --nodes gives a cluster made with --nodes 0 its nodes; a cluster with nodes changes them with `minik8s node add` and `minik8s node remove`.';
  static override examples = [
    '<%= config.bin %> up',
    '<%= config.bin %> up --name dev --nodes 3 --node-cpus 2 --node-memory 2g',
    '<%= config.bin %> up --name api-only --nodes 0',
    '<%= config.bin %> up --name scale --nodes 0 --hollow-nodes 100',
    '<%= config.bin %> up --name quick --config cluster.yaml',
    '<%= config.bin %> up --name big --datastore-endpoint etcd://127.0.0.1:2379',
  ];
  static override flags = {
    name: Flags.string({ description: 'Cluster name.', default: defaultClusterName }),
    nodes: Flags.integer({
      description:
        'Number of node containers (0: control plane only). Default 1 for a new cluster; an existing one keeps its own (see `minik8s node add`).',
      min: 0,
      max: MAX_NODES,
    }),
    'hollow-nodes': Flags.integer({
      description:
        'Hollow nodes to run beside the real ones: node agents that run no containers (like kubemark), all in one background process, each a 4 CPU, 16 GiB, 110-pod machine. For trying the control plane at scale.',
      min: 0,
      max: MAX_NODES,
    }),
    'node-cpus': Flags.string({ description: 'CPU limit of each node container, like 2 or 1.5.' }),
    'node-memory': Flags.string({ description: 'Memory limit of each node container, like 2g or 512m.' }),
    'datastore-endpoint': Flags.string({
      description:
        "Keep objects in etcd instead of the cluster's SQLite file, e.g. etcd://127.0.0.1:2379 (several: comma-separated). Fixed at creation.",
    }),
    'datastore-cafile': Flags.string({ description: 'CA certificate (PEM) of an etcd served over https.' }),
    'datastore-certfile': Flags.string({ description: 'Client certificate (PEM) for etcd over https.' }),
    'datastore-keyfile': Flags.string({ description: 'Client key (PEM) for etcd over https.' }),
    'ingress-http-port': Flags.integer({
      description:
        'Host port of the Ingress proxy for HTTP. Default: 80 when it can be bound, else 8080; fixed at creation unless given again.',
      min: 1,
      max: 65535,
    }),
    'ingress-https-port': Flags.integer({
      description: 'Host port of the Ingress proxy for HTTPS. Default: 443 when it can be bound, else 8443.',
      min: 1,
      max: 65535,
    }),
    config: Flags.string({
      description: `A cluster config file (apiVersion: minik8s.dev/v1alpha1, kind: Cluster): nodes, hollowNodes, datastoreEndpoint, listenAddress, ingressHttpPort, ingressHttpsPort, controllerManager durations. Flags win over it.`,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Up);
    const [{ up }, { readClusterConfig }, { stepPrinter }] = await Promise.all([
      import('../cluster/lifecycle.js'),
      import('../cluster/config.js'),
      import('../cli/progress.js'),
    ]);
    const config = flags.config ? readClusterConfig(flags.config) : undefined;
    this.logToStderr(`Starting cluster "${flags.name}" ...`);
    const res = await up(flags.name, {
      nodes: flags.nodes ?? config?.nodes,
      hollowNodes: flags['hollow-nodes'] ?? config?.hollowNodes,
      nodeCpus: flags['node-cpus'] ?? config?.nodeCpus,
      nodeMemory: flags['node-memory'] ?? config?.nodeMemory,
      datastoreEndpoint: flags['datastore-endpoint'] ?? config?.datastoreEndpoint,
      datastoreTls: datastoreTls(
        flags['datastore-cafile'],
        flags['datastore-certfile'],
        flags['datastore-keyfile'],
      ),
      settings: config?.settings,
      listenAddress: config?.listenAddress,
      ingressHttpPort: flags['ingress-http-port'] ?? config?.ingressHttpPort,
      ingressHttpsPort: flags['ingress-https-port'] ?? config?.ingressHttpsPort,
      progress: stepPrinter(),
    });
    this.logToStderr(`Set kubectl context to "${res.context}" (${res.kubeconfigPath})`);
    this.logToStderr(`\nYou can now use your cluster with:\n\nminik8s get all -A\nkubectl get all -A`);
  }
}

/** The etcd TLS files as absolute paths (the control plane runs from another folder), if any is given. */
function datastoreTls(caFile?: string, certFile?: string, keyFile?: string) {
  if (!caFile && !certFile && !keyFile) return undefined;
  const abs = (f?: string) => (f ? resolve(f) : undefined);
  return { caFile: abs(caFile), certFile: abs(certFile), keyFile: abs(keyFile) };
}
