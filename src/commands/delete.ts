import { Args, Flags } from '@oclif/core';
import { BaseCommand, dryRunFlag, kubeFlags } from '../cli/base-command.js';

export default class Delete extends BaseCommand {
  static override summary = 'Delete objects by manifest, by name, by label selector, or all of a kind.';
  static override strict = false;
  static override args = {
    resource: Args.string({ description: 'KIND [NAME...], or KIND/NAME...', ignoreStdin: true }),
  };
  static override examples = [
    '<%= config.bin %> delete -f app.yaml',
    '<%= config.bin %> delete pod web-1 web-2',
    '<%= config.bin %> delete deploy -l app=web -n shop',
    '<%= config.bin %> delete pods --all --force',
    '<%= config.bin %> delete pod web-1 --now -o name',
    '<%= config.bin %> delete ns scratch --wait=false',
  ];
  static override flags = {
    ...kubeFlags,
    filename: Flags.string({
      char: 'f',
      description: 'File, directory or - (stdin) naming the objects.',
      multiple: true,
    }),
    recursive: Flags.boolean({ char: 'R', description: 'Read directories of -f recursively.' }),
    selector: Flags.string({ char: 'l', description: 'Delete the objects matching this label selector.' }),
    all: Flags.boolean({ description: 'Delete every object of the kind in the namespace.' }),
    'grace-period': Flags.integer({
      description: 'Seconds the object has to terminate gracefully (-1: its default).',
      default: -1,
    }),
    cascade: Flags.string({
      description: 'How dependents are deleted: background, foreground or orphan.',
      helpValue: 'background|foreground|orphan',
    }),
    'ignore-not-found': Flags.boolean({ description: 'Treat objects that do not exist as deleted.' }),
    now: Flags.boolean({ description: 'Give the objects a grace period of 1 second.' }),
    force: Flags.boolean({
      description: 'Delete at once (grace period 0), not waiting for the containers to stop.',
    }),
    output: Flags.string({ char: 'o', description: 'name: print only TYPE/NAME of each object deleted.' }),
    'dry-run': dryRunFlag,
    wait: Flags.boolean({
      description: 'Wait for the objects to be gone before returning (--wait=false: return at once).',
      default: true,
    }),
    timeout: Flags.custom<number>({
      description: 'How long to wait for the objects to be gone (e.g. 30s); 0: a week.',
      helpValue: 'DURATION',
      parse: async (value) => (await import('../cli/delete-wait.js')).deleteTimeout(value),
    })(),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Delete);
    const [{ connect }, del, { readManifests }, { processIo }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/delete.js'),
      import('../cli/manifest.js'),
      import('../cli/io.js'),
    ]);
    const [{ knowsKinds }, { namesKnownTypes }, { targetsFromManifests }] = await Promise.all([
      import('../cli/kinds.js'),
      import('../cli/resource-args.js'),
      import('../cli/targets.js'),
    ]);
    const args = argv as string[];
    const options = del.deleteOptions(flags, (line) => this.logToStderr(line));
    if (flags.filename && args.length > 0) throw new Error('give either -f or resources, not both');
    if (!flags.filename && args.length === 0)
      throw new Error('give -f FILE, or KIND NAME, KIND -l SELECTOR or KIND --all');
    const target = connect(flags);
    try {
      const manifests =
        flags.filename && (await readManifests(flags.filename, { recursive: flags.recursive }));
      const types = await target.types(manifests ? knowsKinds(manifests) : namesKnownTypes(args));
      const targets = manifests
        ? targetsFromManifests(manifests, types, target)
        : await del.targetsFromArgs(target.client, types, args, {
            namespace: target.namespace,
            labelSelector: flags.selector,
            all: flags.all,
          });
      if (targets.length === 0) {
        // kubectl says it on stdout; only -f naming nothing is an error.
        if (!flags.filename) return this.log('No resources found');
        this.logToStderr('error: no objects passed to delete');
        this.exit(1);
      }
      const code = await del.deleteTargets(target.client, targets, options, processIo);
      if (code !== 0) this.exit(code);
    } finally {
      target.client.close();
    }
  }
}
