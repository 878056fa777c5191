import { ApiError } from '../api/errors.js';
import type { ApiResource } from '../api/kinds/kind-def.js';
import { withoutManagedFields } from '../api/object-meta.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { connect, type KubeTarget } from './connect.js';
import { type DryRun, dryRunQuery, dryRunSuffix, parseDryRun } from './dry-run.js';
import { goJson } from './go-json.js';
import type { Io } from './io.js';
import { toKubectlYaml } from './kubectl-yaml.js';
import { objectName } from './names.js';

export interface CreateTarget {
  client: Client;
  namespace: string;
  namespaceFlag: boolean;
}

export interface CreateOutput {
  output?: string;
  dryRun: DryRun;
  /** kubectl's words before the server's error, e.g. `failed to create configmap: ` (none: the error as the server said it). */
  failure?: string;
}

const FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

/** -o as kubectl create takes it: refused before anything is sent when it has no printer for it. */
export function checkOutput(output: string | undefined): void {
  if (output === undefined || output === '' || ['json', 'yaml', 'name'].includes(output)) return;
  throw new Error(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: ${FORMATS}`,
  );
}

// Go's ObjectMeta field order, in which kubectl prints the metadata of an object it decoded.
const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** The server's object with its keys in the order of the generated one (the struct kubectl decodes into). */
function likeGenerated(template: unknown, value: unknown, isMeta = false): unknown {
  if (Array.isArray(value))
    return value.map((v, i) => likeGenerated(Array.isArray(template) ? template[i] : undefined, v));
  if (typeof value !== 'object' || value === null) return value;
  const t = (typeof template === 'object' && template !== null ? template : {}) as Record<string, unknown>;
  const v = value as Record<string, unknown>;
  const order = isMeta ? META_ORDER : Object.keys(t);
  const keys = [...order.filter((k) => k in v), ...Object.keys(v).filter((k) => !order.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, likeGenerated(t[k], v[k], k === 'metadata')]));
}

function print(def: ApiResource, obj: KubeObject, o: CreateOutput, io: Io): void {
  const name = objectName(def, obj.metadata.name ?? '');
  if (o.output === 'name') io.out(name);
  else if (o.output === 'yaml') io.out(toKubectlYaml(obj).replace(/\n$/, ''));
  else if (o.output === 'json') io.out(goJson(obj, true, true));
  else io.out(`${name} created${dryRunSuffix(o.dryRun)}`);
}

/**
 * Creates what a `kubectl create KIND NAME` generator made, or with --dry-run=client only prints
 * it; prints as kubectl does (the created object for -o json|yaml, else TYPE/NAME created).
 */
export async function createGenerated(
  target: CreateTarget,
  def: ApiResource,
  generated: KubeObject,
  o: CreateOutput,
  io: Io,
): Promise<void> {
  const { name, ...rest } = generated.metadata;
  // As kubectl: the namespace is written into the object only when -n said it.
  const ns = def.namespaced && target.namespaceFlag ? { namespace: target.namespace } : {};
  const obj = { ...generated, metadata: { name, ...ns, ...rest } } as KubeObject;
  if (o.dryRun === 'client') return print(def, obj, o, io);
  const query = { fieldManager: 'kubectl-create', fieldValidation: 'Strict', ...dryRunQuery(o.dryRun) };
  const body = def.namespaced ? { ...obj, metadata: { ...obj.metadata, namespace: target.namespace } } : obj;
  const created = await target.client.create(def, body, query).catch((err: unknown) => {
    if (!(err instanceof ApiError) || o.failure === undefined) throw err;
    throw new Error(`${o.failure}${err.status.message}`);
  });
  const shown = likeGenerated(obj, withoutManagedFields(created)) as KubeObject;
  print(def, shown, o, io);
}

/** An error kubectl prints as it is, without `error: ` (a type the server does not have). */
export class BareError extends Error {}

/** The flags every `create KIND NAME` command takes, as read from the command line. */
export interface CreateFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  output?: string;
  'dry-run'?: string;
}

/** A `create KIND NAME` command's run: flags checked, the object generated, then created or printed. */
export async function runCreate(
  flags: CreateFlags,
  def: ApiResource,
  generate: (target: KubeTarget) => KubeObject | Promise<KubeObject>,
  failure: string | undefined,
  io: Io,
): Promise<void> {
  const dryRun = parseDryRun(flags['dry-run'], io.err);
  checkOutput(flags.output);
  const target = connect(flags);
  try {
    const generated = await generate(target);
    await createGenerated(target, def, generated, { output: flags.output, dryRun, failure }, io);
  } catch (err) {
    if (!(err instanceof BareError)) throw err;
    io.err(err.message);
    process.exitCode = 1;
  } finally {
    target.client.close();
  }
}
