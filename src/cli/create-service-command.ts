import { Args, Flags } from '@oclif/core';
import { BaseCommand } from './base-command.js';
import { createFlags } from './create-flags.js';
import type { CreateFlags } from './create-generated.js';
import type { ServiceType } from './generate/workloads.js';

/** `create service TYPE NAME`: the one command behind each type's. */
export function serviceCommand(type: ServiceType) {
  const word = type.toLowerCase();
  const CreateService = class extends BaseCommand {
    static override summary = `Create a ${type} service (selector and labels app=NAME).`;
    static override aliases = [`create svc ${word}`];
    static override missingArgs = 'exactly one NAME is required, got 0';
    static override missingArgsHelp = true;
    static override args = {
      name: Args.string({ description: 'Service name', required: true, ignoreStdin: true }),
    };
    static override examples = [
      type === 'ExternalName'
        ? '<%= config.bin %> create service externalname db --external-name=db.example.com'
        : `<%= config.bin %> create service ${word} web --tcp=80:8080`,
    ];
    static override flags = {
      ...createFlags,
      tcp: Flags.string({ description: 'port[:targetPort], a port each.', multiple: true }),
      ...(type === 'ClusterIP'
        ? { clusterip: Flags.string({ description: "The ClusterIP; 'None' for a headless service." }) }
        : {}),
      ...(type === 'NodePort'
        ? { 'node-port': Flags.integer({ description: 'The port on every node.' }) }
        : {}),
      ...(type === 'ExternalName'
        ? { 'external-name': Flags.string({ description: 'The DNS name it stands for.', required: true }) }
        : {}),
    };

    async run(): Promise<void> {
      const { args, flags } = await this.parse(CreateService);
      const f = flags as unknown as CreateFlags & {
        tcp?: string[];
        clusterip?: string;
        'node-port'?: number;
        'external-name'?: string;
      };
      const [{ runCreate }, { service }, { SERVICES }, { processIo }] = await Promise.all([
        import('./create-generated.js'),
        import('./generate/workloads.js'),
        import('../api/kinds/index.js'),
        import('./io.js'),
      ]);
      const make = () =>
        service(args.name as string, type, {
          tcp: f.tcp ?? [],
          clusterIP: f.clusterip,
          nodePort: f['node-port'],
          externalName: f['external-name'],
        });
      await runCreate(f, SERVICES, make, `failed to create ${type} service: `, processIo);
    }
  };
  return CreateService;
}
