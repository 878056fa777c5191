import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../cli/base-command.js';
import { createFlags } from '../../cli/create-flags.js';

export default class CreatePriorityClass extends BaseCommand {
  static override summary = 'Create a priority class.';
  static override aliases = ['create pc'];
  static override missingArgs = 'exactly one NAME is required, got 0';
  static override missingArgsHelp = true;
  static override args = {
    name: Args.string({ description: 'PriorityClass name', required: true, ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> create priorityclass high --value=1000 --description="latency sensitive"',
    '<%= config.bin %> create priorityclass batch --value=10 --preemption-policy=Never',
  ];
  static override flags = {
    ...createFlags,
    value: Flags.integer({ description: 'The priority.', default: 0 }),
    'global-default': Flags.boolean({ description: 'Whether pods without a priority class get this one.' }),
    description: Flags.string({ description: 'What the class is for.' }),
    'preemption-policy': Flags.string({
      description: 'PreemptLowerPriority or Never.',
      default: 'PreemptLowerPriority',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(CreatePriorityClass);
    const [{ runCreate }, { priorityClass }, { PRIORITY_CLASSES }, { processIo }] = await Promise.all([
      import('../../cli/create-generated.js'),
      import('../../cli/generate/rbac.js'),
      import('../../api/kinds/index.js'),
      import('../../cli/io.js'),
    ]);
    const make = () =>
      priorityClass(args.name, {
        value: flags.value,
        globalDefault: flags['global-default'],
        description: flags.description,
        preemptionPolicy: flags['preemption-policy'],
      });
    await runCreate(flags, PRIORITY_CLASSES, make, 'failed to create priorityclass: ', processIo);
  }
}
