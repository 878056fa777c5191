/**
 * A pod's network namespace's filter table, written through its sandbox: the sandbox (which runs
 * only the pause process) holds NET_ADMIN, so a command run in it can change the namespace's
 * rules, while the pod's own containers, joined to the namespace without it, cannot.
 */
import type { ContainerRuntime } from './container-runtime.js';
import { LABEL, SANDBOX } from './labels.js';

/** Debian's two iptables builds, nft first (what Docker writes the namespace's nat rules with). */
const RESTORES = [
  ['/usr/sbin/xtables-nft-multi', 'iptables-restore', '-w', '5'],
  ['/usr/sbin/xtables-legacy-multi', 'iptables-restore', '-w', '5'],
];

async function run(runtime: ContainerRuntime, id: string, command: string[], input: string) {
  const session = await runtime.exec(id, { command, stdin: true, tty: false });
  const output: Buffer[] = [];
  session.stdout.on('data', (c: Buffer) => output.push(c));
  session.stderr.on('data', (c: Buffer) => output.push(c));
  session.stdin?.end(input);
  const exitCode = await session.exitCode;
  return { exitCode, output: Buffer.concat(output).toString('utf8').trim() };
}

/** The filter tables of the pods of one node of one cluster. */
export function sandboxFirewall(runtime: ContainerRuntime, place: { cluster: string; nodeName: string }) {
  let chosen: string[] | undefined;
  return {
    /** The running sandbox of each pod of the node, by pod uid: one call to the runtime. */
    async sandboxes(): Promise<Map<string, string>> {
      const all = await runtime.listContainers({
        [LABEL.cluster]: place.cluster,
        [LABEL.node]: place.nodeName,
        [LABEL.container]: SANDBOX,
      });
      return new Map(
        all.filter((c) => c.state === 'running').map((c) => [c.labels[LABEL.podUid] ?? '', c.id]),
      );
    },
    async write(sandboxId: string, filterTable: string): Promise<void> {
      const failures: string[] = [];
      for (const command of chosen ? [chosen] : RESTORES) {
        const r = await run(runtime, sandboxId, command, filterTable);
        if (r.exitCode === 0) {
          chosen = command;
          return;
        }
        failures.push(`${command[0]}: ${r.output || `exit code ${r.exitCode}`}`);
      }
      throw new Error(`iptables-restore in sandbox ${sandboxId.slice(0, 12)}: ${failures.join('; ')}`);
    },
  };
}
