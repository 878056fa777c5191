import { Args } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Describe extends BaseCommand {
  static override summary = 'Show an object in detail, with its events.';
  static override strict = false;
  static override args = {
    resource: Args.string({ description: 'KIND NAME, or KIND/NAME', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> describe deploy web',
    '<%= config.bin %> describe pod/web-1 -n shop',
  ];
  static override flags = { ...kubeFlags };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Describe);
    const [{ connect }, { describe }, { parseResourceArgs }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/describe.js'),
      import('../cli/resource-args.js'),
    ]);
    const requests = parseResourceArgs(argv as string[]);
    const target = connect(flags);
    try {
      const texts: string[] = [];
      for (const { def, names } of requests) {
        if (names.length === 0)
          throw new Error('give the name of the object to describe: minik8s describe KIND NAME');
        for (const name of names) texts.push(await describe(target.client, def, target.namespace, name));
      }
      this.log(texts.join('\n\n\n'));
    } finally {
      target.client.close();
    }
  }
}
