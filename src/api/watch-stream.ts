import type { ServerResponse } from 'node:http';
import type { StoreWatch } from '../store/types.js';
import { ApiError, errors } from './errors.js';
import { groupVersion, type KindDef } from './kinds/index.js';
import type { ResourceService } from './service.js';
import type { KubeObject, Status, WatchEvent } from './types.js';

export interface WatchParams {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const BOOKMARK_EVERY_MS = 30_000;
// A watcher this far behind is cut off; it re-lists, as with kine's slow subscribers.
const MAX_BUFFERED = 16 * 1024 * 1024;
const DEFAULT_TIMEOUT_S = 1800;

/** Writes watch events, cutting off a client that falls too far behind. */
function eventWriter(
  res: ServerResponse,
  def: KindDef,
  render: (obj: KubeObject) => unknown,
  stop: () => void,
) {
  const send = (ev: WatchEvent<unknown>) => {
    if (res.writableLength > MAX_BUFFERED) {
      stop();
      res.destroy();
      return;
    }
    res.write(`${JSON.stringify(ev)}\n`);
  };
  return {
    send,
    emit: (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject) => send({ type, object: render(obj) }),
    bookmark: (revision: number, annotations?: Record<string, string>) =>
      send({
        type: 'BOOKMARK',
        object: {
          kind: def.kind,
          apiVersion: groupVersion(def),
          metadata: { resourceVersion: String(revision), ...(annotations ? { annotations } : {}) },
        },
      }),
  };
}

/** The revision to watch from: after the initial list it sends, or the one the client gave. */
async function startRevision(
  svc: ResourceService,
  def: KindDef,
  params: WatchParams,
  out: ReturnType<typeof eventWriter>,
): Promise<number> {
  const rv = params.resourceVersion;
  if (params.sendInitialEvents ?? (!rv || rv === '0')) {
    const list = await svc.list(def, selectorsOf(params));
    for (const item of list.items) out.emit('ADDED', item);
    const from = Number(list.metadata.resourceVersion);
    if (params.sendInitialEvents && params.allowWatchBookmarks)
      out.bookmark(from, { 'k8s.io/initial-events-end': 'true' });
    return from;
  }
  const from = Number(rv);
  if (!Number.isInteger(from) || from < 0) throw errors.badRequest(`invalid resource version: ${rv}`);
  return from;
}

/**
 * What an ERROR event says. The service answers store errors as the API does (410 Expired: list
 * again; 503: watch again later); anything else is the server's fault.
 */
function statusOf(err: unknown): Status {
  if (err instanceof ApiError) return err.status;
  return errors.internal(err instanceof Error ? err.message : String(err)).status;
}

const selectorsOf = (p: WatchParams) => ({
  namespace: p.namespace,
  labelSelector: p.labelSelector,
  fieldSelector: p.fieldSelector,
});

/**
 * Streams a watch as newline-delimited JSON events. `render` turns an object into what the
 * client asked for (the object itself, or a Table row). A watch the store ends ends the stream
 * as Kubernetes does: an ERROR event with a Status when there is a reason, then the end of the
 * response, so that clients resume or list again rather than see a broken connection.
 */
export async function serveWatch(
  svc: ResourceService,
  def: KindDef,
  params: WatchParams,
  res: ServerResponse,
  render: (obj: KubeObject) => unknown,
  contentType: string,
): Promise<void> {
  let watch: StoreWatch | undefined;
  let closed = false;
  let deadline: NodeJS.Timeout | undefined;
  let nextBookmark: NodeJS.Timeout | undefined;
  const stop = () => {
    closed = true;
    watch?.stop();
    watch = undefined;
    clearTimeout(deadline);
    clearTimeout(nextBookmark);
  };
  const out = eventWriter(res, def, render, stop);
  const finish = (err?: Error) => {
    if (closed) return;
    stop();
    if (err) out.send({ type: 'ERROR', object: statusOf(err) });
    res.end();
  };
  res.writeHead(200, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  res.on('close', stop);
  try {
    const fromRevision = await startRevision(svc, def, params, out);
    watch = await svc.watch(
      def,
      { ...selectorsOf(params), fromRevision },
      (ev) => out.emit(ev.type, ev.object as KubeObject),
      finish,
    );
  } catch (err) {
    const status = statusOf(err);
    if (status.code === 410)
      status.message = `too old resource version: ${params.resourceVersion} (${await svc.store.compactedRevision()})`;
    out.send({ type: 'ERROR', object: status });
    res.end();
    return;
  }
  // The client went away while the watch was being set up.
  if (closed || res.destroyed) {
    watch?.stop();
    return;
  }
  // A timer past 2^31-1 ms fires at once; nearly 25 days is as good as never for a watch.
  const timeoutMs = Math.min((params.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000, MAX_TIMER_MS);
  deadline = setTimeout(() => finish(), timeoutMs);
  if (params.allowWatchBookmarks) {
    const bookmark = async () => {
      try {
        const revision = await watch?.progress();
        if (!closed && revision !== undefined) out.bookmark(revision);
      } catch {
        // The store could not tell its progress now (etcd unavailable): this BOOKMARK is skipped.
      }
      if (!closed) nextBookmark = setTimeout(bookmark, BOOKMARK_EVERY_MS);
    };
    nextBookmark = setTimeout(bookmark, BOOKMARK_EVERY_MS);
  }
}
