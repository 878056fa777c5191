import { NODES } from '../api/kinds/index.js';
import { Client, type Connection } from '../client/client.js';

/**
 * Resolves once every named node reports Ready; fails after timeoutMs naming those that do not
 * and where their agent's log is (a node container's by default).
 */
export async function waitReady(
  conn: Connection,
  names: string[],
  timeoutMs: number,
  logOf: (node: string) => string = (node) => `\`docker logs ${node}\``,
): Promise<void> {
  const client = new Client(conn);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const list = await client.list(NODES);
      const ready = new Set(
        list.items
          .filter((n) =>
            (n.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some(
              (c) => c.type === 'Ready' && c.status === 'True',
            ),
          )
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
