import { ApiError } from '../api/errors.js';
import type { Status } from '../api/types.js';

/** The one line a user sees for an error, in kubectl's words where kubectl has some. */
export function errorLine(err: unknown): string {
  if (err instanceof ApiError && err.status.reason === 'Invalid' && err.status.details)
    return invalidLines(err.status.details);
  if (err instanceof ApiError) return `Error from server (${err.status.reason ?? 'Unknown'}): ${err.message}`;
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === 'ECONNREFUSED') {
    const where = e.address ? `${e.address}:${e.port}` : 'the API server';
    return `The connection to the server ${where} was refused - is the cluster running? (minik8s status, minik8s up)`;
  }
  const message = e instanceof Error ? e.message : String(err);
  const hint = (err as { hint?: unknown })?.hint;
  return typeof hint === 'string' ? `error: ${message}\nhint: ${hint}` : `error: ${message}`;
}

/**
 * An Invalid error as kubectl's checkErr says it, from the Status's details: `The ConfigMap "c"
 * is invalid: FIELD: MESSAGE`, several causes (repeats dropped) a line each under it.
 */
function invalidLines(details: NonNullable<Status['details']>): string {
  const head =
    details.kind || details.name
      ? `The ${details.kind ?? ''} "${details.name ?? ''}" is invalid`
      : 'The request is invalid';
  const causes = [...new Set((details.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`))];
  if (causes.length === 0) return head;
  if (causes.length === 1) return `${head}: ${causes[0]}`;
  return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
}
