import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, podRunningTimeout } from '../cli/base-command.js';

export default class PortForward extends BaseCommand {
  static override summary = 'Forward local ports to a pod (or a service, deployment, ...), until ctrl-c.';
  static override strict = false;
  static override args = {
    target: Args.string({
      description: 'pod/NAME, NAME, svc/NAME, deploy/NAME, rs/NAME, ...',
      required: true,
    }),
    ports: Args.string({
      description: '[LOCAL:]REMOTE ... (LOCAL 0 or empty: any free port)',
      required: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> port-forward pod/web 8080:80',
    '<%= config.bin %> port-forward svc/web 0:http',
    '<%= config.bin %> port-forward deploy/web 5000 6000 --address 127.0.0.1,10.0.0.5',
  ];
  static override flags = {
    ...kubeFlags,
    address: Flags.string({
      description: 'Addresses to listen on (comma separated): IPs, or localhost for 127.0.0.1 and ::1.',
      default: ['localhost'],
      multiple: true,
    }),
    'pod-running-timeout': podRunningTimeout('1m0s'),
  };

  async run(): Promise<void> {
    const { args, flags, argv } = await this.parse(PortForward);
    const [{ connect }, pf, { dialPortForward }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/port-forward.js'),
      import('../client/port-forward-client.js'),
    ]);
    const addresses = pf.listenAddresses(flags.address.flatMap((a) => a.split(',')));
    const target = connect(flags);
    try {
      const plan = await pf.planPortForward(
        target.client,
        target.namespace,
        args.target,
        (argv as string[]).slice(1),
        flags['pod-running-timeout'],
      );
      const session = await dialPortForward(target.client.conn, target.namespace, plan.pod.metadata.name!);
      const stop = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await pf.runPortForward(
        session,
        plan.ports,
        addresses,
        {
          out: (line) => this.log(line),
          err: (line) => this.logToStderr(line),
        },
        stop,
      );
    } finally {
      target.client.close();
    }
  }
}
