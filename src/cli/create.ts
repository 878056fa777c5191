import { NAMESPACES } from '../api/kinds/index.js';
import type { Client } from '../client/client.js';
import { objectName } from './names.js';

/** Creates a namespace; resolves to kubectl's line, `namespace/NAME created`. */
export async function createNamespace(client: Client, name: string): Promise<string> {
  await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return `${objectName(NAMESPACES, name)} created`;
}
