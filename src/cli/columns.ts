/** Column-aligned lines, as kubectl's tabwriter prints them: three spaces between columns. */
export function formatColumns(rows: string[][], widths: number[] = columnWidths(rows)): string[] {
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('   ')
      .trimEnd(),
  );
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
