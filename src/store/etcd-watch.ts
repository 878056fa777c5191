import type {
  Etcd3,
  IDuplexStream,
  IEvent,
  IRequestOp,
  ITxnResponse,
  IWatchRequest,
  IWatchResponse,
  KVClient,
} from 'etcd3';
import { isCompacted, isFutureRevision, unavailableOr } from './etcd-errors.js';
import { decodeKv, decodeValue, inNamespace, type KeyRange, splitKey } from './etcd-layout.js';
import type { ObjectSelector } from './selector.js';
import { tooOld } from './stored-object.js';
import { type StoredObject, StoreError, type StoreWatch, type StoreWatchEvent } from './types.js';
import { selectedEventType } from './watch-transition.js';

export interface EtcdWatchSpec {
  range: KeyRange;
  resource: string;
  namespace?: string;
  selector: ObjectSelector;
  fromRevision: number;
  /** Keys in the range at fromRevision; unknown when fromRevision is still to come. */
  keysAtStart?: number;
  /** How long etcd may take to confirm the watch before it fails as Unavailable. */
  timeoutMs: number;
}

/** A call to etcd with the store's deadline, its failures in store terms (EtcdStore.call). */
export type EtcdCall = <T>(
  fn: (kv: KVClient, options: Parameters<KVClient['range']>[1]) => Promise<T>,
) => Promise<T>;

const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 2_000;
/** How long a watch tries to get its stream back before it gives up and closes with the error. */
const RECONNECT_WINDOW_MS = 30_000;

type Stream = IDuplexStream<IWatchRequest, IWatchResponse>;

/**
 * Ends a stream we no longer want. Half-closing it first matters: the etcd3 client takes an
 * error on a still-writable stream for a failing member, resets its connections and, after three,
 * refuses every call for five seconds.
 */
function hangUp(stream: Stream): void {
  stream.end();
  stream.cancel();
}

/**
 * One store watch on one etcd watch stream: etcd replays history from fromRevision + 1, then
 * sends live events, in revision order, each with the key's previous state (prev_kv) so that
 * selector transitions become ADDED and DELETED as in the SQLite store. A lost stream is opened
 * again after the last revision seen, so an etcd restart costs a pause, not the watch.
 */
export class EtcdWatch implements StoreWatch {
  /** Every event at or below this revision has been seen. */
  private seen: number;
  /** Keys in the range at `seen`, followed through the events; what progress() compares with. */
  private keys?: number;
  private stream?: Stream;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private unconfirmed?: NodeJS.Timeout;
  private lostAt?: number;
  private delayMs = RECONNECT_FIRST_MS;

  constructor(
    private readonly etcd: { client: Etcd3; call: EtcdCall },
    private readonly spec: EtcdWatchSpec,
    private readonly listener: (ev: StoreWatchEvent) => void,
    private readonly onClose: ((err?: Error) => void) | undefined,
    private readonly onEnd: (w: EtcdWatch) => void,
  ) {
    this.seen = spec.fromRevision;
    this.keys = spec.keysAtStart;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.unconfirmed);
    if (this.stream) hangUp(this.stream);
    this.onEnd(this);
  }

  /**
   * The last revision seen, or the current one when the watched keys are as they were then: as
   * many, and none modified since (one read of etcd). etcd's own progress answers are no such
   * promise: before 3.4.25 and 3.5.8 an answer to a progress request can overtake events still
   * queued for the watch (etcd issue 15220), and periodic notifications need a server flag. A key
   * both created and deleted since is not seen by the read; its two events still follow.
   */
  async progress(): Promise<number> {
    const seen = this.seen;
    const known = this.keys;
    const { key, rangeEnd: range_end } = this.spec.range;
    const reads: IRequestOp[] = [
      { request_range: { key, range_end, count_only: true } },
      { request_range: { key, range_end, min_mod_revision: seen + 1, keys_only: true, limit: 1 } },
    ];
    // A watch from a revision that was still to come learns its count once that revision is past.
    if (known === undefined)
      reads.push({ request_range: { key, range_end, count_only: true, revision: Math.max(seen, 1) } });
    let res: ITxnResponse;
    try {
      res = await this.etcd.call((kv, options) => kv.txn({ success: reads }, options));
    } catch (err) {
      if (isFutureRevision(err) || isCompacted(err)) return this.seen;
      throw err;
    }
    const [now, modified, then] = res.responses.map((r) => r.response_range);
    const before = known ?? Number(then?.count);
    if (this.keys === undefined && this.seen === seen) this.keys = before;
    if (modified?.kvs.length === 0 && Number(now?.count) === before) {
      this.seen = Math.max(this.seen, Number(res.header.revision));
    }
    return this.seen;
  }

  /** Ends the watch for a reason: none when the store closes, an error otherwise. */
  close(err?: Error): void {
    if (this.stopped) return;
    this.stop();
    try {
      this.onClose?.(err);
    } catch {
      // A failing close handler must not break the stream that delivered the reason.
    }
  }

  /**
   * Opens the stream from the revision after the last seen; resolves once etcd created the watch,
   * and fails as Unavailable when etcd does not within the timeout (a member that hangs).
   */
  async start(): Promise<void> {
    let stream: Stream;
    try {
      stream = await this.etcd.client.watchClient.watch();
    } catch (err) {
      throw unavailableOr(err);
    }
    if (this.stopped) {
      hangUp(stream);
      return;
    }
    this.stream = stream;
    await new Promise<void>((resolve, reject) => {
      let created = false;
      const lost = (cause: Error) => {
        // A stream given up on may still report its end, after the next one set its own timer.
        if (stream !== this.stream) return;
        clearTimeout(this.unconfirmed);
        const err = unavailableOr(cause);
        if (!created) reject(err);
        else if (!this.stopped) this.reconnectLater(err);
      };
      this.unconfirmed = setTimeout(
        () =>
          lost(
            new StoreError('Unavailable', `etcd did not confirm a watch within ${this.spec.timeoutMs} ms`),
          ),
        this.spec.timeoutMs,
      );
      stream.on('data', (res: IWatchResponse) => {
        if (stream !== this.stream) return;
        if (res.created && !created) {
          created = true;
          clearTimeout(this.unconfirmed);
          resolve();
        }
        this.receive(res);
      });
      stream.on('error', lost);
      stream.on('end', () => lost(new Error('etcd ended the watch stream')));
      stream.write({
        create_request: {
          key: this.spec.range.key,
          range_end: this.spec.range.rangeEnd,
          start_revision: this.seen + 1,
          prev_kv: true,
        },
      });
    });
    this.lostAt = undefined;
    this.delayMs = RECONNECT_FIRST_MS;
  }

  private reconnectLater(err: Error): void {
    if (this.stream) hangUp(this.stream);
    this.stream = undefined;
    this.lostAt ??= Date.now();
    if (Date.now() - this.lostAt > RECONNECT_WINDOW_MS) {
      this.close(err);
      return;
    }
    this.retry = setTimeout(() => {
      this.start().catch((e: Error) => this.reconnectLater(e));
    }, this.delayMs);
    this.delayMs = Math.min(this.delayMs * 2, RECONNECT_MAX_MS);
  }

  private receive(res: IWatchResponse): void {
    if (res.compact_revision !== '0') {
      this.close(tooOld(this.seen, Number(res.compact_revision)));
      return;
    }
    if (res.canceled) {
      this.close(new Error(`etcd cancelled the watch: ${res.cancel_reason || 'no reason given'}`));
      return;
    }
    for (const ev of res.events) {
      if (this.stopped) return;
      this.countKey(ev);
      this.deliver(ev);
      // progress() may have moved past an event still on its way: a key created and deleted since.
      this.seen = Math.max(this.seen, Number(ev.kv.mod_revision));
    }
  }

  private countKey(ev: IEvent): void {
    if (this.keys === undefined) return;
    if (ev.type === 'Delete') this.keys--;
    else if (ev.kv.create_revision === ev.kv.mod_revision) this.keys++;
  }

  private deliver(ev: IEvent): void {
    const { namespace } = splitKey(this.spec.resource, ev.kv.key);
    if (!inNamespace(this.spec.namespace, namespace)) return;
    const revision = Number(ev.kv.mod_revision);
    const deleted = ev.type === 'Delete';
    const created = !deleted && ev.kv.create_revision === ev.kv.mod_revision;
    if ((deleted || (!created && this.spec.selector.selective)) && !ev.prev_kv) {
      // The state before this change is compacted away: without it the event cannot be told.
      this.close(new StoreError('Expired', `too old resource version: ${this.seen} (history compacted)`));
      return;
    }
    const object: StoredObject = deleted
      ? decodeValue(ev.prev_kv.value, ev.kv.mod_revision)
      : decodeKv(ev.kv);
    let type: StoreWatchEvent['type'] | undefined = deleted ? 'DELETED' : created ? 'ADDED' : 'MODIFIED';
    if (this.spec.selector.selective) {
      const matches = this.spec.selector.matches;
      const was = !created && matches(deleted ? object : decodeKv(ev.prev_kv));
      type = selectedEventType(type, was, !deleted && matches(object));
      if (!type) return;
    }
    try {
      this.listener({ type, object, revision });
    } catch (err) {
      this.close(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
