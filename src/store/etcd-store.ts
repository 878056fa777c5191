import {
  Etcd3,
  type ICompare,
  type IKeyValue,
  type IRangeRequest,
  type IRangeResponse,
  type KVClient,
} from 'etcd3';
import { type AutoCompactOptions, startAutoCompact } from './auto-compact.js';
import { badContinue, decodeContinue, encodeContinue } from './continue-token.js';
import { isCompacted, isFutureRevision, unavailableOr } from './etcd-errors.js';
import {
  decodeKv,
  decodeValue,
  encodeValue,
  inNamespace,
  type KeyRange,
  keyAfter,
  namespaceRange,
  objectKey,
  prefixRange,
  resourcePrefix,
  splitKey,
} from './etcd-layout.js';
import { EtcdWatch } from './etcd-watch.js';
import { type ObjectSelector, parseObjectSelector } from './selector.js';
import { alreadyExists, conflict, keyOf, notFound, tooOld, withRevision } from './stored-object.js';
import {
  type ListOptions,
  type ListResult,
  type ResourceRef,
  type Store,
  type StoredObject,
  StoreError,
  type StoreWatch,
  type StoreWatchEvent,
  type WatchOptions,
} from './types.js';

export interface EtcdStoreOptions {
  /** Client URLs of the members: `http://host:2379`, or `https://` with `tls`. */
  endpoints: string[];
  /** Put before every key, e.g. `/minik8s/dev`: each cluster its own, when several share one etcd. */
  prefix?: string;
  /** PEM contents: the CA that signed the members' certificates, and a client certificate and key. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** Periodic compaction through etcd's compact; on by default, `false` turns it off. */
  autoCompact?: AutoCompactOptions | false;
  /**
   * How long etcd may take to answer a call, or to confirm a new watch, before the store gives
   * up with StoreError Unavailable (default 30 s).
   */
  timeoutMs?: number;
}

/** Keys read per request when a list has no limit: bounds each response, not the list. */
const LIST_BATCH = 1000;
/** A call that takes longer has lost its member; a watch stream has no deadline once etcd created it. */
const CALL_TIMEOUT_MS = 30_000;
const OPEN_TIMEOUT_MS = 10_000;

const CONTINUE_TOO_OLD =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

/** Without a CA, https endpoints are checked against the system's roots (no client certificate). */
function credentials(tls: EtcdStoreOptions['tls']) {
  if (!tls?.ca) {
    if (tls?.cert || tls?.key) throw new Error('etcd: a client certificate needs the CA file too');
    return undefined;
  }
  return { rootCertificate: tls.ca, privateKey: tls.key, certChain: tls.cert };
}

type CallOptions = Parameters<KVClient['range']>[1];

/** One page of a list: where it starts, what it selects, and the revision it reads at, if fixed. */
interface PageQuery {
  resource: string;
  range: KeyRange;
  namespace?: string;
  selector: ObjectSelector;
  limit?: number;
  revision?: number;
}

interface Page {
  items: StoredObject[];
  last?: { namespace: string; name: string };
  more: boolean;
  revision: number;
  /** Keys from the page's first key to the end of the range, when one request read the page. */
  count?: number;
}

/**
 * The store on etcd v3: each object is one key (see etcd-layout.ts), its mod_revision is the
 * resourceVersion, and writes are transactions comparing the key's revisions, so racing writers
 * get AlreadyExists, NotFound or Conflict from etcd itself. Lists read at one revision, pages
 * included; watches are etcd watches (etcd-watch.ts). Nothing but the objects is written: etcd
 * keeps the history and the compaction revision.
 */
export class EtcdStore implements Store {
  private readonly client: Etcd3;
  private readonly prefix: string;
  private readonly watches = new Set<EtcdWatch>();
  private readonly timer?: NodeJS.Timeout;
  private readonly timeoutMs: number;
  /** A revision etcd is known to be compacted to: where the search for the current one starts. */
  private knownCompacted = 0;
  private closed = false;

  constructor(opts: EtcdStoreOptions) {
    this.prefix = (opts.prefix ?? '').replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? CALL_TIMEOUT_MS;
    this.client = new Etcd3({
      hosts: opts.endpoints,
      credentials: credentials(opts.tls),
      // A list of many large objects is one response; gRPC's 4 MB default would refuse it.
      grpcOptions: { 'grpc.max_receive_message_length': -1 },
    });
    this.timer = startAutoCompact(opts.autoCompact, (retain) => this.autoCompact(retain));
  }

  async revision(timeoutMs = this.timeoutMs): Promise<number> {
    const res = await this.call(
      (kv, options) => kv.range({ key: Buffer.from(`${this.prefix}/registry/`), count_only: true }, options),
      timeoutMs,
    );
    return Number(res.header.revision);
  }

  /**
   * etcd does not tell its compaction revision, but a read at a revision below it fails: the
   * answer is the lowest readable revision, searched from the last one known.
   */
  async compactedRevision(): Promise<number> {
    let low = Math.max(this.knownCompacted, 1);
    // Revision 1 is the empty state etcd starts at: compacted to it, nothing is lost.
    if (await this.readableAt(low)) return low === 1 ? 0 : low;
    let high = await this.revision();
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await this.readableAt(mid)) high = mid;
      else low = mid;
    }
    this.knownCompacted = Math.max(this.knownCompacted, high);
    return high;
  }

  async compact(revision: number): Promise<void> {
    const target = Math.min(revision, await this.revision());
    if (target <= this.knownCompacted) return;
    try {
      await this.call((kv, options) => kv.compact({ revision: target }, options));
    } catch (err) {
      // Another client (or etcd's own --auto-compaction) got there first.
      if (!isCompacted(err)) throw err;
    }
    this.knownCompacted = target;
  }

  async get<T extends StoredObject = StoredObject>(
    ref: ResourceRef,
    namespace: string,
    name: string,
  ): Promise<T | undefined> {
    const res = await this.call((kv, options) => kv.range({ key: this.key(ref, namespace, name) }, options));
    const kv = res.kvs[0];
    return kv ? decodeKv<T>(kv) : undefined;
  }

  async create<T extends StoredObject>(ref: ResourceRef, obj: T): Promise<T> {
    const { namespace, name } = keyOf(obj);
    const key = this.key(ref, namespace, name);
    const res = await this.call((kv, options) =>
      kv.txn(
        {
          compare: [{ key, target: 'Create', result: 'Equal', create_revision: 0 }],
          success: [{ request_put: { key, value: encodeValue(obj) } }],
        },
        options,
      ),
    );
    if (!res.succeeded) throw alreadyExists(ref, name);
    return withRevision(obj, Number(res.header.revision));
  }

  async update<T extends StoredObject>(
    ref: ResourceRef,
    obj: T,
    opts: { expectedRevision?: number } = {},
  ): Promise<T> {
    const { namespace, name } = keyOf(obj);
    const key = this.key(ref, namespace, name);
    const res = await this.call((kv, options) =>
      kv.txn(
        {
          compare: [this.exists(key, opts.expectedRevision)],
          success: [{ request_put: { key, value: encodeValue(obj) } }],
          failure: [{ request_range: { key, count_only: true } }],
        },
        options,
      ),
    );
    if (!res.succeeded) throw this.refusal(ref, name, res.responses[0]?.response_range);
    return withRevision(obj, Number(res.header.revision));
  }

  async delete<T extends StoredObject = StoredObject>(
    ref: ResourceRef,
    namespace: string,
    name: string,
    opts: { expectedRevision?: number } = {},
  ): Promise<T> {
    const key = this.key(ref, namespace, name);
    const res = await this.call((kv, options) =>
      kv.txn(
        {
          compare: [this.exists(key, opts.expectedRevision)],
          success: [{ request_delete_range: { key, prev_kv: true } }],
          failure: [{ request_range: { key, count_only: true } }],
        },
        options,
      ),
    );
    if (!res.succeeded) throw this.refusal(ref, name, res.responses[0]?.response_range);
    const last = res.responses[0]!.response_delete_range.prev_kvs[0]!;
    return decodeValue<T>(last.value, res.header.revision);
  }

  async list(ref: ResourceRef, opts: ListOptions = {}): Promise<ListResult> {
    const selector = parseObjectSelector(opts);
    const token = opts.continue ? decodeContinue(opts.continue) : undefined;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
    const resource = resourcePrefix(this.prefix, ref);
    const range = namespaceRange(resource, opts.namespace);
    const start = token ? keyAfter(objectKey(resource, token.namespace, token.name)) : range.key;
    const page = await this.readPage({
      resource,
      range: { ...range, key: start },
      namespace: opts.namespace,
      selector,
      limit,
      revision: token?.revision,
    });
    const { items, revision, last } = page;
    if (!page.more || !last) return { items, revision };
    const result: ListResult = {
      items,
      revision,
      continue: encodeContinue({ revision, namespace: last.namespace, name: last.name }),
    };
    if (page.count !== undefined) result.remainingItemCount = page.count - items.length;
    return result;
  }

  async watch(
    ref: ResourceRef,
    opts: WatchOptions,
    listener: (ev: StoreWatchEvent) => void,
    onClose?: (err?: Error) => void,
  ): Promise<StoreWatch> {
    const selector = parseObjectSelector(opts);
    const resource = resourcePrefix(this.prefix, ref);
    const range = namespaceRange(resource, opts.namespace);
    const w = new EtcdWatch(
      { client: this.client, call: (fn) => this.call(fn) },
      {
        range,
        resource,
        namespace: opts.namespace,
        selector,
        fromRevision: opts.fromRevision,
        keysAtStart: await this.keysAt(range, opts.fromRevision),
        timeoutMs: this.timeoutMs,
      },
      listener,
      onClose,
      (ended) => this.watches.delete(ended),
    );
    this.watches.add(w);
    try {
      await w.start();
    } catch (err) {
      w.stop();
      throw err;
    }
    return w;
  }

  /** Deletes every object of this store: what `minik8s down` does to a cluster kept in etcd. */
  async deleteAll(): Promise<void> {
    const { key, rangeEnd } = prefixRange(`${this.prefix}/registry/`);
    await this.call((kv, options) => kv.deleteRange({ key, range_end: rangeEnd }, options));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const w of [...this.watches]) w.close();
    this.client.close();
  }

  private key(ref: ResourceRef, namespace: string, name: string): Buffer {
    return objectKey(resourcePrefix(this.prefix, ref), namespace, name);
  }

  /** The comparison a write to an existing object makes: it exists, at the expected revision if given. */
  private exists(key: Buffer, expectedRevision: number | undefined): ICompare {
    return expectedRevision === undefined
      ? { key, target: 'Create', result: 'Greater', create_revision: 0 }
      : { key, target: 'Mod', result: 'Equal', mod_revision: expectedRevision };
  }

  /** Why a write's comparison failed, from the count of the key read in the same transaction. */
  private refusal(ref: ResourceRef, name: string, current: IRangeResponse | undefined): StoreError {
    return current && current.count !== '0' ? conflict() : notFound(ref, name);
  }

  /**
   * One call to etcd, with one deadline for all of the client's attempts (it retries a failed
   * call on another member), and a member that cannot answer as StoreError Unavailable.
   */
  private async call<T>(
    fn: (kv: KVClient, options: CallOptions) => Promise<T>,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    try {
      return await fn(this.client.kv, { deadline: Date.now() + timeoutMs });
    } catch (err) {
      throw unavailableOr(err);
    }
  }

  /**
   * How many keys the range had at a revision: undefined for a revision still to come. etcd tells
   * a watch that it starts before the compaction only after creating it; the contract rejects
   * the call itself, so a compacted revision answers Expired here.
   */
  private async keysAt(range: KeyRange, revision: number): Promise<number | undefined> {
    try {
      const res = await this.call((kv, options) =>
        kv.range(
          { key: range.key, range_end: range.rangeEnd, revision: Math.max(revision, 1), count_only: true },
          options,
        ),
      );
      return Number(res.count);
    } catch (err) {
      if (isCompacted(err)) throw tooOld(revision, await this.compactedRevision());
      if (isFutureRevision(err)) return undefined;
      throw err;
    }
  }

  private async readableAt(revision: number): Promise<boolean> {
    try {
      await this.call((kv, options) =>
        kv.range({ key: Buffer.from(`${this.prefix}/registry/`), revision, count_only: true }, options),
      );
      return true;
    } catch (err) {
      if (isCompacted(err)) return false;
      if (isFutureRevision(err)) return true;
      throw err;
    }
  }

  /** A range read of a list page, with etcd's refusals of the page's revision in store terms. */
  private async range(req: IRangeRequest, continued: boolean): Promise<IRangeResponse> {
    try {
      return await this.call((kv, options) => kv.range(req, options));
    } catch (err) {
      if (isCompacted(err)) {
        throw new StoreError(
          'Expired',
          continued ? CONTINUE_TOO_OLD : `too old resource version: ${req.revision}`,
        );
      }
      if (continued && isFutureRevision(err)) throw badContinue();
      throw err;
    }
  }

  /**
   * Reads the range at one revision until the page has `limit` matching objects and one more
   * is known to exist, or the range ends. Without a selector, one request reads a page whose
   * limit is given, and its count tells how many objects remain.
   */
  private async readPage(q: PageQuery): Promise<Page> {
    const filtered = q.selector.selective || q.namespace === '';
    const batch = q.limit !== undefined ? q.limit + 1 : LIST_BATCH;
    const page: Page = { items: [], more: false, revision: q.revision ?? 0 };
    let key = q.range.key;
    for (let first = true; ; first = false) {
      const res = await this.range(
        { key, range_end: q.range.rangeEnd, limit: batch, revision: page.revision },
        q.revision !== undefined,
      );
      if (first) {
        page.revision = q.revision ?? Number(res.header.revision);
        if (!filtered) page.count = Number(res.count);
      }
      if (this.take(page, res.kvs, q)) return page;
      if (!res.more || res.kvs.length === 0) return page;
      key = keyAfter(res.kvs[res.kvs.length - 1]!.key);
    }
  }

  /** Adds the matching objects to the page; true once one past the limit was found. */
  private take(page: Page, kvs: IKeyValue[], q: PageQuery): boolean {
    for (const kv of kvs) {
      const where = splitKey(q.resource, kv.key);
      if (!inNamespace(q.namespace, where.namespace)) continue;
      const obj = decodeKv(kv);
      if (q.selector.selective && !q.selector.matches(obj)) continue;
      if (page.items.length === q.limit) {
        page.more = true;
        return true;
      }
      page.items.push(obj);
      page.last = where;
    }
    return false;
  }

  private async autoCompact(retain: number): Promise<void> {
    if (this.closed) return;
    const target = (await this.revision()) - retain;
    if (target > 0) await this.compact(target);
  }
}

/** Opens the store and waits until etcd answers, so that a wrong endpoint fails here and says so. */
export async function openEtcdStore(opts: EtcdStoreOptions, timeoutMs = OPEN_TIMEOUT_MS): Promise<EtcdStore> {
  const store: EtcdStore = new EtcdStore(opts);
  try {
    await store.revision(timeoutMs);
  } catch (err) {
    await store.close();
    throw new Error(`etcd at ${opts.endpoints.join(',')} does not answer: ${(err as Error).message}`);
  }
  return store;
}
