/** The dashboard's tables: columns as wide as their content, that give way on a narrow terminal. */

export interface Cell {
  text: string;
  color?: string;
  /** Drawn in inverse video (a selected value), with or without colour. */
  inverse?: boolean;
}

export interface Column {
  title: string;
  /** The column that names the row: cut only when nothing else can give way, as k9s does. */
  name?: boolean;
  /** Columns of higher priority numbers are dropped first when the terminal is narrow. */
  priority?: number;
  /**
   * A long column (a message, a URL) is cut down to this many characters before any column is
   * dropped; without it a column is shown whole or not at all (but for the name column).
   */
  min?: number;
}

export interface Fit {
  index: number;
  width: number;
}

const length = (s: string) => [...s].length;

/**
 * Which columns fit in `width` (one space between columns), and how wide each one is: each as
 * wide as its title and the widest of `rows` (the cells on screen); the spare width stays at the
 * end of the line. When they do not fit: long columns are cut to their `min`, then columns are
 * dropped (empty ones first, then by priority), then the name column is cut.
 */
export function fitColumns(columns: Column[], rows: Cell[][], width: number): Fit[] {
  const need = columns.map((c, i) =>
    rows.reduce((n, cells) => Math.max(n, length(cells[i]?.text ?? '')), length(c.title)),
  );
  const empty = (i: number) => rows.length > 0 && rows.every((cells) => !cells[i]?.text);
  let shown = columns.map((c, index) => ({ ...c, index })).filter((c) => !(c.priority && empty(c.index)));
  const least = (c: (typeof shown)[number]) =>
    c.min === undefined || c.name ? need[c.index] : Math.min(need[c.index], c.min);
  const total = (widths: number[]) => widths.reduce((n, w) => n + w, 0) + widths.length - 1;
  while (total(shown.map(least)) > width) {
    const droppable = shown.filter((c) => c.priority);
    if (droppable.length === 0) break;
    const worst = droppable.reduce((a, b) => ((b.priority ?? 0) >= (a.priority ?? 0) ? b : a));
    shown = shown.filter((c) => c !== worst);
  }
  const widths = shown.map((c) => need[c.index]);
  let over = total(widths) - width;
  // The rightmost long columns give way first, then the name, down to its title.
  for (let i = shown.length - 1; i >= 0 && over > 0; i--) {
    if (shown[i].min === undefined || shown[i].name) continue;
    const cut = Math.min(over, widths[i] - least(shown[i]));
    widths[i] -= cut;
    over -= cut;
  }
  const name = shown.findIndex((c) => c.name);
  if (over > 0 && name >= 0) {
    const cut = Math.min(over, widths[name] - length(shown[name].title));
    widths[name] -= Math.max(0, cut);
  }
  return shown.map((c, i) => ({ index: c.index, width: widths[i] }));
}

/** A cell's text cut to `width` (with an ellipsis) or padded to it. */
export function padOrCut(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** A usage bar: `████░░ 67%`, coloured by how full it is; `n/a` without figures. */
export function bar(used: number | undefined, capacity: number | undefined, width: number): Cell {
  if (used === undefined || !capacity) return { text: 'n/a', color: 'gray' };
  const share = used / capacity;
  // A laptop node is mostly idle: under 10 %, a tenth of a percent still tells something.
  const label = ` ${share < 0.1 ? (share * 100).toFixed(1) : Math.round(share * 100)}%`;
  const cells = Math.max(1, width - 5);
  const filled = Math.min(cells, Math.round(share * cells));
  return {
    text: `${'█'.repeat(filled)}${'░'.repeat(cells - filled)}${label}`,
    color: share >= 0.9 ? 'red' : share >= 0.7 ? 'yellow' : 'green',
  };
}

/** `done/total` as a bar of `width` cells, for rollout and job progress. */
export function progress(done: number, total: number, width: number): Cell {
  const label = ` ${done}/${total}`;
  const cells = Math.max(1, width - label.length);
  const filled = total ? Math.min(cells, Math.round((done / total) * cells)) : cells;
  return {
    text: `${'█'.repeat(filled)}${'░'.repeat(cells - filled)}${label}`,
    color: done >= total ? 'green' : 'yellow',
  };
}
