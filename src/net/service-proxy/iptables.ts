import { execa } from 'execa';

/** Debian's two iptables builds; the first that works in this network namespace is used. */
const BACKENDS = ['/usr/sbin/xtables-nft-multi', '/usr/sbin/xtables-legacy-multi'];

export interface Iptables {
  backend: string;
  save(): Promise<string>;
  /** Applies a restore file in one transaction per table, leaving what it does not name alone. */
  restore(rules: string): Promise<void>;
}

/**
 * iptables in this process's network namespace. nft is tried first: it is what Debian's
 * Docker uses, so its rules and Docker's own (the embedded DNS at 127.0.0.11) sit in one ruleset.
 */
export async function openIptables(): Promise<Iptables> {
  const failures: string[] = [];
  for (const multi of BACKENDS) {
    const run = async (args: string[], input?: string) =>
      (await execa(multi, args, { input, stripFinalNewline: false })).stdout;
    try {
      await run(['iptables-save', '-t', 'nat']);
      return {
        backend: multi,
        save: () => run(['iptables-save']),
        restore: async (rules) => {
          await run(['iptables-restore', '--noflush', '-w', '5'], rules);
        },
      };
    } catch (err) {
      failures.push(`${multi}: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`);
    }
  }
  throw new Error(`no working iptables here (${failures.join('; ')})`);
}
