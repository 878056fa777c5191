import chalk from 'chalk';
import type { Progress } from '../cluster/progress.js';

/**
 * Draws steps on stderr like kind: " • title ..." while it runs (on a terminal), then
 * " ✓ title" or " ✗ title".
 */
export function stepPrinter(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  return {
    async step(title, work) {
      if (tty) stream.write(` ${chalk.cyan('•')} ${title} ...`);
      const clear = tty ? '\r\x1b[2K' : '';
      try {
        const out = await work();
        stream.write(`${clear} ${chalk.green('✓')} ${title}\n`);
        return out;
      } catch (err) {
        stream.write(`${clear} ${chalk.red('✗')} ${title}\n`);
        throw err;
      }
    },
  };
}
