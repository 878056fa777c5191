import { NODES } from '../api/kinds/index.js';
import { Client, type Connection } from '../client/client.js';

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/**
 * kubeadm's mark-control-plane phase: the admin labels the control-plane nodes, since
 * NodeRestriction keeps a node's own agent from setting a node-role label.
 */
export async function markControlPlane(conn: Connection, names: string[]): Promise<void> {
  if (!names.length) return;
  const client = new Client(conn);
  try {
    for (const name of names)
      await client.patch(NODES, undefined, name, { metadata: { labels: { [CONTROL_PLANE_LABEL]: '' } } });
  } finally {
    client.close();
  }
}
