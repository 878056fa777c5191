import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../../cli/base-command.js';

export default class CreateJob extends BaseCommand {
  static override summary = "Create a Job now from a CronJob's template.";
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'Job name', required: true, ignoreStdin: true }),
  };
  static override examples = ['<%= config.bin %> create job backup-now --from=cronjob/backup'];
  static override flags = {
    ...kubeFlags,
    from: Flags.string({ description: 'The CronJob to take the template of: cronjob/NAME.', required: true }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreateJob);
    const [{ connect }, { createJobFromCronJob }] = await Promise.all([
      import('../../cli/connect.js'),
      import('../../cli/create-job.js'),
    ]);
    const target = connect(flags);
    try {
      this.log(await createJobFromCronJob(target.client, target.namespace, args.name, flags.from));
    } finally {
      target.client.close();
    }
  }
}
