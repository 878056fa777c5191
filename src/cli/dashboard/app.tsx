import { Box, type Key, useApp, useInput, useStdout } from 'ink';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Client, WatchHandle } from '../../client/client.js';
import { errorLine } from '../error-line.js';
import {
  canLog,
  cannotRestart,
  cannotScale,
  canRestart,
  canScale,
  containersOf,
  describeLines,
  followLog,
  nameOf,
  nodeIsUp,
  remove,
  rolloutRestart,
  scale,
  stopOrStartNode,
} from './actions.js';
import type { ClusterWatch } from './cluster-watch.js';
import { headerText, lineText, Row, tableCells, tabsText } from './frame.js';
import { CHOOSER_KEYS, footerKeys, helpLines, LOG_KEYS, PAGER_KEYS } from './keys.js';
import { type Cell, fitColumns } from './table.js';
import { buildView, type RowTarget, VIEW_SOURCES, VIEWS, type View, type ViewName } from './views.js';
import { wrapWords } from './wrap.js';

export interface DashboardProps {
  watch: ClusterWatch;
  client: Client;
  context: string;
  /** The minik8s cluster the context is of, when it is one (node stop/start need it). */
  cluster?: string;
  /** The namespace shown first; undefined: every namespace. */
  namespace?: string;
  ingressPort?: number;
  /** How often ages and other clock-driven cells are redrawn. */
  tickMs?: number;
}

type Mode =
  | { kind: 'table' }
  | { kind: 'help' }
  | { kind: 'filter' }
  | { kind: 'namespaces'; cursor: number }
  | { kind: 'containers'; target: RowTarget; choices: string[]; cursor: number }
  | { kind: 'confirm'; question: string; run: () => Promise<string> }
  /** `selected`: the count shown is the current one, which the first digit typed replaces. */
  | { kind: 'scale'; target: RowTarget; current: number; input: string; selected: boolean }
  /** `keys`: the pane's own, in its footer. */
  | { kind: 'pager'; title: string; lines: string[]; top: number; follow: boolean; keys: string };

const MAX_LOG_LINES = 5000;
/** A message longer than the terminal is wide wraps onto this many lines at most. */
const MAX_MESSAGE_LINES = 3;

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  });
  return size;
}

interface UiState {
  view: ViewName;
  /** undefined: every namespace. */
  namespace?: string;
  /** The namespace `a` goes back to. */
  chosenNamespace: string;
  filter: string;
  mode: Mode;
  message?: Cell;
}

export function Dashboard(props: DashboardProps) {
  const { watch, client } = props;
  const { exit } = useApp();
  const { columns: width, rows: height } = useTerminalSize();
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  // Keys come in bursts (typing, pasting) faster than renders: each key must see the last one's
  // effect, so the state is a ref changed in place, and a change asks for a render.
  const ui = useRef<UiState>({
    view: 'pods',
    namespace: props.namespace,
    chosenNamespace: props.namespace ?? 'default',
    filter: '',
    mode: { kind: 'table' },
  });
  const set = (patch: Partial<UiState>) => {
    Object.assign(ui.current, patch);
    redraw();
  };
  const selected = useRef(new Map<ViewName, { key?: string; index: number }>());
  const offsets = useRef(new Map<ViewName, number>());
  const log = useRef<WatchHandle | undefined>(undefined);
  const onKey = useRef<(input: string, key: Key) => void>(() => undefined);
  const memo = useRef<{ key: string; view: View }>(undefined);
  const { view, namespace, filter, mode } = ui.current;

  useEffect(() => watch.subscribe(redraw), [watch]);
  useEffect(() => watch.wantMetrics(view === 'health'), [watch, view]);
  useEffect(() => () => log.current?.stop(), []);

  const lineWidth = Math.max(20, width - 1);
  const footer = footerLines(ui.current, lineWidth);
  const bodyHeight = Math.max(1, height - 4 - footer.length);
  /** The rows of the current view and the one under the cursor, as they are now. */
  const locate = () => {
    const s = ui.current;
    // Clock ticks redraw without a change: the sorted, filtered rows are kept until one comes.
    const memoKey = `${s.view}|${s.namespace ?? ''}|${s.filter}|${watch.generationOf(VIEW_SOURCES[s.view])}`;
    if (memo.current?.key !== memoKey)
      memo.current = {
        key: memoKey,
        view: buildView(s.view, watch, {
          namespace: s.namespace,
          filter: s.filter,
          ingressPort: props.ingressPort,
        }),
      };
    const built = memo.current.view;
    const sel = selected.current.get(s.view);
    let cursor = sel?.key ? built.rows.findIndex((r) => r.key === sel.key) : -1;
    if (cursor < 0)
      cursor = sel ? Math.min(sel.index, built.rows.length - 1) : built.tail ? built.rows.length - 1 : 0;
    cursor = Math.max(0, cursor);
    return { built, cursor, current: built.rows[cursor]?.target };
  };
  const { built, cursor } = locate();
  // Ages are redrawn with the clock; a view without them waits for its sources to change.
  useEffect(() => {
    if (built.still) return;
    const t = setInterval(redraw, props.tickMs ?? 2000);
    return () => clearInterval(t);
  }, [props.tickMs, built.still]);
  let offset = offsets.current.get(view) ?? 0;
  if (cursor < offset) offset = cursor;
  if (cursor >= offset + bodyHeight) offset = cursor - bodyHeight + 1;
  offset = Math.max(0, Math.min(offset, Math.max(0, built.rows.length - bodyHeight)));
  offsets.current.set(view, offset);

  const say = (text: string, color?: string) => set({ message: { text, color } });
  const act = (run: () => Promise<string>) => {
    say('…');
    run().then(
      (text) => say(text, 'green'),
      (err) => say(errorLine(err as Error), 'red'),
    );
  };

  const openPager = (title: string, lines: string[], follow: boolean) =>
    set({
      mode: {
        kind: 'pager',
        title,
        lines,
        top: follow ? Math.max(0, lines.length - bodyHeight) : 0,
        follow,
        keys: follow ? LOG_KEYS : PAGER_KEYS,
      },
      message: undefined,
    });

  const startLog = (target: RowTarget, container: string) => {
    const lines: string[] = [];
    const title = `logs ${target.namespace}/${target.name} -c ${container}`;
    openPager(`${title} (following)`, lines, true);
    let flushing = false;
    log.current = followLog(client, target, container, (line) => {
      lines.push(line);
      if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
      if (flushing) return;
      flushing = true;
      setTimeout(() => {
        flushing = false;
        const m = ui.current.mode;
        if (m.kind === 'pager' && m.lines === lines && m.follow)
          m.top = Math.max(0, lines.length - bodyHeight);
        redraw();
      }, 100);
    });
    // As `kubectl logs -f`, the stream ends when the container does (its pod deleted): the pane
    // says so. Leaving the pane ends it too, with nothing left to tell.
    const ended = (why?: Cell) => {
      const m = ui.current.mode;
      if (m.kind === 'pager' && m.lines === lines)
        set({ mode: { ...m, title: `${title} (stream ended)`, keys: PAGER_KEYS }, message: why });
    };
    log.current.done.then(
      () => ended(),
      (err) => ended({ text: errorLine(err as Error), color: 'red' }),
    );
  };

  const closePager = () => {
    log.current?.stop();
    log.current = undefined;
    set({ mode: { kind: 'table' }, message: undefined });
  };

  const namespaces = () => [
    '(all namespaces)',
    ...watch
      .informer('namespaces')
      .list()
      .map((n) => n.metadata.name ?? '')
      .sort(),
  ];

  const tableKey = (input: string, key: Key) => {
    const s = ui.current;
    const { built, cursor, current } = locate();
    const moveTo = (index: number) => {
      const i = Math.max(0, Math.min(index, built.rows.length - 1));
      const atEnd = built.tail && i === built.rows.length - 1;
      selected.current.set(s.view, { key: atEnd ? undefined : built.rows[i]?.key, index: i });
      redraw();
    };
    const index = VIEWS.indexOf(s.view);
    // A message is about the view it was said in.
    const show = (v: ViewName) => set({ view: v, message: v === s.view ? s.message : undefined });
    if (key.tab) return show(VIEWS[(index + (key.shift ? VIEWS.length - 1 : 1)) % VIEWS.length]);
    if (/^[1-6]$/.test(input)) return show(VIEWS[Number(input) - 1]);
    if (key.upArrow || input === 'k') return moveTo(cursor - 1);
    if (key.downArrow || input === 'j') return moveTo(cursor + 1);
    if (key.pageUp) return moveTo(cursor - bodyHeight);
    if (key.pageDown || input === ' ') return moveTo(cursor + bodyHeight);
    if (input === 'g' || key.home) return moveTo(0);
    if (input === 'G' || key.end) return moveTo(built.rows.length - 1);
    if (input === 'q') return exit();
    if (input === '?') return set({ mode: { kind: 'help' } });
    if (input === '/') return set({ mode: { kind: 'filter' }, message: undefined });
    if (key.escape) return set({ filter: '', message: undefined });
    if (input === 'n')
      return set({
        mode: {
          kind: 'namespaces',
          cursor: s.namespace ? Math.max(0, namespaces().indexOf(s.namespace)) : 0,
        },
      });
    if (input === 'a')
      return set({
        namespace: s.namespace === undefined ? s.chosenNamespace : undefined,
        message: undefined,
      });
    if (!current) return;
    const what = nameOf(current);
    if (key.return)
      return void describeLines(client, current).then(
        (lines) => openPager(`describe ${what}`, lines, false),
        (err) => say(errorLine(err as Error), 'red'),
      );
    if (input === 'l' && canLog(current)) {
      const choices = containersOf(current);
      if (choices.length === 1) return startLog(current, choices[0]);
      return set({ mode: { kind: 'containers', target: current, choices, cursor: 0 } });
    }
    if (input === 's') {
      if (!canScale(current)) return say(cannotScale(current), 'yellow');
      const replicas = (current.obj.spec as { replicas?: number } | undefined)?.replicas ?? 1;
      return set({
        mode: { kind: 'scale', target: current, current: replicas, input: String(replicas), selected: true },
      });
    }
    if (input === 'r') {
      if (!canRestart(current)) return say(cannotRestart(current), 'yellow');
      return set({
        mode: {
          kind: 'confirm',
          question: `rollout restart ${what}?`,
          run: () => rolloutRestart(client, current),
        },
      });
    }
    if (input === 'd')
      return set({
        mode: { kind: 'confirm', question: `delete ${what}?`, run: () => remove(client, current) },
      });
    if (input === 'K' && current.def.resource === 'nodes') {
      const stop = nodeIsUp(current);
      return set({
        mode: {
          kind: 'confirm',
          question: `${stop ? 'stop' : 'start'} node ${current.name}?`,
          run: () => stopOrStartNode(props.cluster, current, stop),
        },
      });
    }
  };

  onKey.current = (input: string, key: Key) => {
    const mode = ui.current.mode;
    const table = { kind: 'table' } as const;
    switch (mode.kind) {
      case 'table':
        return tableKey(input, key);
      case 'help':
        return set({ mode: table });
      case 'filter':
        if (key.return) return set({ mode: table });
        if (key.escape) return set({ filter: '', mode: table });
        if (key.backspace || key.delete) return set({ filter: ui.current.filter.slice(0, -1) });
        if (input && !key.ctrl && !key.meta) return set({ filter: ui.current.filter + input });
        return;
      case 'namespaces':
      case 'containers': {
        const choices = mode.kind === 'namespaces' ? namespaces() : mode.choices;
        if (key.escape || input === 'q') return set({ mode: table });
        if (key.upArrow || input === 'k')
          return set({ mode: { ...mode, cursor: Math.max(0, mode.cursor - 1) } });
        if (key.downArrow || input === 'j')
          return set({ mode: { ...mode, cursor: Math.min(choices.length - 1, mode.cursor + 1) } });
        if (!key.return) return;
        if (mode.kind === 'containers') return startLog(mode.target, choices[mode.cursor]);
        if (mode.cursor === 0) return set({ mode: table, namespace: undefined, message: undefined });
        return set({
          mode: table,
          namespace: choices[mode.cursor],
          chosenNamespace: choices[mode.cursor],
          message: undefined,
        });
      }
      case 'confirm':
        set({ mode: table });
        if (input === 'y' || input === 'Y') act(mode.run);
        else say('cancelled');
        return;
      case 'scale': {
        if (key.escape) return set({ mode: table, message: { text: 'cancelled' } });
        if (key.backspace || key.delete)
          return set({ mode: { ...mode, input: mode.input.slice(0, -1), selected: false } });
        if (/^[0-9]+$/.test(input)) {
          const typed = (mode.selected ? input : mode.input + input).slice(0, 6);
          return set({ mode: { ...mode, input: typed, selected: false } });
        }
        if (!key.return) return;
        set({ mode: table });
        if (!mode.input) return say('cancelled: no count typed');
        return act(() => scale(client, mode.target, Number(mode.input)));
      }
      case 'pager': {
        const last = Math.max(0, mode.lines.length - bodyHeight);
        const to = (top: number) => {
          const t = Math.max(0, Math.min(top, last));
          set({ mode: { ...mode, top: t, follow: t === last } });
        };
        if (key.escape || input === 'q') return closePager();
        if (key.upArrow || input === 'k') return to(mode.top - 1);
        if (key.downArrow || input === 'j') return to(mode.top + 1);
        if (key.pageUp) return to(mode.top - bodyHeight);
        if (key.pageDown || input === ' ') return to(mode.top + bodyHeight);
        if (input === 'g') return to(0);
        if (input === 'G') return to(last);
      }
    }
  };
  // Ink subscribes a handler when the component mounts: it must reach this render's state.
  useInput(useCallback((input: string, key: Key) => eachKey(input, key, (i, k) => onKey.current(i, k)), []));

  const now = Date.now();
  const header = headerCells(props, watch);
  const scope = ` ns: ${namespace ?? 'all'}${filter || mode.kind === 'filter' ? `  filter: ${filter}` : ''}`;
  let body: { cells: Cell[]; selected?: boolean }[];
  let title: Cell[] | undefined;
  let columnsLine = '';
  if (mode.kind === 'help') {
    title = [{ text: 'Keys (any key closes)' }];
    body = helpLines(lineWidth).map(([k, what]) => ({ cells: [{ text: k, color: 'cyan' }, { text: what }] }));
  } else if (mode.kind === 'pager') {
    title = [{ text: mode.title }];
    body = mode.lines.slice(mode.top, mode.top + bodyHeight).map((l) => ({ cells: [{ text: l }] }));
  } else if (mode.kind === 'namespaces' || mode.kind === 'containers') {
    const what = mode.kind === 'namespaces' ? 'Namespace' : `Container of ${nameOf(mode.target)}`;
    title = [{ text: `${what} (enter chooses, esc cancels)` }];
    const choices = mode.kind === 'namespaces' ? namespaces() : mode.choices;
    const top = Math.max(0, mode.cursor - bodyHeight + 1);
    body = choices
      .slice(top, top + bodyHeight)
      .map((c, i) => ({ cells: [{ text: ` ${c}` }], selected: i + top === mode.cursor }));
  } else {
    const rows = built.rows.slice(offset, offset + bodyHeight).map((r) => r.cells(now));
    const fit = fitColumns(built.columns, rows, lineWidth);
    columnsLine = headerText(built.columns, fit, lineWidth);
    body = rows.map((cells, i) => ({ cells: tableCells(fit, cells), selected: offset + i === cursor }));
    if (built.rows.length === 0)
      body = [{ cells: [{ text: watch.synced() ? ' nothing here' : ' loading…', color: 'gray' }] }];
  }
  const lines = [
    <Row key="h" text={lineText(header, lineWidth)} />,
    <Row key="t" text={tabsText(VIEWS, VIEWS.indexOf(view), scope, lineWidth)} />,
    <Row key="c" text={title ? lineText(title, lineWidth) : columnsLine} />,
    // Screen lines are slots: the line at a position is redrawn in place.
    ...Array.from({ length: bodyHeight }, (_, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: a slot's key is its position on screen
      <Row key={`b${i}`} text={lineText(body[i]?.cells ?? [], lineWidth)} selected={body[i]?.selected} />
    )),
    ...footer.map((cells, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: a slot's key is its position on screen
      <Row key={`f${i}`} text={lineText(cells, lineWidth)} />
    )),
  ];
  return (
    <Box flexDirection="column" width={width}>
      {lines}
    </Box>
  );
}

/**
 * Keys one by one. Ink hands over what the terminal sent in one read as one input: keys typed
 * fast, over ssh or tmux, or pasted (`/web` then enter) come as one string, which would match
 * no key; each character is a key of its own, as it would have been typed slowly.
 */
function eachKey(input: string, key: Key, handle: (input: string, key: Key) => void): void {
  if ([...input].length <= 1 || key.ctrl || key.meta) {
    handle(input, key);
    return;
  }
  const plain: Key = { ...key, shift: false, return: false, backspace: false };
  for (const ch of input) {
    if (ch === '\r' || ch === '\n') handle('', { ...plain, return: true });
    else if (ch === '\x7f' || ch === '\b') handle('', { ...plain, backspace: true });
    else handle(ch, { ...plain, shift: /[A-Z]/.test(ch) });
  }
}

/**
 * The footer's lines: a prompt, or the message of the last action, wrapped to be read whole, or
 * the keys that work where the user is.
 */
function footerLines(s: UiState, width: number): Cell[][] {
  const { mode, message } = s;
  const wrapped = (c: Cell) => wrapWords(c.text, width, MAX_MESSAGE_LINES).map((text) => [{ ...c, text }]);
  const keys = (text: string) => [[{ text, color: 'gray' }]];
  switch (mode.kind) {
    case 'filter':
      return [[{ text: `/${s.filter}▏ (enter keeps, esc clears)` }]];
    case 'confirm':
      return wrapped({ text: `${mode.question} (y/N)`, color: 'red' });
    case 'scale':
      return [scalePrompt(mode)];
    case 'help':
      return keys('any key closes');
    case 'namespaces':
    case 'containers':
      return keys(CHOOSER_KEYS);
    case 'pager':
      return message ? wrapped(message) : keys(mode.keys);
    case 'table':
      return message ? wrapped(message) : keys(footerKeys(s.view));
  }
}

/**
 * The scale prompt: the current count selected (inverse video) until a digit replaces it, as a
 * selected field would; then what was typed, with a cursor.
 */
function scalePrompt(mode: Extract<Mode, { kind: 'scale' }>): Cell[] {
  return [
    { text: `scale ${nameOf(mode.target)} replicas from ${mode.current} to ` },
    mode.selected ? { text: mode.input, inverse: true } : { text: `${mode.input}▏` },
    {
      text: mode.selected ? '  0-9:replace ⏎:scale esc:cancel' : '  0-9 ⌫:edit ⏎:scale esc:cancel',
      color: 'gray',
    },
  ];
}

function headerCells(props: DashboardProps, watch: ClusterWatch): Cell[] {
  const c = watch.connection;
  const version: Cell = { text: watch.version ? `  ${watch.version}` : '', color: 'gray' };
  const where: Cell = { text: `cluster ${props.cluster ?? '-'}  context ${props.context}  ` };
  // Lost, the reason comes before the names, which do not change, so an 80-column line shows it.
  if (c.state === 'lost')
    return [
      { text: ' minik8s ', color: 'cyan' },
      { text: `✗ connection lost, reconnecting: ${c.error ?? ''}  `, color: 'red' },
      where,
    ];
  const health: Cell =
    c.state === 'connected' ? { text: '● ready', color: 'green' } : { text: '○ connecting', color: 'yellow' };
  return [{ text: ' minik8s ', color: 'cyan' }, { ...where, text: `${where.text}API ` }, health, version];
}
