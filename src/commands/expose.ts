import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Expose extends BaseCommand {
  static override summary =
    'Expose a Deployment, ReplicaSet, ReplicationController, Pod or Service as a new Service.';
  static override strict = false;
  static override args = {
    resource: Args.string({ description: 'KIND NAME, or KIND/NAME', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> expose deploy/web --port 80 --target-port 8080',
    '<%= config.bin %> expose rc nginx --port 443 --target-port https --name nginx-https',
    '<%= config.bin %> expose svc/web --name web-np --type NodePort',
  ];
  static override flags = {
    ...kubeFlags,
    port: Flags.string({
      description: 'The port the Service serves on; copied from what is exposed if not given.',
    }),
    'target-port': Flags.string({
      description: 'Number or name of the port on the pods to send traffic to.',
    }),
    type: Flags.string({
      description: 'Type of the Service.',
      options: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    }),
    name: Flags.string({ description: 'The name of the Service (default: the name of what is exposed).' }),
    protocol: Flags.string({
      description: 'The network protocol of the Service.',
      options: ['TCP', 'UDP', 'SCTP'],
    }),
    selector: Flags.string({
      description: 'Label selector (key=value,...) of the pods, instead of the exposed one.',
    }),
    labels: Flags.string({ char: 'l', description: 'Labels (key=value,...) of the Service.' }),
    'cluster-ip': Flags.string({ description: "The Service's ClusterIP; 'None' for a headless Service." }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Expose);
    const [{ connect }, { namedTargets }, { namesKnownTypes }, { exposeTarget }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/targets.js'),
      import('../cli/resource-args.js'),
      import('../cli/expose.js'),
    ]);
    const target = connect(flags);
    try {
      const [t, ...more] = namedTargets(
        await target.types(namesKnownTypes(argv as string[])),
        argv as string[],
        target.namespace,
      );
      if (more.length) this.error('expose takes one resource', { exit: 1 });
      this.log(
        await exposeTarget(target.client, t, {
          name: flags.name,
          port: flags.port,
          targetPort: flags['target-port'],
          type: flags.type,
          protocol: flags.protocol,
          selector: flags.selector,
          labels: flags.labels,
          clusterIP: flags['cluster-ip'],
        }),
      );
    } finally {
      target.client.close();
    }
  }
}
