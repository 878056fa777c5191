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
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Describe);
    const [{ connect }, { describe }, { parseResourceArgs, namesKnownTypes }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/describe/index.js'),
      import('../cli/resource-args.js'),
    ]);
    const target = connect(flags);
    try {
      const requests = parseResourceArgs(
        argv as string[],
        await target.types(namesKnownTypes(argv as string[])),
      );
      const texts: string[] = [];
      for (const { def, names } of requests) {
        if (names.length && flags.selector)
          throw new Error('name cannot be provided when a selector is specified');
        let chosen = names;
        if (names.length === 0) {
          const list = await target.client.list(def, {
            namespace: def.namespaced ? target.namespace : undefined,
            labelSelector: flags.selector,
          });
          chosen = list.items.map((o) => o.metadata.name!);
          if (chosen.length === 0)
            this.logToStderr(
              def.namespaced ? `No resources found in ${target.namespace} namespace.` : 'No resources found',
            );
        }
        for (const name of chosen) texts.push(await describe(target.client, def, target.namespace, name));
      }
      if (texts.length === 0) return;
      this.log(texts.join('\n\n\n'));
    } finally {
      target.client.close();
    }
  }
}
