/**
 * The lines of a dashboard screen, each exactly one terminal line and one Ink element holding a
 * ready-made (coloured) string: Ink lays out a few dozen nodes per frame instead of one per
 * cell, and React skips the lines whose text did not change. The frame never reaches the
 * terminal's last line: Ink clears the whole screen on every render of a frame that tall,
 * which flickers.
 */
import chalk, { Chalk, type ForegroundColorName } from 'chalk';
import { Text } from 'ink';
import { memo } from 'react';
import { wantsColor } from '../watch-style.js';
import { type Cell, type Column, type Fit, padOrCut } from './table.js';

// NO_COLOR turns colours off (no-color.org); inverse and bold are not colours and stay, so the
// cursor and the tab in use still show.
const colors = new Chalk({ level: wantsColor() ? chalk.level : 0 });
export const inverse = (s: string) => `\x1b[7m${s}\x1b[27m`;
const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;

const paint = (c: Cell) => {
  const text = c.color ? colors[c.color as ForegroundColorName](c.text) : c.text;
  return c.inverse ? inverse(text) : text;
};

/** Cells one after another, cut or padded to exactly `width` columns, coloured. */
export function lineText(cells: Cell[], width: number): string {
  let used = 0;
  let out = '';
  for (const c of cells) {
    const room = width - used;
    if (room <= 0) break;
    const text = padOrCut(c.text, Math.min([...c.text].length, room));
    used += [...text].length;
    out += paint({ ...c, text });
  }
  return out + ' '.repeat(Math.max(0, width - used));
}

/** A row's cells laid out in the columns that fit, one space apart. */
export function tableCells(fit: Fit[], cells: Cell[]): Cell[] {
  const out: Cell[] = [];
  for (const [i, { index, width }] of fit.entries()) {
    if (i > 0) out.push({ text: ' ' });
    const cell = cells[index] ?? { text: '' };
    out.push({ text: padOrCut(cell.text, width), color: cell.color });
  }
  return out;
}

export const headerText = (columns: Column[], fit: Fit[], width: number) =>
  bold(
    lineText(
      tableCells(
        fit,
        columns.map((c) => ({ text: c.title })),
      ),
      width,
    ),
  );

/**
 * The tab bar: `1:nodes 2:workloads ...`, the current view in inverse video, then the
 * namespace and filter. When they do not fit, the other tabs show their number only.
 */
export function tabsText(views: readonly string[], current: number, scope: string, width: number): string {
  const full = views.map((v, i) => ` ${i + 1}:${v} `);
  const fits = full.reduce((n, t) => n + t.length, 0) + scope.length <= width;
  const tabs = fits ? full : full.map((t, i) => (i === current ? t : ` ${i + 1} `));
  const bar = tabs.map((t, i) => (i === current ? inverse(t) : t)).join('');
  const used = tabs.reduce((n, t) => n + t.length, 0);
  return bar + lineText([{ text: scope, color: 'cyan' }], Math.max(0, width - used));
}

export const Row = memo(function Row({ text, selected }: { text: string; selected?: boolean }) {
  return <Text wrap="truncate">{selected ? inverse(text) : text}</Text>;
});
