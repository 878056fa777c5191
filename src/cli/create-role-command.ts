import { Args, Flags } from '@oclif/core';
import { BaseCommand } from './base-command.js';
import { createFlags } from './create-flags.js';

/** `create role` and `create clusterrole`: the one command behind both. */
export function roleCommand(cluster: boolean) {
  const word = cluster ? 'clusterrole' : 'role';
  const CreateRole = class extends BaseCommand {
    static override summary =
      `Create a ${cluster ? 'cluster role' : 'role'} of the given verbs on the given resources.`;
    static override missingArgs = 'exactly one NAME is required, got 0';
    static override missingArgsHelp = true;
    static override args = {
      name: Args.string({ description: 'Role name', required: true, ignoreStdin: true }),
    };
    static override examples = [
      `<%= config.bin %> create ${word} pod-reader --verb=get,list,watch --resource=pods,pods/log`,
      `<%= config.bin %> create ${word} one-deploy --verb=get --resource=deployments.apps --resource-name=web`,
      ...(cluster
        ? ['<%= config.bin %> create clusterrole metrics --verb=get --non-resource-url=/metrics']
        : []),
    ];
    static override flags = {
      ...createFlags,
      verb: Flags.string({ description: 'Verbs the rules allow (comma lists too).', multiple: true }),
      resource: Flags.string({
        description: 'resource[.group][/subresource] the rules apply to.',
        multiple: true,
      }),
      'resource-name': Flags.string({
        description: 'Names of the objects the rules apply to.',
        multiple: true,
      }),
      ...(cluster
        ? {
            'non-resource-url': Flags.string({
              description: 'URLs (/path) the rules allow.',
              multiple: true,
            }),
            'aggregation-rule': Flags.string({
              description: 'key=value,... of the cluster roles to aggregate.',
            }),
          }
        : {}),
    };

    async run(): Promise<void> {
      const { args, flags } = await this.parse(CreateRole);
      const f = flags as typeof flags & { 'non-resource-url'?: string[]; 'aggregation-rule'?: string };
      const [{ runCreate }, { role, clusterRole }, { processIo }, { CLUSTER_ROLES, ROLES }] =
        await Promise.all([
          import('./create-generated.js'),
          import('./generate/rbac.js'),
          import('./io.js'),
          import('../api/kinds/index.js'),
        ]);
      const o = {
        verbs: f.verb ?? [],
        resources: f.resource ?? [],
        resourceNames: f['resource-name'] ?? [],
        nonResourceURLs: f['non-resource-url'],
        aggregationRule: f['aggregation-rule'],
      };
      const make = async (target: { types(): Promise<import('./kinds.js').ResourceTypes> }) =>
        (cluster ? clusterRole : role)(args.name, o, await target.types(), processIo.err);
      await runCreate(f, cluster ? CLUSTER_ROLES : ROLES, make, undefined, processIo);
    }
  };
  return CreateRole;
}
