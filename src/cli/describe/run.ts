import { ApiError } from '../../api/errors.js';
import type { ApiResource } from '../../api/kinds/index.js';
import type { KubeTarget } from '../connect.js';
import { namesKnownTypes, parseResourceArgs } from '../resource-args.js';
import { describe } from './index.js';

interface Named {
  namespace: string;
  name: string;
}

async function objectsOf(
  target: KubeTarget,
  def: ApiResource,
  allNamespaces: boolean,
  labelSelector?: string,
): Promise<Named[]> {
  const namespace = def.namespaced && !allNamespaces ? target.namespace : undefined;
  const list = await target.client.list(def, { namespace, labelSelector });
  return list.items.map((o) => ({ namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' }));
}

/** A namespaced object not found because its namespace is not: kubectl says the namespace's NotFound. */
async function inMissingNamespace(
  target: KubeTarget,
  def: ApiResource,
  namespace: string,
  err: unknown,
): Promise<unknown> {
  if (!def.namespaced || !(err instanceof ApiError) || err.code !== 404) return err;
  return target.client.request('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`).then(
    () => err,
    (nsErr: unknown) => (nsErr instanceof ApiError && nsErr.code === 404 ? nsErr : err),
  );
}

/**
 * `describe` as kubectl runs it: each object the arguments name (or a kind's objects, those a
 * selector picks), separated by two blank lines, and `No resources found` on stderr when there
 * are none. `describe KIND NAME` for a name that is not there describes every object of the
 * kind whose name starts with it (DescribeMatchingResources), each followed by a blank line. An
 * object that cannot be described is an error said after the others are printed, as kubectl
 * does (`errors`).
 */
export async function describeArgs(
  target: KubeTarget,
  argv: string[],
  opts: { selector?: string; allNamespaces?: boolean },
  warn: (line: string) => void,
): Promise<{ text: string; errors: unknown[] }> {
  const errors: unknown[] = [];
  const { selector, allNamespaces = false } = opts;
  const requests = parseResourceArgs(argv, await target.types(namesKnownTypes(argv)));
  const texts: string[] = [];
  for (const { def, names } of requests) {
    if (names.length && selector) throw new Error('name cannot be provided when a selector is specified');
    const chosen = names.length
      ? names.map((name) => ({ namespace: target.namespace, name }))
      : await objectsOf(target, def, allNamespaces, selector);
    if (chosen.length === 0)
      warn(
        def.namespaced && !allNamespaces
          ? `No resources found in ${target.namespace} namespace.`
          : 'No resources found',
      );
    for (const { namespace, name } of chosen) {
      try {
        texts.push(await describe(target.client, def, namespace, name));
      } catch (caught) {
        const err = await inMissingNamespace(target, def, namespace, caught);
        const single = argv.length === 2 && !argv[0].includes('/') && requests.length === 1;
        if (!(single && err instanceof ApiError && err.code === 404)) {
          errors.push(err);
          continue;
        }
        const matching = (await objectsOf(target, def, allNamespaces)).filter((o) => o.name.startsWith(name));
        if (matching.length === 0) throw err;
        let out = '';
        for (const m of matching) out += `${await describe(target.client, def, m.namespace, m.name)}\n\n`;
        return { text: out, errors };
      }
    }
  }
  return { text: texts.length ? `${texts.join('\n\n\n')}\n` : '', errors };
}
