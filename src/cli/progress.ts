import type { Progress } from '../cluster/progress.js';
import { hintFor, StepFailure } from './step-failure.js';
import { wantsColor } from './watch-style.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 80;

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Draws steps on stderr like kind: on a terminal a spinner beside the step while it runs, then
 * " ✓ title (duration)" or " ✗ title (duration)"; elsewhere (or with NO_COLOR) only the finished
 * lines, without colour or cursor moves. A failed step throws a StepFailure naming the step, the
 * cause and a hint.
 */
export function stepPrinter(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true && !process.env.NO_COLOR;
  const color = wantsColor(stream);
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[39m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  return {
    note(message) {
      stream.write(`${message}\n`);
    },
    async step(title, work) {
      const t0 = performance.now();
      let frame = 0;
      const draw = () => stream.write(`\r\x1b[2K ${paint(36, FRAMES[frame++ % FRAMES.length])} ${title} ...`);
      const timer = tty ? setInterval(draw, FRAME_MS) : undefined;
      if (tty) draw();
      const done = (mark: string) => {
        if (timer) clearInterval(timer);
        stream.write(
          `${tty ? '\r\x1b[2K' : ''} ${mark} ${title} ${dim(`(${seconds(performance.now() - t0)})`)}\n`,
        );
      };
      try {
        const out = await work();
        done(paint(32, '✓'));
        return out;
      } catch (err) {
        done(paint(31, '✗'));
        throw err instanceof StepFailure ? err : new StepFailure(title, err, hintFor(err));
      }
    },
  };
}
