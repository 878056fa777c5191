/**
 * The lines of a dashboard screen, each exactly one terminal line and one Ink element holding a
 * ready-made (coloured) string: Ink lays out a few dozen nodes per frame instead of one per
 * cell, and React skips the lines whose text did not change. The frame never reaches the
 * terminal's last line: Ink clears the whole screen on every render of a frame that tall,
 * which flickers.
 */
import chalk, { type ForegroundColorName } from 'chalk';
import { Text } from 'ink';
import { memo } from 'react';
import { type Cell, type Column, fitColumns, padOrCut } from './table.js';

const paint = (c: Cell) => (c.color ? chalk[c.color as ForegroundColorName](c.text) : c.text);

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

/** Cells laid out in the columns that fit, one space apart. */
export function tableCells(columns: Column[], cells: Cell[], width: number): Cell[] {
  const out: Cell[] = [];
  for (const [i, { index, width: w }] of fitColumns(columns, width).entries()) {
    if (i > 0) out.push({ text: ' ' });
    const cell = cells[index] ?? { text: '' };
    out.push({ text: padOrCut(cell.text, w), color: cell.color });
  }
  return out;
}

export const headerText = (columns: Column[], width: number) =>
  chalk.bold(
    lineText(
      tableCells(
        columns,
        columns.map((c) => ({ text: c.title })),
        width,
      ),
      width,
    ),
  );

/** The tab bar: the current view in inverse video, then the namespace and filter. */
export function tabsText(tabs: string[], current: number, scope: string, width: number): string {
  const bar = tabs.map((t, i) => (i === current ? chalk.inverse(t) : t)).join('');
  const used = tabs.reduce((n, t) => n + t.length, 0);
  return bar + lineText([{ text: scope, color: 'cyan' }], Math.max(0, width - used));
}

export const Row = memo(function Row({ text, inverse }: { text: string; inverse?: boolean }) {
  return (
    <Text wrap="truncate" inverse={inverse}>
      {text}
    </Text>
  );
});
