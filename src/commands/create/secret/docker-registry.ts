import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../cli/base-command.js';
import { createFlags } from '../../../cli/create-flags.js';

export default class CreateSecretDockerRegistry extends BaseCommand {
  static override summary = "Create a secret of a container registry's credentials (.dockerconfigjson).";
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'Secret name', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> create secret docker-registry regcred --docker-server=registry.example.com --docker-username=me --docker-password=pw',
  ];
  static override flags = {
    ...createFlags,
    'docker-server': Flags.string({
      description: 'The registry.',
      default: 'https://index.docker.io/v1/',
    }),
    'docker-username': Flags.string({ description: 'The user name at the registry.' }),
    'docker-password': Flags.string({ description: 'The password at the registry.' }),
    'docker-email': Flags.string({ description: 'The email at the registry.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreateSecretDockerRegistry);
    const [{ runCreate }, { dockerRegistrySecret }, { SECRETS }, { processIo }] = await Promise.all([
      import('../../../cli/create-generated.js'),
      import('../../../cli/generate/config.js'),
      import('../../../api/kinds/index.js'),
      import('../../../cli/io.js'),
    ]);
    const make = () =>
      dockerRegistrySecret(args.name, {
        server: flags['docker-server'],
        username: flags['docker-username'],
        password: flags['docker-password'],
        email: flags['docker-email'],
      });
    await runCreate(flags, SECRETS, make, 'failed to create secret ', processIo);
  }
}
