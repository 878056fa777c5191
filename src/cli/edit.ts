import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import type { KubeTarget } from './connect.js';
import { type EditReason, editBuffer, syntaxReason, uncommented } from './edit-buffer.js';
import { identityChanged, type Shown, saveEdited } from './edit-save.js';
import type { Io } from './io.js';
import { toKubectlYaml } from './kubectl-yaml.js';
import { formatObjects, listOf, withTypeMeta } from './output.js';
import { namesKnownTypes, parseResourceArgs } from './resource-args.js';
import { resourceName, type Target } from './targets.js';

/** The editor kubectl runs: $KUBE_EDITOR, else $EDITOR, else vi; a command line run by the shell. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBE_EDITOR || env.EDITOR || 'vi';
}

function runEditor(file: string): void {
  const res = spawnSync('/bin/sh', ['-c', `${editorCommand()} "$1"`, 'sh', file], { stdio: 'inherit' });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`there was a problem with the editor "${editorCommand()}"`);
}

/** One object as itself, several as a `v1 List` (its metadata empty, unlike get's), as kubectl shows them. */
const document = (objects: KubeObject[]) =>
  objects.length === 1 ? objects[0] : { ...listOf(objects), metadata: {} };

/**
 * `edit KIND NAME...` or `KIND/NAME...` in the target's namespace, a KIND without names standing
 * for each of its objects there, as kubectl's; false when the edit failed.
 */
export async function editNamed(target: KubeTarget, args: string[], io: Io): Promise<boolean> {
  const types = await target.types(namesKnownTypes(args));
  const targets: Target[] = [];
  for (const { def, names } of parseResourceArgs(args, types)) {
    const namespace = def.namespaced ? target.namespace : undefined;
    const all = names.length ? [] : (await target.client.list(def, { namespace })).items;
    for (const name of names.length ? names : all.map((o) => o.metadata.name ?? ''))
      targets.push({ def, namespace, name });
  }
  if (!targets.length) throw new Error('edit cancelled, no objects found');
  return editObjects(target.client, targets, io);
}

/**
 * `edit` as kubectl does it: the objects' YAML (without managedFields; several as a `v1 List`)
 * in the editor; each changed one saved with a patch of the user's changes (edit-save.ts); the
 * objects the server found invalid, or a file that does not parse, re-opened with kubectl's
 * reasons at its top. The file (/tmp/minik8s-edit-N.yaml) is kept, and said so, when the edit
 * ends with changes unsaved.
 */
async function editObjects(client: Client, targets: Target[], io: Io): Promise<boolean> {
  const shown: Shown[] = await Promise.all(
    targets.map(async (target) => {
      const live = withTypeMeta(target.def, await client.get(target.def, target.namespace, target.name));
      return { target, object: YAML.parse(formatObjects([live], 'yaml', true)) as KubeObject };
    }),
  );
  const first = document(shown.map((s) => s.object));
  const file = path.join(os.tmpdir(), `minik8s-edit-${randomInt(2 ** 31)}.yaml`);
  const kept = () => {
    keep = true;
    io.err(`A copy of your changes has been stored to "${file}"`);
  };
  const quoted = `${resourceName(targets[0].def)} "${targets[0].name}"`;
  let keep = false;
  let body = toKubectlYaml(first);
  let reasons: EditReason[] = [];
  // The text last re-opened after an error: saving it unchanged cancels.
  let failedWith: string | undefined;
  try {
    for (;;) {
      fs.writeFileSync(file, editBuffer(reasons, body), { mode: 0o600 });
      try {
        runEditor(file);
      } catch (err) {
        if (failedWith !== undefined) kept();
        throw err;
      }
      const edited = uncommented(fs.readFileSync(file, 'utf8'));
      if (!edited) {
        io.err('Edit cancelled, saved file was empty.');
        return true;
      }
      if (failedWith !== undefined && edited === failedWith) {
        kept();
        throw new Error('Edit cancelled, no valid changes were saved.');
      }
      let parsed: KubeObject & { items?: KubeObject[] };
      try {
        parsed = YAML.parse(edited);
      } catch (err) {
        io.err(`error: ${quoted} is invalid`);
        reasons = [syntaxReason(resourceName(targets[0].def), targets[0].name, edited, err)];
        failedWith = body = edited;
        continue;
      }
      // As kubectl, against what was first shown: undoing a change that failed is no change.
      if (isDeepStrictEqual(parsed, first)) {
        io.err('Edit cancelled, no changes made.');
        return true;
      }
      const items: unknown = parsed?.kind === 'List' ? parsed.items : [parsed];
      if (!Array.isArray(items) || items.some((i) => !i || typeof i !== 'object' || Array.isArray(i))) {
        io.err(`error: ${quoted} is invalid`);
        reasons = [{ head: 'The edited file is not an object, or a List of objects', causes: [] }];
        failedWith = body = edited;
        continue;
      }
      let saved: Awaited<ReturnType<typeof saveEdited>>;
      try {
        saved = await saveEdited(client, shown, items as KubeObject[], io);
      } catch (err) {
        if ((err as Error).message === identityChanged) kept();
        throw err;
      }
      if (saved.retryable) {
        keep = true;
        io.err(`You can run \`kubectl replace -f ${file}\` to try this update again.`);
        return false;
      }
      if (saved.notFound) {
        keep = true;
        io.err(`The edits you made on deleted resources have been saved to "${file}"`);
        return false;
      }
      if (!saved.invalid.length) return true;
      // Only what failed comes back, each with why.
      reasons = saved.invalid.map((f) => f.reason);
      body = toKubectlYaml(document(saved.invalid.map((f) => f.item)));
      failedWith = uncommented(body);
    }
  } finally {
    if (!keep) fs.rmSync(file, { force: true });
  }
}
