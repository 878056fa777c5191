import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Logs extends BaseCommand {
  static override summary = "Print the logs of a pod's container.";
  static override args = {
    pod: Args.string({
      description: 'Pod name, or TYPE/NAME (deploy/web, svc/web, ...) for one of its pods.',
      required: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> logs web',
    '<%= config.bin %> logs web -c sidecar -f',
    '<%= config.bin %> logs web --previous --tail 20',
    '<%= config.bin %> logs deploy/web',
  ];
  static override flags = {
    ...kubeFlags,
    container: Flags.string({ char: 'c', description: 'Container name (needed when the pod has several).' }),
    follow: Flags.boolean({ char: 'f', description: 'Keep streaming new lines.' }),
    previous: Flags.boolean({ char: 'p', description: 'The previous, ended run of the container.' }),
    tail: Flags.integer({ description: 'Only the last N lines.', default: -1 }),
    timestamps: Flags.boolean({ description: 'Prefix each line with its time.' }),
    'since-seconds': Flags.integer({ description: 'Only lines newer than this many seconds.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Logs);
    const [{ connect }, { streamLogs }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/logs.js'),
    ]);
    const target = connect(flags);
    try {
      await streamLogs(
        target.client,
        target.namespace,
        args.pod,
        { ...flags, sinceSeconds: flags['since-seconds'] },
        (chunk) => process.stdout.write(chunk),
        (line) => this.logToStderr(line),
      );
    } finally {
      target.client.close();
    }
  }
}
