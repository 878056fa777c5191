import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class RolloutStatus extends BaseCommand {
  static override summary = 'Follow a rollout until it is done.';
  static override args = {
    resource: Args.string({ description: 'KIND NAME, or KIND/NAME', required: true, ignoreStdin: true }),
    name: Args.string({ description: 'NAME, when KIND is given alone', ignoreStdin: true }),
  };
  static override missingArgs = 'required resource not specified';
  static override examples = [
    '<%= config.bin %> rollout status deploy/web',
    '<%= config.bin %> rollout status deploy/web --timeout 2m',
    '<%= config.bin %> rollout status statefulset/db --watch=false',
  ];
  static override flags = {
    ...kubeFlags,
    watch: Flags.boolean({
      char: 'w',
      description: 'Follow the rollout until it is done.',
      default: true,
      allowNo: true,
    }),
    timeout: Flags.string({
      description: 'Give up after this long (e.g. 30s, 5m; 0: never).',
      default: '0s',
    }),
    revision: Flags.integer({
      description: 'Fail unless the rollout is at this revision.',
      default: 0,
      min: 0,
    }),
  };

  async run(): Promise<void> {
    // kubectl spells the boolean with a value (--watch=false, -w=false); oclif knows --no-watch.
    const argv = this.argv.map((a) =>
      /^(--watch|-w)=false$/.test(a) ? '--no-watch' : a.replace(/^(--watch|-w)=true$/, '--watch'),
    );
    const { flags, args } = await this.parse(RolloutStatus, argv);
    const [
      { connect },
      { namedTargets },
      { namesKnownTypes },
      { rolloutStatus },
      { processIo },
      { parseGoDuration },
    ] = await Promise.all([
      import('../../cli/connect.js'),
      import('../../cli/targets.js'),
      import('../../cli/resource-args.js'),
      import('../../cli/rollout/status.js'),
      import('../../cli/io.js'),
      import('../../api/time.js'),
    ]);
    const timeoutMs = parseGoDuration(flags.timeout);
    if (timeoutMs === undefined)
      throw new Error(`invalid --timeout "${flags.timeout}": give a duration such as 30s or 5m`);
    const target = connect(flags);
    try {
      const names = [args.resource, ...(args.name ? [args.name] : [])];
      const [t, ...more] = namedTargets(await target.types(namesKnownTypes(names)), names, target.namespace);
      if (more.length) throw new Error('rollout status takes one object');
      await rolloutStatus(
        target.client,
        t,
        { watch: flags.watch, timeoutMs, revision: flags.revision },
        processIo,
      );
    } finally {
      target.client.close();
    }
  }
}
