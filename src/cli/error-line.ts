import { ApiError } from '../api/errors.js';

/** The one line a user sees for an error, in kubectl's words where kubectl has some. */
export function errorLine(err: unknown): string {
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
