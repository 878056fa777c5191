import { ApiError } from '../api/errors.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { type Deleted, FOREVER_MS, waitForDeletion } from './delete-wait.js';
import { type DryRun, dryRunSuffix, parseDryRun } from './dry-run.js';
import { errorLine } from './error-line.js';
import type { Io } from './io.js';
import type { ResourceTypes } from './kinds.js';
import { objectName, typeName } from './names.js';
import { parseResourceArgs } from './resource-args.js';
import type { Target } from './targets.js';

export type Cascade = 'background' | 'foreground' | 'orphan';

export interface DeleteOptions {
  gracePeriod?: number;
  cascade?: Cascade;
  ignoreNotFound?: boolean;
  /** Delete at once, not waiting for the object to terminate (kubectl's --force with grace period 0). */
  force?: boolean;
  dryRun?: DryRun;
  /** `-o name`: print `configmap/c1` for each object deleted. */
  names?: boolean;
  /** Wait this long (ms) for the objects deleted to be gone; none: return once the deletes are sent. */
  waitMs?: number;
}

/** The flags kubectl's delete reads, before anything is deleted. */
export interface DeleteFlags {
  'grace-period': number;
  now?: boolean;
  force?: boolean;
  output?: string;
  'dry-run'?: string;
  cascade?: string;
  'ignore-not-found'?: boolean;
  all?: boolean;
  selector?: string;
  wait?: boolean;
  /** --timeout, in ms (0: a week). */
  timeout?: number;
}

/**
 * The options kubectl's delete takes from its flags, checked as its Complete and Validate do:
 * `--now` is a grace period of 1, `--grace-period=0` without `--force` too, `--force` alone 0.
 */
export function deleteOptions(flags: DeleteFlags, warn: (line: string) => void): DeleteOptions {
  if (flags.all && flags.selector)
    throw new Error("setting 'all' parameter but found a non empty selector. ");
  if (flags.output && flags.output !== 'name')
    throw new Error(`unexpected -o output mode: ${flags.output}. We only support '-o name'`);
  const dryRun = parseDryRun(flags['dry-run'], warn);
  let gracePeriod = flags['grace-period'];
  if (flags.now) {
    if (gracePeriod !== -1) throw new Error('--now and --grace-period cannot be specified together');
    gracePeriod = 1;
  }
  if (gracePeriod === 0 && !flags.force) gracePeriod = 1;
  if (flags.force && gracePeriod < 0) gracePeriod = 0;
  if (flags.force && gracePeriod > 0)
    throw new Error('--force and --grace-period greater than 0 cannot be specified together');
  return {
    gracePeriod,
    cascade: flags.cascade === undefined ? undefined : cascade(flags.cascade, warn),
    ignoreNotFound: flags['ignore-not-found'],
    force: flags.force,
    dryRun,
    names: flags.output === 'name',
    waitMs: flags.wait === false ? undefined : flags.timeout || FOREVER_MS,
  };
}

/** kubectl's --cascade, whose booleans of old still stand for background and orphan. */
function cascade(value: string, warn: (line: string) => void): Cascade {
  if (value === 'background' || value === 'foreground' || value === 'orphan') return value;
  const old = ({ true: 'background', false: 'orphan' } as const)[value];
  if (!old)
    throw new Error(`invalid cascade value (${value}). Must be "background", "foreground", or "orphan"`);
  warn(
    `warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=${old}.`,
  );
  return old;
}

const IMMEDIATE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.';

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
  if (opts.dryRun === 'server') body.dryRun = ['All'];
  const dryRun = opts.dryRun ?? 'none';
  const forced = opts.force && opts.gracePeriod === 0;
  if (forced) io.err(IMMEDIATE_WARNING);
  let code = 0;
  const deleted: Deleted[] = [];
  for (const t of targets) {
    try {
      // A client dry run sends nothing: as kubectl's, it names the objects without reading them.
      if (dryRun !== 'client') {
        const res = await client.delete(
          t.def,
          t.namespace,
          t.name,
          Object.keys(body).length ? body : undefined,
        );
        // An object still there (finalizers, a grace period) comes back with its UID; a Status means gone.
        const uid = (res as KubeObject).metadata?.uid;
        if (dryRun === 'none' && res.kind !== 'Status' && uid) deleted.push({ ...t, uid });
      }
      io.out(
        opts.names
          ? objectName(t.def, t.name)
          : `${typeName(t.def)} "${t.name}" ${forced ? 'force deleted' : 'deleted'}${dryRunSuffix(dryRun)}`,
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === 404 && opts.ignoreNotFound) continue;
      io.err(errorLine(err));
      code = 1;
    }
  }
  if (opts.waitMs === undefined || deleted.length === 0) return code;
  try {
    await waitForDeletion(client, deleted, opts.waitMs);
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
  return code;
}
