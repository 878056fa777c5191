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
  const send = (ev: WatchEvent<unknown>) => {
    if (res.writableLength > MAX_BUFFERED) {
      stop();
      res.destroy();
      return;
    }
    res.write(`${JSON.stringify(ev)}\n`);
  };
  const emit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject) => {
    send({ type, object: render(obj) });
  };
  const bookmark = (revision: number, annotations?: Record<string, string>) =>
    send({
      type: 'BOOKMARK',
      object: {
        kind: def.kind,
        apiVersion: groupVersion(def),
        metadata: { resourceVersion: String(revision), ...(annotations ? { annotations } : {}) },
      },
    });

  res.writeHead(200, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  const selectors = {
    namespace: params.namespace,
    labelSelector: params.labelSelector,
    fieldSelector: params.fieldSelector,
  };
  let from: number;
  const rv = params.resourceVersion;
  const initial = params.sendInitialEvents ?? (!rv || rv === '0');
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
  res.on('close', stop);
  try {
    if (initial) {
      const list = await svc.list(def, selectors);
      for (const item of list.items) emit('ADDED', item);
      from = Number(list.metadata.resourceVersion);
      if (params.sendInitialEvents && params.allowWatchBookmarks)
        bookmark(from, { 'k8s.io/initial-events-end': 'true' });
    } else {
      from = Number(rv);
      if (!Number.isInteger(from) || from < 0) throw errors.badRequest(`invalid resource version: ${rv}`);
    }
    watch = await svc.watch(
      def,
      { ...selectors, fromRevision: from },
      (ev) => emit(ev.type, ev.object as KubeObject),
      (err) => {
        stop();
        if (err) res.destroy();
      },
    );
  } catch (err) {
    const status = err instanceof ApiError ? err.status : errors.internal(String(err)).status;
    if (status.code === 410)
      status.message = `too old resource version: ${rv} (${await svc.store.compactedRevision()})`;
    send({ type: 'ERROR', object: status });
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
          if (!closed) bookmark(revision);
        })
        .catch(() => undefined);
      timers.push(setTimeout(tick, BOOKMARK_EVERY_MS));
    };
    timers.push(setTimeout(tick, BOOKMARK_EVERY_MS));
  }
}
