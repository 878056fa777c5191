import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../cli/base-command.js';
import { createFlags } from '../../../cli/create-flags.js';

export default class CreateSecretTls extends BaseCommand {
  static override summary = 'Create a TLS secret from a PEM certificate and key.';
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'Secret name', required: true, ignoreStdin: true }),
  };
  static override examples = ['<%= config.bin %> create secret tls web-tls --cert=tls.crt --key=tls.key'];
  static override flags = {
    ...createFlags,
    cert: Flags.string({ description: 'The PEM certificate file.' }),
    key: Flags.string({ description: 'The PEM private key file.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreateSecretTls);
    const [{ runCreate }, { tlsSecret }, { SECRETS }, { processIo }] = await Promise.all([
      import('../../../cli/create-generated.js'),
      import('../../../cli/generate/config.js'),
      import('../../../api/kinds/index.js'),
      import('../../../cli/io.js'),
    ]);
    const make = () => tlsSecret(args.name, flags.cert, flags.key);
    await runCreate(flags, SECRETS, make, 'failed to create secret ', processIo);
  }
}
