import { ApiError } from '../../api/errors.js';
import type { ApiResource } from '../../api/kinds/index.js';
import type { KubeTarget } from '../connect.js';
import { namesKnownTypes, parseResourceArgs } from '../resource-args.js';
import { describe } from './index.js';

async function namesOf(target: KubeTarget, def: ApiResource, labelSelector?: string): Promise<string[]> {
  const namespace = def.namespaced ? target.namespace : undefined;
  const list = await target.client.list(def, { namespace, labelSelector });
  return list.items.map((o) => o.metadata.name ?? '');
}

/**
 * `describe` as kubectl runs it: each object the arguments name (or a kind's objects, those a
 * selector picks), separated by two blank lines, and `No resources found` on stderr when there
 * are none. `describe KIND NAME` for a name that is not there describes every object of the
 * kind whose name starts with it (DescribeMatchingResources), each followed by a blank line.
 */
export async function describeArgs(
  target: KubeTarget,
  argv: string[],
  selector: string | undefined,
  warn: (line: string) => void,
): Promise<string> {
  const requests = parseResourceArgs(argv, await target.types(namesKnownTypes(argv)));
  const texts: string[] = [];
  for (const { def, names } of requests) {
    if (names.length && selector) throw new Error('name cannot be provided when a selector is specified');
    const chosen = names.length ? names : await namesOf(target, def, selector);
    if (chosen.length === 0)
      warn(def.namespaced ? `No resources found in ${target.namespace} namespace.` : 'No resources found');
    for (const name of chosen) {
      try {
        texts.push(await describe(target.client, def, target.namespace, name));
      } catch (err) {
        const single = argv.length === 2 && !argv[0].includes('/') && requests.length === 1;
        if (!(single && err instanceof ApiError && err.code === 404)) throw err;
        const matching = (await namesOf(target, def)).filter((n) => n.startsWith(name));
        if (matching.length === 0) throw err;
        let out = '';
        for (const m of matching) out += `${await describe(target.client, def, target.namespace, m)}\n\n`;
        return out;
      }
    }
  }
  return texts.length ? `${texts.join('\n\n\n')}\n` : '';
}
