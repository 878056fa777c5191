import { Args, Flags } from '@oclif/core';
import { BaseCommand } from './base-command.js';
import { createFlags } from './create-flags.js';

/** `create rolebinding` and `create clusterrolebinding`: the one command behind both. */
export function bindingCommand(cluster: boolean) {
  const word = cluster ? 'clusterrolebinding' : 'rolebinding';
  const CreateBinding = class extends BaseCommand {
    static override summary =
      `Create a ${cluster ? 'cluster role binding' : 'role binding'}: a role granted to users, groups or service accounts.`;
    static override missingArgs = 'exactly one NAME is required, got 0';
    static override missingArgsHelp = true;
    static override args = {
      name: Args.string({ description: 'Binding name', required: true, ignoreStdin: true }),
    };
    static override examples = [
      `<%= config.bin %> create ${word} admins --clusterrole=admin --user=alice --group=ops`,
      ...(cluster
        ? []
        : ['<%= config.bin %> create rolebinding ci --role=deployer --serviceaccount=ci:builder']),
    ];
    static override flags = {
      ...createFlags,
      ...(cluster ? {} : { role: Flags.string({ description: 'The Role to grant.' }) }),
      clusterrole: Flags.string({ description: 'The ClusterRole to grant.', required: cluster }),
      user: Flags.string({ description: 'Users to grant it to.', multiple: true }),
      group: Flags.string({ description: 'Groups to grant it to.', multiple: true }),
      serviceaccount: Flags.string({
        description: 'Service accounts (namespace:name) to grant it to.',
        multiple: true,
      }),
    };

    async run(): Promise<void> {
      const { args, flags } = await this.parse(CreateBinding);
      const f = flags as typeof flags & { role?: string };
      const [
        { runCreate },
        { roleBinding, clusterRoleBinding },
        { processIo },
        { CLUSTER_ROLE_BINDINGS, ROLE_BINDINGS },
      ] = await Promise.all([
        import('./create-generated.js'),
        import('./generate/rbac.js'),
        import('./io.js'),
        import('../api/kinds/index.js'),
      ]);
      const o = {
        role: f.role,
        clusterRole: f.clusterrole,
        users: f.user ?? [],
        groups: f.group ?? [],
        serviceAccounts: f.serviceaccount ?? [],
      };
      const make = () => (cluster ? clusterRoleBinding : roleBinding)(args.name, o);
      const def = cluster ? CLUSTER_ROLE_BINDINGS : ROLE_BINDINGS;
      await runCreate(f, def, make, `failed to create ${word}: `, processIo);
    }
  };
  return CreateBinding;
}
