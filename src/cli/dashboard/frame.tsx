/**
 * The pieces of a dashboard screen, each exactly one terminal line: Ink then rewrites only
 * the lines that changed, and the frame never reaches the terminal's last line (where Ink would
 * clear the whole screen on every render, which flickers).
 */
import { Text } from 'ink';
import { type Cell, type Column, fitColumns, padOrCut } from './table.js';

export function Line({ cells, width, inverse }: { cells: Cell[]; width: number; inverse?: boolean }) {
  let used = 0;
  const parts = cells.map((c) => {
    const t = padOrCut(c.text, Math.max(0, Math.min([...c.text].length, width - used)));
    used += [...t].length;
    return { ...c, text: t };
  });
  const pad = ' '.repeat(Math.max(0, width - used));
  return (
    <Text wrap="truncate" inverse={inverse}>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a line's parts never reorder
        <Text key={i} color={p.color}>
          {p.text}
        </Text>
      ))}
      {pad}
    </Text>
  );
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

export function HeaderRow({ columns, width }: { columns: Column[]; width: number }) {
  const cells = tableCells(
    columns,
    columns.map((c) => ({ text: c.title })),
    width,
  );
  return (
    <Text bold wrap="truncate">
      {cells.map((c) => c.text).join('')}
    </Text>
  );
}

export function Blank({ width }: { width: number }) {
  return <Text>{' '.repeat(width)}</Text>;
}
