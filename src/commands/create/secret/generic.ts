import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../cli/base-command.js';
import { createFlags, dataSourceFlags, dataSources } from '../../../cli/create-flags.js';

export default class CreateSecretGeneric extends BaseCommand {
  static override summary = 'Create a secret from files, directories, literal values or env files.';
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'Secret name', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> create secret generic db-pass --from-literal=password=s3cret',
    '<%= config.bin %> create secret generic keys --from-file=ssh-privatekey=~/.ssh/id_ed25519',
  ];
  static override flags = {
    ...createFlags,
    ...dataSourceFlags,
    type: Flags.string({ description: 'The type of the secret (the server makes it Opaque if not given).' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreateSecretGeneric);
    const [{ runCreate }, { genericSecret }, { readSources }, { SECRETS }, { processIo }] = await Promise.all(
      [
        import('../../../cli/create-generated.js'),
        import('../../../cli/generate/config.js'),
        import('../../../cli/generate/sources.js'),
        import('../../../api/kinds/index.js'),
        import('../../../cli/io.js'),
      ],
    );
    const make = () => genericSecret(args.name, readSources(dataSources(flags)), flags.type);
    // kubectl's own words for secrets, without the colon.
    await runCreate(flags, SECRETS, make, 'failed to create secret ', processIo);
  }
}
