import { DOCKER_HINT } from '../cluster/docker-connection.js';

/** A step of `up` (or stop, down, node add) that failed: what failed, why, and what to do. */
export class StepFailure extends Error {
  constructor(
    readonly step: string,
    cause: unknown,
    readonly hint: string,
  ) {
    super(`${step} failed: ${reason(cause)}`, { cause });
  }
}

function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** What to do about a failed step, from what the error says. */
export function hintFor(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { address?: string; hint?: unknown };
  // An error that knows what to do about it (Docker out of reach) says so itself.
  if (typeof e?.hint === 'string') return e.hint;
  const text = `${e?.message ?? ''} ${e?.address ?? ''}`;
  // DOCKER_HOST's socket may be named anything: a failure to reach it is Docker's too.
  const dockerSocket = process.env.DOCKER_HOST?.replace(/^unix:\/\//, '');
  const unreachable = e?.code === 'ENOENT' || e?.code === 'ECONNREFUSED';
  if (
    /docker\.sock|Cannot connect to the Docker daemon/i.test(text) ||
    (unreachable && /docker|\.sock\b/i.test(text)) ||
    (unreachable && !!dockerSocket && text.includes(dockerSocket))
  )
    return DOCKER_HINT;
  if (e?.code === 'EACCES' && /docker/i.test(text))
    return 'this user may not use Docker: add it to the docker group, or run as a user that can.';
  if (e?.code === 'EADDRINUSE' || /address already in use|port is already allocated/i.test(text))
    return 'a port the cluster needs is taken: stop what holds it, or set other ports in the cluster config (--config).';
  if (/No such image|pull access denied|manifest unknown/i.test(text))
    return 'an image is missing: `minik8s images build` makes the node and pause images.';
  return 'run it again with --verbose for the details.';
}
