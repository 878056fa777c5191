/**
 * The dashboard's keys as its help (`?`) lists them, and the footer: the keys of the view in
 * one line that fits 80 columns. j and k move, as in vi, less and k9s; stopping or starting a
 * node is shift-K, asked for first, so a key meant to move never stops a node.
 */
import type { ViewName } from './views.js';
import { wrapWords } from './wrap.js';

export const KEYS: [string, string][] = [
  ['tab, 1-6', 'switch view: 1:nodes 2:workloads 3:pods 4:services 5:events 6:health'],
  ['↑ ↓, j k', 'move (PgUp PgDn, g G: a page, the ends)'],
  ['/', 'filter by name (esc clears)'],
  ['n', 'choose the namespace'],
  ['a', 'all namespaces (again: back to the one chosen)'],
  ['enter', 'describe'],
  ['l', 'follow the logs of a pod (choose the container)'],
  ['s', 'scale a Deployment or StatefulSet: the count shown is selected, digits typed replace it'],
  ['r', 'rollout restart a Deployment, StatefulSet or DaemonSet (asks first)'],
  ['d', 'delete (asks first)'],
  ['K (shift-k)', 'stop or start the node under the cursor, in the nodes view (asks first); k moves up'],
  ['?', 'this help'],
  ['q, ctrl-c', 'quit (q or esc leaves a describe, log or this help)'],
];

/**
 * What each view's footer offers beside help, views and quit: only keys that act there. Health
 * figures are no objects to describe, delete or filter; nodes have no namespace, so the
 * namespace key makes room for the node key.
 */
const VIEW_KEYS: Record<ViewName, string> = {
  nodes: '/:filter ⏎:describe d:delete shift-K:stop/start node',
  workloads: '/:filter n:ns ⏎:describe s:scale r:restart d:delete',
  pods: '/:filter n:ns ⏎:describe l:logs d:delete',
  services: '/:filter n:ns ⏎:describe d:delete',
  events: '/:filter n:ns ⏎:describe d:delete',
  health: '',
};

/** The footer of a describe or log pane, and of a chooser: their own keys. */
export const PAGER_KEYS = '↑↓ j k PgUp PgDn g G:scroll  q esc:back';
export const LOG_KEYS = '↑↓ j k PgUp PgDn g:scroll  G:follow  q esc:back';
export const CHOOSER_KEYS = '↑↓ j k:move  ⏎:choose  esc:cancel';

const KEY_WIDTH = 12;

/** The help's lines at `width` columns: each key, then what it does, wrapped under itself. */
export function helpLines(width: number): [string, string][] {
  const room = Math.max(10, width - KEY_WIDTH);
  return KEYS.flatMap(([key, what]) =>
    wrapWords(what, room).map((c, i): [string, string] => [(i === 0 ? key : '').padEnd(KEY_WIDTH), c]),
  );
}

export const footerKeys = (view: ViewName): string =>
  ['?:help 1-6:view', VIEW_KEYS[view], 'q:quit'].filter(Boolean).join(' ');
