import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Describe extends BaseCommand {
  static override summary = 'Show an object in detail, with its events.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND [NAME...], or KIND/NAME; a KIND alone describes all of that kind',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override missingArgs =
    'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.';
  static override examples = [
    '<%= config.bin %> describe deploy web',
    '<%= config.bin %> describe pod/web-1 -n shop',
    '<%= config.bin %> describe pods -l app=web',
  ];
  static override flags = {
    ...kubeFlags,
    selector: Flags.string({
      char: 'l',
      description: 'Describe the objects of KIND matching this label selector.',
    }),
    'all-namespaces': Flags.boolean({
      char: 'A',
      description: 'Describe the objects of KIND in every namespace.',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Describe);
    const [{ connect }, { describeArgs }, { errorLine }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/describe/run.js'),
      import('../cli/error-line.js'),
    ]);
    const target = connect(flags);
    try {
      const opts = { selector: flags.selector, allNamespaces: flags['all-namespaces'] };
      const { text, errors } = await describeArgs(target, argv as string[], opts, (l) => this.logToStderr(l));
      if (text) this.log(text.replace(/\n$/, ''));
      for (const err of errors) this.logToStderr(errorLine(err));
      if (errors.length) this.exit(1);
    } finally {
      target.client.close();
    }
  }
}
