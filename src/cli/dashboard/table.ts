/** The dashboard's tables: columns that give way on a narrow terminal, cells with a colour. */

export interface Cell {
  text: string;
  color?: string;
}

export interface Column {
  title: string;
  /** 0: takes the width left over (at least MIN_FLEX). */
  width: number;
  /** Columns of higher priority numbers are dropped first when the terminal is narrow. */
  priority?: number;
  /** For a width-0 column: the least it needs (MIN_FLEX unless said). */
  min?: number;
}

const MIN_FLEX = 16;

/** Which columns fit in `width` (one space between columns), and how wide each one is. */
export function fitColumns(columns: Column[], width: number): { index: number; width: number }[] {
  let shown = columns.map((c, index) => ({ ...c, index }));
  const need = (cols: typeof shown) =>
    cols.reduce((n, c) => n + (c.width || (c.min ?? MIN_FLEX)), 0) + cols.length - 1;
  while (need(shown) > width) {
    const droppable = shown.filter((c) => c.priority);
    if (droppable.length === 0) break;
    const worst = droppable.reduce((a, b) => ((b.priority ?? 0) >= (a.priority ?? 0) ? b : a));
    shown = shown.filter((c) => c !== worst);
  }
  const fixed = shown.reduce((n, c) => n + c.width, 0) + shown.length - 1;
  const flexCount = shown.filter((c) => !c.width).length;
  const flex = flexCount ? Math.floor((width - fixed) / flexCount) : 0;
  return shown.map((c) => ({ index: c.index, width: c.width || Math.max(c.min ?? MIN_FLEX, flex) }));
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
