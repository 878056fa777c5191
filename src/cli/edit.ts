import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import { splitApiVersion } from '../api/kinds/registry.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import type { KubeTarget } from './connect.js';
import { errorLine } from './error-line.js';
import { objectName } from './names.js';
import { formatObjects, withTypeMeta } from './output.js';
import { namesKnownTypes } from './resource-args.js';
import { namedTargets, type Target } from './targets.js';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** The editor kubectl runs: $KUBE_EDITOR, else $EDITOR, else vi; a command line run by the shell. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBE_EDITOR || env.EDITOR || 'vi';
}

function runEditor(file: string): void {
  const res = spawnSync('/bin/sh', ['-c', `${editorCommand()} "$1"`, 'sh', file], { stdio: 'inherit' });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`there was a problem with the editor "${editorCommand()}"`);
}

/** The document without its comment lines, and whether anything is left. */
function uncommented(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .trim();
}

const commented = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n');

/** Where an edited item goes: the target of the same group, kind and name. */
function targetOf(targets: Target[], item: unknown): Target | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const { apiVersion, kind, metadata } = item as Partial<KubeObject>;
  const [group] = splitApiVersion(typeof apiVersion === 'string' ? apiVersion : '');
  return targets.find((t) => t.def.group === group && t.def.kind === kind && t.name === metadata?.name);
}

/**
 * `edit` as kubectl does it: the objects' YAML (without managedFields; several as a `v1 List`)
 * in the editor; each changed one saved with an update; on errors, the file again with the
 * objects that failed and their errors as comments at its top. Each object saved is told to
 * `saved` at once, as kubectl prints it; resolves to a last line when nothing was saved, throws
 * when the edit ends unsaved after an error.
 */
/** `edit KIND NAME...` or `KIND/NAME...` in the target's namespace: editObjects on what they name. */
export async function editNamed(
  target: KubeTarget,
  args: string[],
  saved: (line: string) => void,
): Promise<string | undefined> {
  const types = await target.types(namesKnownTypes(args));
  return editObjects(target.client, namedTargets(types, args, target.namespace), saved);
}

async function editObjects(
  client: Client,
  targets: Target[],
  saved: (line: string) => void,
): Promise<string | undefined> {
  const originals = await Promise.all(
    targets.map(async (t) => withTypeMeta(t.def, await client.get(t.def, t.namespace, t.name))),
  );
  const shownOf = (objects: KubeObject[]) => {
    const items = objects.map((o) => YAML.parse(formatObjects([o], 'yaml', true)) as KubeObject);
    return items.length === 1
      ? items[0]
      : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
  };
  let shown: unknown = shownOf(originals);
  // What the server had, as shown: an item the user left so is not saved.
  const first = originals.length === 1 ? [shown as KubeObject] : (shown as { items: KubeObject[] }).items;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-edit-'));
  const file = path.join(dir, `${targets.length === 1 ? targets[0].name : 'list'}.yaml`);
  let savedAny = false;
  try {
    let text = `${HEADER}${YAML.stringify(shown)}`;
    let failedWith: string | undefined;
    for (;;) {
      fs.writeFileSync(file, text);
      runEditor(file);
      const body = uncommented(fs.readFileSync(file, 'utf8'));
      if (!body) throw new Error('Edit cancelled, no objects were changed.');
      if (failedWith !== undefined && body === failedWith)
        throw new Error('Edit cancelled, no valid changes were saved.');
      let edited: KubeObject & { items?: KubeObject[] };
      try {
        edited = YAML.parse(body);
      } catch (err) {
        failedWith = body;
        // Every line of the parser's message commented (it quotes the lines around the error):
        // a line left bare would keep the file from ever parsing again.
        const why = `The edited file had a syntax error: ${errorLine(err).replace(/^error: /, '')}`;
        text = `${HEADER}${commented(why)}\n#\n${body}\n`;
        continue;
      }
      if (failedWith === undefined && isDeepStrictEqual(edited, shown))
        return savedAny ? undefined : 'Edit cancelled, no changes made.';
      const items: unknown = edited?.kind === 'List' ? edited.items : [edited];
      if (!Array.isArray(items) || items.some((i) => !i || typeof i !== 'object' || Array.isArray(i))) {
        failedWith = body;
        text = `${HEADER}# The edited file is not an object, or a List of objects\n#\n${body}\n`;
        continue;
      }
      const failed: { item: KubeObject; why: string[]; name: string; resource: string }[] = [];
      for (const item of items as KubeObject[]) {
        if (first.some((o) => isDeepStrictEqual(o, item))) continue;
        const t = targetOf(targets, item);
        if (!t) {
          failed.push({
            item,
            name: String(item.metadata?.name ?? ''),
            resource: String(item.kind ?? 'object'),
            why: ['At least one of apiVersion, kind and name was changed'],
          });
          continue;
        }
        try {
          const written = await client.update(t.def, {
            ...item,
            metadata: { ...item.metadata, namespace: t.namespace },
          });
          saved(`${objectName(t.def, written.metadata.name ?? t.name)} edited`);
          savedAny = true;
        } catch (err) {
          const why = errorLine(err)
            .replace(/^(error: )?(Error from server \(\w+\): )?/, '')
            .split('\n');
          failed.push({ item, why, name: t.name, resource: t.def.resource });
        }
      }
      if (!failed.length) return savedAny ? undefined : 'Edit cancelled, no changes made.';
      // Only what failed comes back, as kubectl re-opens it.
      shown = shownOf(failed.map((f) => f.item));
      const notes = failed
        .map((f) =>
          commented(`${f.resource} "${f.name}" was not valid:\n${f.why.map((l) => `* ${l}`).join('\n')}`),
        )
        .join('\n#\n');
      failedWith = uncommented(YAML.stringify(shown));
      text = `${HEADER}${notes}\n#\n${YAML.stringify(shown)}`;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
