import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, podRunningTimeout } from '../cli/base-command.js';

export default class Logs extends BaseCommand {
  static override summary = "Print the logs of a pod's container, or follow many pods at once.";
  static override description =
    "With a pod name, or a workload (deploy/web, sts/db, ds/agent, job/x) or a Service, its container's log as kubectl prints it (for a workload, the pod kubectl picks). With -l SELECTOR, or a workload or Service followed with -f, the logs of all their pods, each line after a coloured [pod/NAME/CONTAINER] prefix; with -f it keeps following them and picks up pods that start later, as stern does.";
  static override args = {
    pod: Args.string({
      description:
        'Pod name, or TYPE/NAME (deploy/web, svc/web, ...) for one of its pods (all of them with -f).',
    }),
  };
  static override examples = [
    '<%= config.bin %> logs web-7d9f8-abcde',
    '<%= config.bin %> logs web-7d9f8-abcde -c sidecar -f',
    '<%= config.bin %> logs web-7d9f8-abcde --previous --tail 20',
    '<%= config.bin %> logs -l app=web -f',
    '<%= config.bin %> logs -l app=web --previous --limit-bytes 500',
    '<%= config.bin %> logs -l app=web -f --max-log-requests 10',
    '<%= config.bin %> logs deploy/web -f --since 10m --tail 50',
    '<%= config.bin %> logs deploy/web --all-containers',
    '<%= config.bin %> logs sts/db -f --all-containers --no-prefix',
  ];
  static override flags = {
    ...kubeFlags,
    container: Flags.string({ char: 'c', description: 'Container name (needed when the pod has several).' }),
    selector: Flags.string({ char: 'l', description: 'Label selector of the pods (e.g. app=web).' }),
    'all-containers': Flags.boolean({ description: 'Every container of the pods, init containers too.' }),
    prefix: Flags.boolean({
      description: 'Prefix each line with [pod/NAME/CONTAINER] (on for several pods; --no-prefix drops it).',
      allowNo: true,
    }),
    follow: Flags.boolean({ char: 'f', description: 'Keep streaming new lines (and new pods).' }),
    previous: Flags.boolean({ char: 'p', description: 'The previous, ended run of the container.' }),
    tail: Flags.integer({
      description:
        'Only the last N lines (-1: all). Default: all for one pod, 10 of each pod for a selector.',
    }),
    timestamps: Flags.boolean({ description: 'Prefix each line with its time.' }),
    'limit-bytes': Flags.integer({
      description: 'At most this many bytes of each log (0: no limit).',
      default: 0,
    }),
    'ignore-errors': Flags.boolean({
      description: 'Say a log the server refuses (error: ...) and go on with the others.',
    }),
    'max-log-requests': Flags.integer({
      description: 'With -f, the most logs followed at once (pods times containers).',
      default: 5,
    }),
    since: Flags.string({ description: 'Only lines newer than this duration (e.g. 5s, 2m, 3h).' }),
    'since-seconds': Flags.integer({ description: 'Only lines newer than this many seconds.' }),
    'since-time': Flags.string({
      description: 'Only lines from this RFC 3339 time on (e.g. 2026-11-30T09:00:00Z).',
    }),
    'pod-running-timeout': podRunningTimeout('20s'),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Logs);
    const [{ connect }, { logs, logWindow }, { processIo }] = await Promise.all([
      import('../cli/connect.js'),
      import('../cli/logs.js'),
      import('../cli/io.js'),
    ]);
    const window = logWindow({
      since: flags.since,
      sinceSeconds: flags['since-seconds'],
      sinceTime: flags['since-time'],
      tail: flags.tail,
      limitBytes: flags['limit-bytes'],
    });
    const target = connect(flags);
    try {
      await logs(
        target.client,
        target.namespace,
        args.pod,
        {
          ...flags,
          allContainers: flags['all-containers'],
          podRunningTimeout: flags['pod-running-timeout'],
          maxLogRequests: flags['max-log-requests'],
          ignoreErrors: flags['ignore-errors'],
          ...window,
          color: !!process.stdout.isTTY && !process.env.NO_COLOR,
        },
        processIo,
        (chunk) => process.stdout.write(chunk),
      );
    } finally {
      target.client.close();
    }
  }
}
