import type { ServerResponse } from 'node:http';
import type { StoreWatch } from '../store/types.js';
import { ApiError, errors } from './errors.js';
import { groupVersion, type KindDef } from './kinds/index.js';
import type { ResourceService } from './service.js';
import type { KubeObject, WatchEvent } from './types.js';

export interface WatchParams {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

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

const selectorsOf = (p: WatchParams) => ({
  namespace: p.namespace,
  labelSelector: p.labelSelector,
  fieldSelector: p.fieldSelector,
});

/**
 * Streams a watch as newline-delimited JSON events. `render` turns an object into what the
 * client asked for (the object itself, or a Table row).
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
  let timers: NodeJS.Timeout[] = [];
  const stop = () => {
    closed = true;
    watch?.stop();
    watch = undefined;
    for (const t of timers) clearTimeout(t);
    timers = [];
  };
  const out = eventWriter(res, def, render, stop);
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
      (err) => {
        stop();
        if (err) res.destroy();
      },
    );
  } catch (err) {
    const status = err instanceof ApiError ? err.status : errors.internal(String(err)).status;
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
  const timeout = (params.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000;
  timers.push(
    setTimeout(() => {
      stop();
      res.end();
    }, timeout),
  );
  if (params.allowWatchBookmarks) {
    const tick = () => {
      watch
        ?.progress()
        .then((revision) => {
          if (!closed) out.bookmark(revision);
        })
        .catch(() => undefined);
      timers.push(setTimeout(tick, BOOKMARK_EVERY_MS));
    };
    timers.push(setTimeout(tick, BOOKMARK_EVERY_MS));
  }
}
