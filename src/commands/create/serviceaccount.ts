import { Args } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { createFlags } from '../../cli/create-flags.js';

export default class CreateServiceAccount extends BaseCommand {
  static override summary = 'Create a service account.';
  static override aliases = ['create sa'];
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'ServiceAccount name', required: true, ignoreStdin: true }),
  };
  static override examples = ['<%= config.bin %> create serviceaccount builder -n ci'];
  static override flags = createFlags;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreateServiceAccount);
    const [{ runCreate }, { serviceAccount }, { SERVICE_ACCOUNTS }, { processIo }] = await Promise.all([
      import('../../cli/create-generated.js'),
      import('../../cli/generate/config.js'),
      import('../../api/kinds/index.js'),
      import('../../cli/io.js'),
    ]);
    const make = () => serviceAccount(args.name);
    await runCreate(flags, SERVICE_ACCOUNTS, make, 'failed to create serviceaccount: ', processIo);
  }
}
