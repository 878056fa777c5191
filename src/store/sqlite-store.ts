import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { type AutoCompactOptions, startAutoCompact } from './auto-compact.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { compileFilter } from './sql-filter.js';
import { alreadyExists, conflict, keyOf, notFound, tooOld, withRevision } from './stored-object.js';
import {
  type ListOptions,
  type ListResult,
  type ResourceRef,
  type Store,
  type StoredObject,
  StoreError,
  type StoreStats,
  type StoreWatch,
  type StoreWatchEvent,
  type WatchOptions,
} from './types.js';
import { selectedEventType } from './watch-transition.js';

export interface StoreOptions {
  /** Periodic compaction, each round followed by a WAL checkpoint; on by default, `false` turns it off. */
  autoCompact?: AutoCompactOptions | false;
  /**
   * Resources whose updates replace the object's previous MODIFIED log row instead of adding
   * one (heartbeats such as leases): watchers still see every update live, history keeps the last.
   */
  coalesce?: ResourceRef[];
  /** How long a writer waits for another connection's write lock (default 5 s). */
  busyTimeoutMs?: number;
}

const ADDED = 0;
const MODIFIED = 1;
const DELETED = 2;
const EVENT_TYPES = ['ADDED', 'MODIFIED', 'DELETED'] as const;

const COMPACT_BATCH = 1000;
const REPLAY_BATCH = 500;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('compacted', 0);
CREATE TABLE IF NOT EXISTS objects (
  grp TEXT NOT NULL,
  resource TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  revision INTEGER NOT NULL,
  labels TEXT,
  value TEXT NOT NULL,
  PRIMARY KEY (grp, resource, namespace, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log (
  revision INTEGER PRIMARY KEY,
  grp TEXT NOT NULL,
  resource TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  type INTEGER NOT NULL,
  value TEXT NOT NULL,
  prev_value TEXT
);
`;

interface LogRow {
  revision: number;
  type: number;
  value: string;
  prev_value: string | null;
}

interface Watcher {
  namespace?: string;
  matches: (obj: StoredObject) => boolean;
  filtered: boolean;
  listener: (ev: StoreWatchEvent) => void;
  onClose?: (err?: Error) => void;
  lastRevision: number;
  replaying: boolean;
}

/** A change as watchers see it: the new state (or last state, for deletes) and the one before. */
interface Change {
  type: number;
  revision: number;
  namespace: string;
  value: () => StoredObject;
  prev: () => StoredObject | undefined;
}

interface TxRunner {
  <T>(fn: () => T): T;
  immediate<T>(fn: () => T): T;
}

function refKey(ref: ResourceRef): string {
  return `${ref.group}/${ref.resource}`;
}

function lazy<T>(make: () => T): () => T {
  let done = false;
  let v: T;
  return () => {
    if (!done) {
      v = make();
      done = true;
    }
    return v;
  };
}

/** Another connection held the write lock past busy_timeout: the call may succeed later. */
function busyAsUnavailable<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if ((err as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new StoreError('Unavailable', `the store is busy: ${(err as Error).message}`);
    }
    throw err;
  }
}

function labelsText(obj: StoredObject): string | null {
  const labels = obj.metadata.labels;
  return labels && Object.keys(labels).length > 0 ? JSON.stringify(labels) : null;
}

/**
 * The SQLite store: a table of current objects for get/list and a log of changes for watch,
 * written in one transaction. The revision is the newest log row's, or the compaction watermark
 * once compaction removed every row: only compaction deletes the newest row, and it records the
 * watermark durably first, so revisions only move forward across restarts without a counter
 * row being rewritten on every write.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly coalesced: Set<string>;
  private readonly listStmts = new Map<string, Database.Statement>();
  private readonly timer?: NodeJS.Timeout;
  private closed = false;
  private countStmt?: Database.Statement<[], { grp: string; resource: string; n: number }>;
  private readonly pending: [ResourceRef, Change][] = [];
  private draining = false;
  /** Runs a callback in a transaction; built once, as wrapping a function per call is costly. */
  private readonly inTx: TxRunner;

  private readonly stmts: {
    revision: Database.Statement<[], { value: number }>;
    getMeta: Database.Statement<[string], { value: number }>;
    setCompacted: Database.Statement<[number]>;
    getObject: Database.Statement<[string, string, string, string], { revision: number; value: string }>;
    insertObject: Database.Statement<[string, string, string, string, number, string | null, string]>;
    updateObject: Database.Statement<[number, string | null, string, string, string, string, string]>;
    deleteObject: Database.Statement<[string, string, string, string]>;
    insertLog: Database.Statement<[number, string, string, string, string, number, string, string | null]>;
    getLog: Database.Statement<[number], { type: number; prev_value: string | null }>;
    deleteLog: Database.Statement<[number]>;
    replay: Database.Statement<[number, string, string], LogRow & { namespace: string }>;
    compactBatch: Database.Statement<[number, number]>;
  };

  constructor(file: string, opts: StoreOptions = {}) {
    this.db = new Database(file);
    this.db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode loses nothing on a process crash: commits are in the WAL file before
    // the call returns; only a power loss can drop the last transactions.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('journal_size_limit = 67108864');
    const tx = this.db.transaction((fn: () => unknown) => fn()) as unknown as TxRunner;
    this.inTx = Object.assign(<T>(fn: () => T) => busyAsUnavailable(() => tx(fn)), {
      immediate: <T>(fn: () => T) => busyAsUnavailable(() => tx.immediate(fn)),
    });
    this.inTx.immediate(() => this.db.exec(SCHEMA));
    this.coalesced = new Set((opts.coalesce ?? []).map(refKey));
    const db = this.db;
    this.stmts = {
      revision: db.prepare(
        "SELECT max(coalesce((SELECT max(revision) FROM log), 0), (SELECT value FROM meta WHERE key = 'compacted')) AS value",
      ),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      setCompacted: db.prepare("UPDATE meta SET value = max(value, ?) WHERE key = 'compacted'"),
      getObject: db.prepare(
        'SELECT revision, value FROM objects WHERE grp = ? AND resource = ? AND namespace = ? AND name = ?',
      ),
      insertObject: db.prepare(
        'INSERT INTO objects (grp, resource, namespace, name, revision, labels, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      updateObject: db.prepare(
        'UPDATE objects SET revision = ?, labels = ?, value = ? WHERE grp = ? AND resource = ? AND namespace = ? AND name = ?',
      ),
      deleteObject: db.prepare(
        'DELETE FROM objects WHERE grp = ? AND resource = ? AND namespace = ? AND name = ?',
      ),
      insertLog: db.prepare(
        'INSERT INTO log (revision, grp, resource, namespace, name, type, value, prev_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      getLog: db.prepare('SELECT type, prev_value FROM log WHERE revision = ?'),
      deleteLog: db.prepare('DELETE FROM log WHERE revision = ?'),
      replay: db.prepare(
        `SELECT revision, namespace, type, value, prev_value FROM log
         WHERE revision > ? AND grp = ? AND resource = ? ORDER BY revision LIMIT ${REPLAY_BATCH}`,
      ),
      compactBatch: db.prepare(
        'DELETE FROM log WHERE revision IN (SELECT revision FROM log WHERE revision <= ? ORDER BY revision LIMIT ?)',
      ),
    };
    this.timer = startAutoCompact(opts.autoCompact, (retain) => this.autoCompact(retain));
  }

  async revision(): Promise<number> {
    return this.currentRevision();
  }

  async compactedRevision(): Promise<number> {
    return this.compactedWatermark();
  }

  async stats(): Promise<StoreStats> {
    this.countStmt ??= this.db.prepare<[], { grp: string; resource: string; n: number }>(
      'SELECT grp, resource, count(*) AS n FROM objects GROUP BY grp, resource',
    );
    const objects = this.countStmt
      .all()
      .map((r) => ({ ref: { group: r.grp, resource: r.resource }, count: r.n }));
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    return { objects, sizeBytes: pages * pageSize };
  }

  async get<T extends StoredObject = StoredObject>(
    ref: ResourceRef,
    namespace: string,
    name: string,
  ): Promise<T | undefined> {
    const row = this.stmts.getObject.get(ref.group, ref.resource, namespace, name);
    return row ? JSON.parse(row.value) : undefined;
  }

  async list(ref: ResourceRef, opts: ListOptions = {}): Promise<ListResult> {
    const filter = compileFilter(opts);
    const token = opts.continue ? decodeContinue(opts.continue) : undefined;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
    const where = ['grp = ?', 'resource = ?', ...filter.where];
    const params: unknown[] = [ref.group, ref.resource, ...filter.params];
    if (opts.namespace !== undefined) {
      where.push('namespace = ?');
      params.push(opts.namespace);
    }
    const sqlWhere = where.join(' AND ');
    // Within one namespace, `name > ?` lets SQLite seek in the primary key; a row-value
    // comparison after `namespace = ?` would scan the namespace from its start on every page.
    const sameNamespace = token !== undefined && token.namespace === opts.namespace;
    const after = !token ? '' : sameNamespace ? ' AND name > ?' : ' AND (namespace, name) > (?, ?)';
    const afterParams = !token ? [] : sameNamespace ? [token.name] : [token.namespace, token.name];
    // Without a check outside SQL, SQL can stop one row past the page.
    const sqlLimit = limit !== undefined && !filter.rest ? ` LIMIT ${limit + 1}` : '';
    return this.inTx((): ListResult => {
      const revision = token?.revision ?? this.currentRevision();
      const rows = this.prepared(
        `SELECT namespace, name, value FROM objects WHERE ${sqlWhere}${after} ORDER BY namespace, name${sqlLimit}`,
      ).iterate(...params, ...afterParams) as IterableIterator<{
        namespace: string;
        name: string;
        value: string;
      }>;
      const items: StoredObject[] = [];
      let last: { namespace: string; name: string } | undefined;
      let more = false;
      for (const row of rows) {
        const obj = JSON.parse(row.value) as StoredObject;
        if (filter.rest && !filter.rest(obj)) continue;
        if (limit !== undefined && items.length === limit) {
          more = true;
          break;
        }
        items.push(obj);
        last = row;
      }
      if (!more || !last) return { items, revision };
      const result: ListResult = {
        items,
        revision,
        continue: encodeContinue({ revision, namespace: last.namespace, name: last.name }),
      };
      if (!filter.rest) {
        const count = this.prepared(
          `SELECT count(*) AS n FROM objects WHERE ${sqlWhere} AND namespace = ? AND name > ?`,
        ).get(...params, last.namespace, last.name) as { n: number };
        const later = this.prepared(
          `SELECT count(*) AS n FROM objects WHERE ${sqlWhere} AND namespace > ?`,
        ).get(...params, last.namespace) as { n: number };
        result.remainingItemCount = count.n + later.n;
      }
      return result;
    });
  }

  async create<T extends StoredObject>(ref: ResourceRef, obj: T): Promise<T> {
    const { namespace, name } = keyOf(obj);
    const s = this.stmts;
    const written = this.inTx.immediate(() => {
      if (s.getObject.get(ref.group, ref.resource, namespace, name)) {
        throw alreadyExists(ref, name);
      }
      const revision = this.currentRevision() + 1;
      const stored = withRevision(obj, revision);
      const text = JSON.stringify(stored);
      s.insertObject.run(ref.group, ref.resource, namespace, name, revision, labelsText(stored), text);
      s.insertLog.run(revision, ref.group, ref.resource, namespace, name, ADDED, text, null);
      return { stored, text, revision };
    });
    const { stored, text, revision } = written;
    this.notify(ref, {
      type: ADDED,
      revision,
      namespace,
      value: lazy(() => JSON.parse(text)),
      prev: () => undefined,
    });
    return stored as T;
  }

  async update<T extends StoredObject>(
    ref: ResourceRef,
    obj: T,
    opts: { expectedRevision?: number } = {},
  ): Promise<T> {
    const { namespace, name } = keyOf(obj);
    const s = this.stmts;
    const coalesce = this.coalesced.has(refKey(ref));
    const written = this.inTx.immediate(() => {
      const current = this.current(ref, namespace, name, opts.expectedRevision);
      const revision = this.currentRevision() + 1;
      const stored = withRevision(obj, revision);
      const text = JSON.stringify(stored);
      s.updateObject.run(revision, labelsText(stored), text, ref.group, ref.resource, namespace, name);
      // A coalesced row replaces the previous MODIFIED row and so takes over its prior state.
      let logPrev = current.value;
      if (coalesce) {
        const previous = s.getLog.get(current.revision);
        if (previous?.type === MODIFIED) {
          s.deleteLog.run(current.revision);
          logPrev = previous.prev_value ?? current.value;
        }
      }
      s.insertLog.run(revision, ref.group, ref.resource, namespace, name, MODIFIED, text, logPrev);
      return { stored, text, prevText: current.value, revision };
    });
    const { stored, text, prevText, revision } = written;
    this.notify(ref, {
      type: MODIFIED,
      revision,
      namespace,
      value: lazy(() => JSON.parse(text)),
      prev: lazy(() => JSON.parse(prevText)),
    });
    return stored as T;
  }

  async delete<T extends StoredObject = StoredObject>(
    ref: ResourceRef,
    namespace: string,
    name: string,
    opts: { expectedRevision?: number } = {},
  ): Promise<T> {
    const s = this.stmts;
    const written = this.inTx.immediate(() => {
      const current = this.current(ref, namespace, name, opts.expectedRevision);
      const revision = this.currentRevision() + 1;
      const last = withRevision(JSON.parse(current.value), revision);
      const text = JSON.stringify(last);
      s.deleteObject.run(ref.group, ref.resource, namespace, name);
      s.insertLog.run(revision, ref.group, ref.resource, namespace, name, DELETED, text, null);
      return { last, text, revision };
    });
    const { last, text, revision } = written;
    const value = lazy(() => JSON.parse(text));
    this.notify(ref, { type: DELETED, revision, namespace, value, prev: value });
    return last as T;
  }

  async watch(
    ref: ResourceRef,
    opts: WatchOptions,
    listener: (ev: StoreWatchEvent) => void,
    onClose?: (err?: Error) => void,
  ): Promise<StoreWatch> {
    const filter = compileFilter(opts);
    const compacted = this.compactedWatermark();
    if (opts.fromRevision < compacted) {
      throw tooOld(opts.fromRevision, compacted);
    }
    const w: Watcher = {
      namespace: opts.namespace,
      matches: filter.matches,
      filtered: filter.selective,
      listener,
      onClose,
      lastRevision: opts.fromRevision,
      replaying: true,
    };
    const key = refKey(ref);
    let set = this.watchers.get(key);
    if (!set) {
      set = new Set();
      this.watchers.set(key, set);
    }
    set.add(w);
    // Delivery is synchronous with each commit: a watcher has seen everything committed so far.
    const stop: StoreWatch = {
      stop: () => this.watchers.get(key)?.delete(w),
      progress: async () => this.currentRevision(),
    };
    // Writes made by the listener during replay land in the log and are read by a later batch,
    // so replay continues until a batch comes back empty, and only then do live events flow.
    for (;;) {
      const rows = this.stmts.replay.all(w.lastRevision, ref.group, ref.resource);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!set.has(w)) return stop;
        const value = lazy(() => JSON.parse(row.value));
        this.deliver(set, w, {
          type: row.type,
          revision: row.revision,
          namespace: row.namespace,
          value,
          // A tombstone holds the last state, which is what a selector saw before the delete.
          prev:
            row.type === DELETED
              ? value
              : lazy(() => (row.prev_value === null ? undefined : JSON.parse(row.prev_value))),
        });
        w.lastRevision = row.revision;
      }
    }
    w.replaying = false;
    return stop;
  }

  async compact(revision: number): Promise<void> {
    const target = Math.min(revision, this.currentRevision());
    if (target <= this.compactedWatermark()) return;
    this.inTx.immediate(() => this.stmts.setCompacted.run(target));
    // Small batches keep each write transaction short, and the event loop turns between them: a
    // writer of this process, which shares the one connection, waits for one batch, not all.
    for (;;) {
      const { changes } = this.inTx.immediate(() => this.stmts.compactBatch.run(target, COMPACT_BATCH));
      if (changes < COMPACT_BATCH) break;
      await nextTurn();
      if (this.closed) return;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const set of this.watchers.values()) {
      for (const w of set) safeClose(w);
    }
    this.watchers.clear();
    this.db.close();
  }

  private currentRevision(): number {
    return this.stmts.revision.get()!.value;
  }

  private compactedWatermark(): number {
    return this.stmts.getMeta.get('compacted')!.value;
  }

  /** List queries vary with the options given; there are few shapes, so each is prepared once. */
  private prepared(sql: string): Database.Statement {
    let stmt = this.listStmts.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.listStmts.set(sql, stmt);
    }
    return stmt;
  }

  private async autoCompact(retain: number): Promise<void> {
    if (this.closed) return;
    const target = this.currentRevision() - retain;
    if (target > 0) await this.compact(target);
    if (this.closed) return;
    // TRUNCATE resets the WAL file to zero bytes once every reader has moved past it.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  private current(
    ref: ResourceRef,
    namespace: string,
    name: string,
    expectedRevision: number | undefined,
  ): { revision: number; value: string } {
    const row = this.stmts.getObject.get(ref.group, ref.resource, namespace, name);
    if (!row) throw notFound(ref, name);
    if (expectedRevision !== undefined && expectedRevision !== row.revision) throw conflict();
    return row;
  }

  /**
   * Delivers a committed change to live watchers. A listener may write to the store; its change
   * waits in the queue until every watcher has seen this one, so all see revisions in order.
   */
  private notify(ref: ResourceRef, change: Change): void {
    if (!this.watchers.has(refKey(ref))) return;
    this.pending.push([ref, change]);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        const [r, c] = next;
        const set = this.watchers.get(refKey(r));
        if (!set) continue;
        for (const w of set) {
          if (!w.replaying && c.revision > w.lastRevision) {
            this.deliver(set, w, c);
            w.lastRevision = c.revision;
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Turns a change into the event this watcher sees, if any: selector transitions become ADDED/DELETED. */
  private deliver(set: Set<Watcher>, w: Watcher, change: Change): void {
    if (w.namespace !== undefined && w.namespace !== change.namespace) return;
    let type: StoreWatchEvent['type'] | undefined = EVENT_TYPES[change.type]!;
    if (w.filtered) {
      const prev = change.prev();
      const was = prev !== undefined && w.matches(prev);
      const is = change.type !== DELETED && w.matches(change.value());
      type = selectedEventType(type, was, is);
      if (!type) return;
    }
    try {
      w.listener({ type, object: change.value(), revision: change.revision });
    } catch (err) {
      set.delete(w);
      safeClose(w, err instanceof Error ? err : new Error(String(err)));
    }
  }
}

function safeClose(w: Watcher, err?: Error): void {
  try {
    w.onClose?.(err);
  } catch {
    // A failing close handler must not break the write that triggered it.
  }
}

export function openStore(file: string, opts?: StoreOptions): Store {
  return new SqliteStore(file, opts);
}
