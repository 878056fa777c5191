import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, podRunningTimeout } from '../cli/base-command.js';

export default class Exec extends BaseCommand {
  static override summary = "Run a command in a pod's container; its exit code becomes minik8s's.";
  static override strict = false;
  static override args = {
    pod: Args.string({
      description: 'Pod name, or TYPE/NAME (deploy/web, svc/web, ...) for one of its pods.',
      required: true,
    }),
  };
  static override examples = [
    '<%= config.bin %> exec web -- ls /',
    '<%= config.bin %> exec -it web -c app -- sh',
  ];
  static override flags = {
    ...kubeFlags,
    container: Flags.string({ char: 'c', description: 'Container name (default: the only or default one).' }),
    stdin: Flags.boolean({ char: 'i', description: 'Pass standard input to the command.' }),
    tty: Flags.boolean({ char: 't', description: 'Give the command a terminal.' }),
    'pod-running-timeout': podRunningTimeout('1m0s'),
  };

  async run(): Promise<void> {
    const { args, flags, argv } = await this.parse(Exec);
    // The command as typed after `--`: oclif's own argv reorders its flags (`sh -c X`).
    const dashes = this.argv.indexOf('--');
    const command = dashes >= 0 ? this.argv.slice(dashes + 1) : (argv as string[]).slice(1);
    if (command.length === 0)
      throw new Error('give the command to run after --: minik8s exec POD -- CMD [ARGS...]');
    const [{ connect }, { execOverWebSocket }, { podContainer }] = await Promise.all([
      import('../cli/connect.js'),
      import('../client/exec-client.js'),
      import('../cli/attachable-pod.js'),
    ]);
    const target = connect(flags);
    let code: number;
    try {
      const { pod, container } = await podContainer(
        target.client,
        target.namespace,
        args.pod,
        flags.container,
        (line) => this.logToStderr(line),
        flags['pod-running-timeout'],
      );
      code = await execOverWebSocket(target.client.conn, {
        namespace: target.namespace,
        pod,
        container,
        command,
        stdin: flags.stdin,
        tty: flags.tty && !!process.stdin.isTTY,
      });
    } finally {
      target.client.close();
    }
    this.exit(code);
  }
}
