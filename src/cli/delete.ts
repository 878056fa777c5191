import { ApiError } from '../api/errors.js';
import type { Client } from '../client/client.js';
import { errorLine } from './error-line.js';
import type { Io } from './io.js';
import type { ResourceTypes } from './kinds.js';
import { typeName } from './names.js';
import { parseResourceArgs } from './resource-args.js';
import type { Target } from './targets.js';

export type Cascade = 'background' | 'foreground' | 'orphan';

export interface DeleteOptions {
  gracePeriod?: number;
  cascade?: Cascade;
  ignoreNotFound?: boolean;
}

/** The objects `KIND NAME...`, `KIND/NAME...`, `KIND -l SEL` or `KIND --all` stand for. */
export async function targetsFromArgs(
  client: Client,
  types: ResourceTypes,
  args: string[],
  opts: { namespace: string; labelSelector?: string; all?: boolean },
): Promise<Target[]> {
  const out: Target[] = [];
  for (const { def, names } of parseResourceArgs(args, types)) {
    const namespace = def.namespaced ? opts.namespace : undefined;
    if (names.length > 0) {
      if (opts.labelSelector || opts.all)
        throw new Error('names cannot be given together with --selector or --all');
      out.push(...names.map((name) => ({ def, namespace, name })));
      continue;
    }
    if (!opts.labelSelector && !opts.all) {
      throw new Error(
        `resource(s) were provided, but no name was specified: give names, --selector or --all`,
      );
    }
    const list = await client.list(def, { namespace, labelSelector: opts.labelSelector });
    out.push(...list.items.map((o) => ({ def, namespace, name: o.metadata.name ?? '' })));
  }
  return out;
}

const policy = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan' } as const;

/** Deletes each target, printing kubectl's lines; resolves to the exit code (1 if any failed). */
export async function deleteTargets(
  client: Client,
  targets: Target[],
  opts: DeleteOptions,
  io: Io,
): Promise<number> {
  const body: Record<string, unknown> = {};
  if (opts.gracePeriod !== undefined && opts.gracePeriod >= 0) body.gracePeriodSeconds = opts.gracePeriod;
  if (opts.cascade) body.propagationPolicy = policy[opts.cascade];
  let code = 0;
  for (const t of targets) {
    try {
      await client.delete(t.def, t.namespace, t.name, Object.keys(body).length ? body : undefined);
      io.out(`${typeName(t.def)} "${t.name}" deleted`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404 && opts.ignoreNotFound) continue;
      io.err(errorLine(err));
      code = 1;
    }
  }
  return code;
}
