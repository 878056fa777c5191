import { Args } from '@oclif/core';
import type { Client } from '../client/client.js';
import { BaseCommand, kubeFlags } from './base-command.js';
import type { Target } from './targets.js';

export type TargetAction = (client: Client, t: Target) => Promise<string>;

/** The arguments of a command that acts on named objects: `KIND NAME...` or `KIND/NAME...`. */
export const namedObjectArgs = {
  resource: Args.string({
    description: 'KIND NAME..., or KIND/NAME...',
    required: true,
    ignoreStdin: true,
  }),
};

/**
 * A command that acts on named objects one by one (`rollout pause|resume|restart|history|undo`):
 * `KIND NAME...` or `KIND/NAME...`, a line per object, exit code 1 if any failed.
 * A subclass says what to do with each, loading its service only when it runs.
 */
export abstract class TargetsCommand extends BaseCommand {
  static override strict = false;
  static override args = namedObjectArgs;
  static override flags = { ...kubeFlags };
  static override missingArgs = 'required resource not specified';

  protected abstract action(flags: Record<string, unknown>): Promise<TargetAction>;

  async run(): Promise<void> {
    // oclif's parse copies only a command class's own statics: the inherited ones are named here.
    const ctor = this.constructor as typeof TargetsCommand;
    const { args, strict, flags: own, baseFlags } = ctor;
    const { flags, argv } = await this.parse({ args, strict, flags: own, baseFlags });
    const [{ actOnTargets }, { processIo }] = await Promise.all([import('./targets.js'), import('./io.js')]);
    const code = await actOnTargets(flags, argv as string[], await this.action(flags), processIo);
    if (code) this.exit(code);
  }
}
