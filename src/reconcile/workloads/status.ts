import type { KindDef } from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import type { KubeObject } from '../../api/types.js';
import type { ControllerContext } from '../controller.js';
import { updateWithRetry } from '../retry.js';

/**
 * Writes `status` over the object's status (fields it leaves out are kept, such as an
 * observedGeneration a pass had no right to raise) through the status subresource; a status
 * that says nothing new is not written.
 */
export async function writeStatus<T extends KubeObject & { status?: object }>(
  ctx: ControllerContext,
  def: KindDef,
  obj: T,
  status: NonNullable<T['status']>,
): Promise<void> {
  await updateWithRetry(
    ctx.client,
    def,
    obj,
    (cur) => {
      const next = { ...cur.status, ...status };
      return sameJson(next, cur.status ?? {}) ? undefined : { ...cur, status: next };
    },
    'status',
  );
}
