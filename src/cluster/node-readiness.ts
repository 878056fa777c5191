import { LEASES, type Lease, NODES, type Node } from '../api/kinds/index.js';
import { Client, type Connection } from '../client/client.js';

export interface WaitReadyOptions {
  /**
   * Only a node whose agent beat after this counts: its Lease renewed later (the agent renews
   * it right after posting the node's status), so a Ready written before a stop is not taken.
   */
  since?: Date;
  /** Where a node's agent logs, for the error (a node container's by default). */
  logOf?: (node: string) => string;
}

function isReady(node: Node): boolean {
  return !!node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Resolves once every named node reports Ready; fails after timeoutMs naming those that do not
 * and where their agent's log is.
 */
export async function waitReady(
  conn: Connection,
  names: string[],
  timeoutMs: number,
  opts: WaitReadyOptions = {},
): Promise<void> {
  const logOf = opts.logOf ?? ((node) => `\`docker logs ${node}\``);
  const since = opts.since?.getTime();
  const client = new Client(conn);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const [nodes, leases] = await Promise.all([
        client.list<Node>(NODES),
        since === undefined ? undefined : client.list<Lease>(LEASES, { namespace: 'kube-node-lease' }),
      ]);
      const renewed = new Set(
        (leases?.items ?? [])
          .filter((l) => Date.parse(l.spec?.renewTime ?? '') > (since ?? 0))
          .map((l) => l.metadata.name),
      );
      const ready = new Set(
        nodes.items
          .filter((n) => isReady(n) && (!leases || renewed.has(n.metadata.name)))
          .map((n) => n.metadata.name),
      );
      const waiting = names.filter((n) => !ready.has(n));
      if (!waiting.length) return;
      if (Date.now() > deadline)
        throw new Error(
          `nodes not Ready after ${timeoutMs / 1000} s: ${waiting.join(', ')} (see ${logOf(waiting[0])})`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    client.close();
  }
}
