import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags } from '../cli/base-command.js';

export default class Get extends BaseCommand {
  static override summary = 'Display one or many resources.';
  static override strict = false;
  static override args = {
    resource: Args.string({
      description: 'KIND[,KIND...] [NAME...], KIND/NAME..., or all',
      ignoreStdin: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> get pods',
    '<%= config.bin %> get deploy,svc,cm -n web -o wide',
    '<%= config.bin %> get pod/web-1 -o yaml',
    '<%= config.bin %> get all -A',
    '<%= config.bin %> get pods -l app=web -w',
    '<%= config.bin %> get deploy -w --output-watch-events',
    '<%= config.bin %> get pods -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}\'',
    '<%= config.bin %> get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName',
    '<%= config.bin %> get pods --sort-by=.metadata.creationTimestamp',
    '<%= config.bin %> get pods -L app,tier --no-headers',
    '<%= config.bin %> get deploy web --ignore-not-found',
    '<%= config.bin %> get -f web.yaml',
    '<%= config.bin %> get --raw /metrics',
  ];
  static override flags = {
    ...kubeFlags,
    'all-namespaces': Flags.boolean({ char: 'A', description: 'List across all namespaces.' }),
    selector: Flags.string({ char: 'l', description: 'Label selector (e.g. app=web,tier!=db).' }),
    'field-selector': Flags.string({ description: 'Field selector (e.g. status.phase=Running).' }),
    output: Flags.string({
      char: 'o',
      description:
        'Output format: wide, yaml, json, name, jsonpath=TEMPLATE, jsonpath-as-json=TEMPLATE, jsonpath-file=FILE, go-template=TEMPLATE, go-template-file=FILE, custom-columns=HEADER:PATH,... or custom-columns-file=FILE.',
    }),
    template: Flags.string({
      description:
        'The template, or its file, of -o go-template, jsonpath, custom-columns or their -file forms; alone, -o go-template.',
    }),
    'sort-by': Flags.string({
      description: 'Order the objects by the value a JSONPath finds (e.g. .metadata.creationTimestamp).',
    }),
    watch: Flags.boolean({
      char: 'w',
      description:
        'After listing, watch for changes (added green, modified yellow, deleted red on a terminal).',
    }),
    'watch-only': Flags.boolean({ description: 'Watch for changes without listing what there is first.' }),
    'output-watch-events': Flags.boolean({
      description: 'With --watch, an EVENT column (ADDED, MODIFIED, DELETED) first.',
    }),
    'show-labels': Flags.boolean({ description: 'Show labels as the last column.' }),
    'label-columns': Flags.string({
      char: 'L',
      multiple: true,
      description: 'A column for each of these label keys (e.g. -L app,tier); may be repeated.',
    }),
    'no-headers': Flags.boolean({ description: 'Print tables (and custom columns) without their header.' }),
    'ignore-not-found': Flags.boolean({ description: 'A named object that does not exist is no error.' }),
    filename: Flags.string({
      char: 'f',
      description: 'File, directory or - (stdin) naming the objects to get.',
      multiple: true,
    }),
    recursive: Flags.boolean({ char: 'R', description: 'Read directories of -f recursively.' }),
    'show-kind': Flags.boolean({
      description: 'Lead each name with its type (pod/web), as with several types.',
    }),
    'show-managed-fields': Flags.boolean({
      description: 'Keep metadata.managedFields in -o json and -o yaml.',
    }),
    'chunk-size': Flags.integer({
      default: 500,
      description: 'List in pages of this many objects (0 or less: all at once).',
    }),
    'request-timeout': Flags.string({
      default: '0',
      description: 'Give up after this long (1s, 2m, 3h; a bare number is seconds; 0: never).',
    }),
    raw: Flags.string({ description: "Print the server's answer to a GET of this path (e.g. /metrics)." }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Get);
    const [
      { connect },
      { parseOutput },
      { checkGetRequest, runGet },
      { processIo },
      { wantsColor },
      { TIMED_OUT, withinTimeout },
    ] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/output-format.js'),
      import('../cli/get-run.js'),
      import('../cli/io.js'),
      import('../cli/watch-style.js'),
      import('../cli/request-timeout.js'),
    ]);
    const request = {
      args: argv as string[],
      filename: flags.filename,
      recursive: flags.recursive,
      raw: flags.raw,
      bin: this.config.bin,
      opts: {
        allNamespaces: flags['all-namespaces'],
        labelSelector: flags.selector,
        fieldSelector: flags['field-selector'],
        ...parseOutput(flags.output, flags.template),
        sortBy: flags['sort-by'],
        watch: flags.watch || flags['watch-only'],
        watchOnly: flags['watch-only'],
        color: wantsColor(),
        watchEvents: flags['output-watch-events'],
        showLabels: flags['show-labels'],
        labelColumns: flags['label-columns']?.flatMap((l) => l.split(',')),
        noHeaders: flags['no-headers'],
        ignoreNotFound: flags['ignore-not-found'],
        showKind: flags['show-kind'],
        showManagedFields: flags['show-managed-fields'],
        chunkSize: flags['chunk-size'],
      },
    };
    checkGetRequest(request, processIo);
    const target = connect(flags);
    try {
      const code = await withinTimeout(flags['request-timeout'], () => runGet(target, request, processIo));
      if (code === 'expired') {
        if (!request.opts.watch) processIo.err(TIMED_OUT);
        // A watch left running keeps reconnecting: the process ends here, once stdout is written.
        target.client.close();
        await new Promise((done) => process.stdout.write('', done));
        process.exit(request.opts.watch ? 0 : 1);
      }
      if (code !== 0) this.exit(code);
    } finally {
      target.client.close();
    }
  }
}
