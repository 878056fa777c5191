import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { errorLine } from './error-line.js';
import { objectName } from './names.js';
import { formatObjects, withTypeMeta } from './output.js';
import type { Target } from './targets.js';

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

/**
 * `edit` as kubectl does it: the object's YAML (without managedFields) in the editor; the result
 * saved with an update; on an error, the file again with the error as comments at its top.
 * Resolves to the line to print; throws when the edit ends unsaved after an error.
 */
export async function editObject(client: Client, t: Target): Promise<string> {
  const original = withTypeMeta(t.def, await client.get(t.def, t.namespace, t.name));
  const shown = YAML.parse(formatObjects([original], 'yaml', true)) as KubeObject;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-edit-'));
  const file = path.join(dir, `${t.name}.yaml`);
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
      let edited: KubeObject;
      try {
        edited = YAML.parse(body) as KubeObject;
      } catch (err) {
        failedWith = body;
        text = `${HEADER}# The edited file had a syntax error: ${errorLine(err).replace(/^error: /, '')}\n#\n${body}\n`;
        continue;
      }
      if (failedWith === undefined && isDeepStrictEqual(edited, shown))
        return 'Edit cancelled, no changes made.';
      try {
        const saved = await client.update(t.def, {
          ...edited,
          metadata: { ...edited.metadata, namespace: t.namespace },
        });
        return `${objectName(t.def, saved.metadata.name ?? t.name)} edited`;
      } catch (err) {
        failedWith = body;
        const lines = errorLine(err)
          .replace(/^(error: )?(Error from server \(\w+\): )?/, '')
          .split('\n');
        text = `${HEADER}# ${t.def.resource} "${t.name}" was not valid:\n${lines.map((l) => `# * ${l}`).join('\n')}\n#\n${body}\n`;
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
