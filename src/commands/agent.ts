import { Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';

export default class Agent extends BaseCommand {
  static override hidden = true;
  static override summary = 'Run the node agent (what each node container runs).';
  static override description =
    'Settings default to the environment a node container sets: MINIK8S_SERVER, MINIK8S_TOKEN, MINIK8S_CA_FILE, MINIK8S_NODE_NAME, MINIK8S_CLUSTER, MINIK8S_STATE_DIR.';
  static override examples = [
    'MINIK8S_SERVER=https://172.18.0.2:6443 MINIK8S_TOKEN=... MINIK8S_CA_FILE=/state/ca.crt MINIK8S_NODE_NAME=n1 <%= config.bin %> agent',
  ];
  static override flags = {
    server: Flags.string({ description: 'API server URL.' }),
    token: Flags.string({ description: 'Bearer token.' }),
    'ca-file': Flags.string({ description: "PEM file of the API server's CA." }),
    node: Flags.string({ description: 'Node name (the node container is named so).' }),
    cluster: Flags.string({ description: 'Cluster name.' }),
    'state-dir': Flags.string({ description: "The cluster's state folder (same path on the host)." }),
    'cluster-dns': Flags.string({ description: 'Address of the cluster DNS server for pods.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Agent);
    const { runNode } = await import('../cli/agent-main.js');
    await runNode(
      {
        server: flags.server,
        token: flags.token,
        caFile: flags['ca-file'],
        nodeName: flags.node,
        cluster: flags.cluster,
        stateDir: flags['state-dir'],
        clusterDNS: flags['cluster-dns'],
      },
      (line) => this.logToStderr(line),
    );
    this.exit(0);
  }
}
