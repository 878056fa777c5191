import { randomBytes } from 'node:crypto';
import { execa } from 'execa';

/** A program running in a real terminal: a tmux server of its own (its own socket), one window. */
export interface Terminal {
  /** The screen as text, one line per row (`capture-pane -p`); with `styles`, its escape sequences too (`-e`). */
  screen(styles?: boolean): Promise<string>;
  /** Keys as tmux names them (`q`, `Enter`, `Tab`, `Down`, `C-c`); `literal` sends text as typed. */
  keys(keys: string[], literal?: boolean): Promise<void>;
  resize(columns: number, rows: number): Promise<void>;
  /** Whether the program has ended (its window closed). */
  ended(): Promise<boolean>;
  /** The pid of the program in the window. */
  pid(): Promise<number>;
  close(): Promise<void>;
}

export async function openTerminal(
  command: string[],
  opts: { env: NodeJS.ProcessEnv; columns?: number; rows?: number },
): Promise<Terminal> {
  const socket = `minik8s-test-${randomBytes(4).toString('hex')}`;
  const tmux = (args: string[], reject = true) =>
    execa('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env: opts.env, reject });
  await tmux([
    'new-session',
    '-d',
    '-s',
    'main',
    '-x',
    String(opts.columns ?? 80),
    '-y',
    String(opts.rows ?? 24),
    ...command,
  ]);
  return {
    screen: async (styles) =>
      (await tmux(['capture-pane', '-p', ...(styles ? ['-e'] : []), '-t', 'main'])).stdout,
    keys: async (keys, literal) => {
      await tmux(['send-keys', '-t', 'main', ...(literal ? ['-l'] : []), ...keys]);
    },
    resize: async (columns, rows) => {
      await tmux(['resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows)]);
    },
    ended: async () => (await tmux(['has-session', '-t', 'main'], false)).exitCode !== 0,
    pid: async () => Number((await tmux(['display-message', '-p', '-t', 'main', '#{pane_pid}'])).stdout),
    close: async () => {
      await tmux(['kill-server'], false);
    },
  };
}
