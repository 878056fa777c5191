export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * Whether to colour what goes to a stream: FORCE_COLOR (not 0) says yes, NO_COLOR says no,
 * otherwise only on a terminal.
 */
export function wantsColor(stream: { isTTY?: boolean } = process.stdout, env = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR) return false;
  return stream.isTTY === true;
}

/**
 * How `get -w` prints a change: added green, modified yellow, deleted red; as is when plain.
 * chalk is loaded here, for a watch in colour only: a plain `get` starts without it.
 */
export async function watchLinePainter(color: boolean): Promise<(type: string, line: string) => string> {
  if (!color) return (_type, line) => line;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  const paint: Record<string, (s: string) => string> = {
    ADDED: chalk.green,
    MODIFIED: chalk.yellow,
    DELETED: chalk.red,
  };
  return (type, line) => paint[type]?.(line) ?? line;
}

/** The row cells of a watched change, with kubectl's EVENT column first under --output-watch-events. */
export function withEventColumn(cells: string[], type: string, eventColumn: boolean): string[] {
  return eventColumn ? [type, ...cells] : cells;
}

/** The starting column widths of a watched table: kubectl's EVENT column is as wide as MODIFIED from the first line. */
export function eventWidths(eventColumn: boolean): number[] {
  return eventColumn ? ['MODIFIED'.length] : [];
}
