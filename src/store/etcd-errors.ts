// What etcd's refusals and its client's failures mean to the store.
import { GRPCDeadlineExceededError, GRPCUnavailableError } from 'etcd3';
import { StoreError } from './types.js';

export function isCompacted(err: unknown): boolean {
  return err instanceof Error && err.message.includes('required revision has been compacted');
}

export function isFutureRevision(err: unknown): boolean {
  return err instanceof Error && err.message.includes('required revision is a future revision');
}

/** etcd's answers when it has no leader or no majority: the cluster, not the call, is at fault. */
const CANNOT_SERVE = /etcdserver: (request timed out|no leader|leader changed|too many requests)/;

/**
 * A member that cannot be reached or did not answer in time, or a cluster that cannot serve, as
 * StoreError Unavailable; any other error as it is. The client's circuit breaker, open after
 * repeated failures of a member, is known by its flag: cockatiel is the client's dependency, not ours.
 */
export function unavailableOr<E>(err: E): E | StoreError {
  if (!(err instanceof Error)) return err;
  const unavailable =
    err instanceof GRPCUnavailableError ||
    err instanceof GRPCDeadlineExceededError ||
    'isBrokenCircuitError' in err ||
    CANNOT_SERVE.test(err.message);
  return unavailable ? new StoreError('Unavailable', `etcd is unavailable: ${err.message}`) : err;
}
