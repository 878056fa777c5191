import { ApiError } from '../api/errors.js';
import type { ApiResource } from '../api/kinds/kind-def.js';
import { withoutManagedFields } from '../api/object-meta.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { connect, type KubeTarget } from './connect.js';
import { type DryRun, dryRunQuery, dryRunSuffix, parseDryRun } from './dry-run.js';
import { goJson } from './go-json.js';
import { GO_FIELD_ORDER, META_ORDER } from './go-struct-order.js';
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

/**
 * The server's object with its keys in Go's field order (the struct kubectl decodes into): the
 * generated object's order, the fields the server added where go-struct-order.ts puts them; an
 * empty struct the server left out is there, as Go prints it (`status: {}`).
 */
function likeGenerated(kind: string, template: unknown, value: unknown, at = ''): unknown {
  if (Array.isArray(value))
    return value.map((v, i) => likeGenerated(kind, Array.isArray(template) ? template[i] : undefined, v, at));
  if (typeof value !== 'object' || value === null) return value;
  const t = (typeof template === 'object' && template !== null ? template : {}) as Record<string, unknown>;
  const v = { ...(value as Record<string, unknown>) };
  for (const [k, tv] of Object.entries(t)) if (!(k in v) && isEmptyObject(tv)) v[k] = tv;
  const order = at === 'metadata' ? META_ORDER : (GO_FIELD_ORDER[`${kind}:${at}`] ?? Object.keys(t));
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  const keys = Object.keys(v).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((k) => [k, likeGenerated(kind, t[k], v[k], at ? `${at}.${k}` : k)]));
}

/** An object of nothing but empty objects: what Go prints of a struct with no fields set. */
const isEmptyObject = (x: unknown): boolean =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every(isEmptyObject);

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
  const shown = likeGenerated(obj.kind, obj, withoutManagedFields(created)) as KubeObject;
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
