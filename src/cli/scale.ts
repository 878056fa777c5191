import { patchTypes } from '../api/patch/types.js';
import type { KubeObject } from '../api/types.js';
import { Client } from '../client/client.js';
import { isConflict } from '../reconcile/retry.js';
import type { KubeTarget } from './connect.js';
import { type DryRun, dryRunQuery, dryRunSuffix, parseDryRun } from './dry-run.js';
import { errorLine } from './error-line.js';
import type { Io } from './io.js';
import { objectName } from './names.js';
import { formatObjects } from './output.js';
import { namesKnownTypes } from './resource-args.js';
import { namedTargets, type Target } from './targets.js';

interface Scale extends KubeObject {
  spec?: { replicas?: number };
}

export interface ScaleOptions {
  replicas: number;
  /** Scale only if the object asks for this many replicas now (kubectl's --current-replicas). */
  currentReplicas?: number;
  /** Scale only if the object is at this resourceVersion. */
  resourceVersion?: string;
  dryRun?: DryRun;
  /** `-o name`: `deployment.apps/web` for each object scaled; yaml, json: the object as read before. */
  output?: 'name' | 'yaml' | 'json';
}

/** The options kubectl's scale takes from its flags, checked before anything is read. */
export function scaleOptions(
  flags: {
    replicas: number;
    'current-replicas'?: number;
    'resource-version'?: string;
    output?: string;
    'dry-run'?: string;
  },
  warn: (line: string) => void,
): ScaleOptions {
  const output = flags.output;
  if (output && !PRINTED.includes(output)) {
    const format = output.split('=')[0];
    throw new Error(
      KUBECTL_FORMATS.includes(format)
        ? `-o ${format} is not supported by minik8s scale (it is by kubectl scale): use name, yaml or json`
        : `unable to match a printer suitable for the output format "${output}", allowed formats are: ${KUBECTL_FORMATS.join(',')}`,
    );
  }
  const dryRun = parseDryRun(flags['dry-run'], warn);
  if (flags.replicas < 0)
    throw new Error('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  return {
    replicas: flags.replicas,
    currentReplicas: flags['current-replicas'],
    resourceVersion: flags['resource-version'],
    dryRun,
    output: output as ScaleOptions['output'],
  };
}

const PRINTED = ['name', 'yaml', 'json'];
// kubectl scale's printers.
const KUBECTL_FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml'.split(
    ',',
  );

/**
 * `scale KIND NAME...` as kubectl runs it: the objects read first; none found fails as a whole
 * (`no objects passed to scale ...`), else each found is scaled (a line each) and then each that
 * was not is said. Resolves to the exit code.
 */
export async function scaleArgs(
  target: KubeTarget,
  args: string[],
  opts: ScaleOptions,
  io: Io,
): Promise<number> {
  const { client } = target;
  const targets = namedTargets(await target.types(namesKnownTypes(args)), args, target.namespace);
  const read = await Promise.all(
    targets.map((t) =>
      client.get(t.def, t.namespace, t.name).then(
        (object) => ({ t, object }),
        (err: unknown) => ({ t, err }),
      ),
    ),
  );
  const errors = read.flatMap((r) => ('err' in r ? [r.err] : []));
  const found = read.flatMap((r) => ('object' in r ? [r] : []));
  if (!found.length) {
    const why = errors.map((e) => (e as Error).message);
    throw new Error(`no objects passed to scale ${why.length === 1 ? why[0] : `[${why.join(', ')}]`}`);
  }
  const dryRun = opts.dryRun ?? 'none';
  let code = 0;
  for (const { t, object } of found) {
    try {
      if (dryRun !== 'client') await scaleTarget(client, t, opts);
      const { output } = opts;
      if (output === 'yaml' || output === 'json') io.out(formatObjects([object], output, true));
      else io.out(`${objectName(t.def, t.name)}${output ? '' : ` scaled${dryRunSuffix(dryRun)}`}`);
    } catch (err) {
      io.err(errorLine(err));
      code = 1;
    }
  }
  for (const err of errors) io.err(errorLine(err));
  return errors.length ? 1 : code;
}

// kubectl tries a scale with preconditions again this many times when another writer gets in first.
const ATTEMPTS = 5;

/**
 * Sets the replicas of an object through its scale subresource, as kubectl scale does: a
 * merge patch, or with preconditions a read, a check and an update that fails if the object
 * changed meanwhile (then tried again with the check).
 */
export async function scaleTarget(client: Client, t: Target, opts: ScaleOptions): Promise<string> {
  const path = Client.path(t.def, t.namespace, t.name, 'scale');
  const query = dryRunQuery(opts.dryRun ?? 'none');
  if (opts.currentReplicas === undefined && !opts.resourceVersion) {
    const body = { spec: { replicas: opts.replicas } };
    await client.request('PATCH', path, { body, contentType: patchTypes.merge, query });
    return 'scaled';
  }
  for (let attempt = 1; ; attempt++) {
    const scale = await client.request<Scale>('GET', path);
    const now = scale.spec?.replicas ?? 0;
    if (opts.currentReplicas !== undefined && now !== opts.currentReplicas)
      throw new Error(`Expected replicas to be ${opts.currentReplicas}, was ${now}`);
    if (opts.resourceVersion && scale.metadata.resourceVersion !== opts.resourceVersion)
      throw new Error(
        `Expected resource version to be ${opts.resourceVersion}, was ${scale.metadata.resourceVersion}`,
      );
    try {
      await client.request('PUT', path, {
        body: { ...scale, spec: { ...scale.spec, replicas: opts.replicas } },
        query,
      });
      return 'scaled';
    } catch (err) {
      if (!isConflict(err) || attempt >= ATTEMPTS) throw err;
    }
  }
}
