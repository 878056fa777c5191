import { isDeepStrictEqual } from 'node:util';
import { generate } from 'json-merge-patch';
import { ApiError } from '../api/errors.js';
import { strategicSchemaFor, twoWayStrategicPatch } from '../api/patch/strategic-diff.js';
import { resolveRef } from '../api/schema/index.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import type { EditReason } from './edit-buffer.js';
import type { Io } from './io.js';
import { objectName } from './names.js';
import { resourceName, type Target } from './targets.js';

/** An object as the editor first showed it, and where it is saved. */
export interface Shown {
  target: Target;
  object: KubeObject;
}

/** What a save did: the items the server found invalid (to re-open), and the failures that end the edit. */
export interface SaveResult {
  invalid: { item: KubeObject; reason: EditReason }[];
  retryable: number;
  notFound: number;
}

/** kubectl's error when an edited item no longer names the object it was. */
export const identityChanged = 'At least one of apiVersion, kind and name was changed';

function shownFor(shown: Shown[], item: KubeObject): Shown {
  const uid = item.metadata?.uid;
  const same = shown.find((s) => uid !== undefined && s.object.metadata.uid === uid);
  if (
    !same ||
    same.object.apiVersion !== item.apiVersion ||
    same.object.kind !== item.kind ||
    same.object.metadata.name !== item.metadata?.name
  )
    throw new Error(identityChanged);
  return same;
}

/**
 * Saves each edited item as kubectl edit does: a patch of what the user changed between the
 * object as first shown and as edited (a strategic merge patch for built-in kinds, a JSON merge
 * patch, RFC 7386, for custom resources), so that changes others made meanwhile are kept, and
 * no resourceVersion is sent unless the user changed it. Lines
 * as kubectl prints them: `KIND/NAME edited` or `skipped` on out, each failure on err.
 */
export async function saveEdited(
  client: Client,
  shown: Shown[],
  items: KubeObject[],
  io: Io,
): Promise<SaveResult> {
  const matched = items.map((item) => ({ item, ...shownFor(shown, item) }));
  const result: SaveResult = { invalid: [], retryable: 0, notFound: 0 };
  for (const { item, target, object } of matched) {
    const name = objectName(target.def, target.name);
    const schema = strategicSchemaFor(object.apiVersion, object.kind);
    const patch = schema
      ? twoWayStrategicPatch(object as never, item as never, schema, resolveRef)
      : generate(object, item);
    if (patch === undefined || isDeepStrictEqual(patch, {})) {
      io.out(`${name} skipped`);
      continue;
    }
    try {
      await client.patch(target.def, target.namespace, target.name, patch, schema ? 'strategic' : 'merge');
      io.out(`${name} edited`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const quoted = `${resourceName(target.def)} "${target.name}"`;
      if (err.status.reason === 'Invalid') {
        io.err(`error: ${quoted} is invalid`);
        const causes = err.status.details?.causes ?? [];
        result.invalid.push({
          item,
          reason: {
            head: `${quoted} was not valid`,
            causes: causes.length ? causes.map((c) => `${c.field}: ${c.message}`) : [err.message],
          },
        });
      } else if (err.status.reason === 'NotFound') {
        io.err(`error: ${quoted} could not be found on the server`);
        result.notFound++;
      } else {
        io.err(`error: ${quoted} could not be patched: ${err.message}`);
        result.retryable++;
      }
    }
  }
  return result;
}
