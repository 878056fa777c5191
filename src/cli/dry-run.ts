import { GO_BOOL } from './pflag-args.js';

/** kubectl's --dry-run: `none`, `client` (nothing is sent that changes anything) or `server` (?dryRun=All). */
export type DryRun = 'none' | 'client' | 'server';

/** The flag's value (`unchanged`: written without one) as kubectl's GetDryRunStrategy reads it; the old spellings warn as klog does. */
export function parseDryRun(value: string | undefined, warn: (line: string) => void): DryRun {
  if (value === undefined || value === 'none' || value === 'client' || value === 'server')
    return value ?? 'none';
  if (value === 'unchanged') {
    warn(klogWarning(702, '--dry-run is deprecated and can be replaced with --dry-run=client.'));
    return 'client';
  }
  const b = GO_BOOL.get(value);
  if (b === undefined)
    throw new Error(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
  warn(
    klogWarning(
      716,
      `--dry-run=${b} is deprecated (boolean value) and can be replaced with --dry-run=${b ? 'client' : 'none'}.`,
    ),
  );
  return b ? 'client' : 'none';
}

/** What kubectl's lines say after the verb: ` (dry run)`, ` (server dry run)`. */
export const dryRunSuffix = (d: DryRun) =>
  d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';

/** The query a write sends for a server dry run. */
export const dryRunQuery = (d: DryRun) => (d === 'server' ? { dryRun: 'All' } : undefined);

/** A line as klog writes a warning from kubectl's cmd/util/helpers.go: `W1130 11:24:16.970541   30052 helpers.go:702] ...`. */
function klogWarning(line: number, message: string, now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const micro = p(now.getMilliseconds(), 3) + '000';
  const time = `${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${micro}`;
  return `W${p(now.getMonth() + 1)}${p(now.getDate())} ${time} ${String(process.pid).padStart(7)} helpers.go:${line}] ${message}`;
}
