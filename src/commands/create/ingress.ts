import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { createFlags } from '../../cli/create-flags.js';

export default class CreateIngress extends BaseCommand {
  static override summary = 'Create an ingress of rules host/path=service:port[,tls[=secret]].';
  static override aliases = ['create ing'];
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'Ingress name', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> create ingress web --rule="shop.example.com/*=web:80,tls=shop-cert"',
    '<%= config.bin %> create ingress api --class=minik8s --rule="/api=api:http" --default-backend=web:80',
  ];
  static override flags = {
    ...createFlags,
    rule: Flags.string({
      description: 'host/path=service:port[,tls[=secret]]; a path ending in * is a Prefix.',
      multiple: true,
    }),
    class: Flags.string({ description: 'The ingress class.' }),
    'default-backend': Flags.string({ description: 'service:port of what no rule matches.' }),
    annotation: Flags.string({ description: 'key=value annotations.', multiple: true }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreateIngress);
    const [{ runCreate }, { ingress }, { INGRESSES }, { processIo }] = await Promise.all([
      import('../../cli/create-generated.js'),
      import('../../cli/generate/ingress.js'),
      import('../../api/kinds/index.js'),
      import('../../cli/io.js'),
    ]);
    const make = () =>
      ingress(args.name, {
        rules: flags.rule ?? [],
        className: flags.class,
        defaultBackend: flags['default-backend'],
        annotations: flags.annotation ?? [],
      });
    await runCreate(flags, INGRESSES, make, 'failed to create ingress: ', processIo);
  }
}
