import { kinds } from '../api/kinds/index.js';
import type { Client } from '../client/client.js';
import { objectName } from './names.js';

/** Creates a namespace; resolves to kubectl's line, `namespace/NAME created`. */
export async function createNamespace(client: Client, name: string): Promise<string> {
  const def = kinds.find('namespaces')!;
  await client.create(def, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return `${objectName(def, name)} created`;
}
