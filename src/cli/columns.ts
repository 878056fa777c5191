/**
 * Column-aligned lines, as kubectl's tabwriter prints them: three spaces between columns.
 * `trim: false` keeps what kubectl's tables keep after an empty last cell (its column's padding).
 */
export function formatColumns(
  rows: string[][],
  widths: number[] = columnWidths(rows),
  trim = true,
): string[] {
  return rows.map((row) => {
    const line = row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('   ');
    return trim ? line.trimEnd() : line;
  });
}

export function columnWidths(rows: string[][], widths: number[] = []): number[] {
  const out = [...widths];
  for (const row of rows) {
    row.forEach((cell, i) => {
      out[i] = Math.max(out[i] ?? 0, cell.length);
    });
  }
  return out;
}

/** kubectl's tabwriter makes each column at least 3 wide (a minimum width of 6 with its padding of 3). */
export function tabWidths(widths: number[]): number[] {
  return widths.map((w) => Math.max(w, 3));
}
