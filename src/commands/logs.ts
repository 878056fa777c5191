import { Args, Flags } from '@oclif/core';
import type { ServedPod } from '../api/kinds/index.js';
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
    const [{ connect }, { Client }, { PODS }, { defaultContainer }, { attachablePod }] = await Promise.all([
      import('../cli/connect.js'),
      import('../client/client.js'),
      import('../api/kinds/index.js'),
      import('../runtime/default-container.js'),
      import('../cli/attachable-pod.js'),
    ]);
    const target = connect(flags);
    try {
      const { pod, among } = await attachablePod(target.client, target.namespace, args.pod);
      const name = pod.metadata.name!;
      if (among > 1) this.logToStderr(`Found ${among} pods, using pod/${name}`);
      let container = flags.container;
      if (!container) {
        const chosen = defaultContainer(pod as ServedPod);
        if (chosen.note) this.logToStderr(chosen.note);
        container = chosen.name;
      }
      const handle = target.client.stream(
        Client.path(PODS, target.namespace, name, 'log'),
        {
          accept: 'application/json, */*',
          query: {
            container,
            follow: flags.follow || undefined,
            previous: flags.previous || undefined,
            tailLines: flags.tail >= 0 ? flags.tail : undefined,
            timestamps: flags.timestamps || undefined,
            sinceSeconds: flags['since-seconds'],
          },
        },
        () => undefined,
        (chunk) => process.stdout.write(chunk),
      );
      const stop = () => handle.stop();
      process.once('SIGINT', stop);
      await handle.done;
      process.off('SIGINT', stop);
    } finally {
      target.client.close();
    }
  }
}
