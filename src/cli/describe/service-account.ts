import {
  type Event,
  SECRETS,
  SERVICE_ACCOUNTS,
  type Secret,
  type ServiceAccount,
} from '../../api/kinds/index.js';
import type { Client } from '../../client/client.js';
import {
  describeEvents,
  LEVEL_0,
  printAnnotationsMultiline,
  printLabelsMultiline,
  searchEvents,
  tabbed,
} from './shared.js';

/** kubectl's describeServiceAccount: its pull and mountable secrets, its token secrets, those missing marked. */
export function describeServiceAccountText(
  sa: ServiceAccount,
  tokens: string[],
  missing: Set<string>,
  events: Event[],
  now = Date.now(),
): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', sa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
    // kubectl pads the headers itself, inside the cell, and prints them in sorted order.
    const sections: [string, string[]][] = [
      ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s) => s.name ?? '')],
      ['Mountable secrets: ', (sa.secrets ?? []).map((s) => s.name ?? '')],
      ['Tokens:            ', tokens],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) w.write(LEVEL_0, `${header}\t<none>\n`);
      names.forEach((name, i) => {
        const prefix = i === 0 ? header : ' '.repeat(19);
        w.write(LEVEL_0, `${prefix}\t${name}${missing.has(name) ? ' (not found)' : ''}\n`);
      });
    }
    describeEvents(events, w, now);
  });
}

export async function describeServiceAccount(
  client: Client,
  namespace: string,
  name: string,
): Promise<string> {
  const sa = await client.get<ServiceAccount>(SERVICE_ACCOUNTS, namespace, name);
  const tokens: string[] = [];
  const missing = new Set<string>();
  // kubectl describes the account with every secret it names even when the secrets cannot be read.
  const secrets = await client
    .list<Secret>(SECRETS, { namespace })
    .then((l) => l.items)
    .catch(() => undefined);
  if (secrets) {
    const existing = new Set(secrets.map((s) => s.metadata.name));
    for (const s of secrets) {
      const a = s.metadata.annotations ?? {};
      if (
        s.type === 'kubernetes.io/service-account-token' &&
        a['kubernetes.io/service-account.name'] === name &&
        a['kubernetes.io/service-account.uid'] === sa.metadata.uid
      )
        tokens.push(s.metadata.name ?? '');
    }
    for (const ref of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])])
      if (!existing.has(ref.name)) missing.add(ref.name ?? '');
  }
  const uid = sa.metadata.uid;
  const events = await searchEvents(client, { name, namespace, kind: 'ServiceAccount', uid });
  return describeServiceAccountText(sa, tokens, missing, events);
}
