import type { Probe } from '../api/kinds/index.js';
import { type HandlerTarget, runHandler } from './handlers.js';

export type ProbeKind = 'Liveness' | 'Readiness' | 'Startup';

/**
 * Runs one probe of one container instance on its period and reports each change of its
 * result after successThreshold successes or failureThreshold failures in a row.
 */
export class ProbeWorker {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private successes = 0;
  private failures = 0;
  result: boolean | undefined;

  constructor(
    readonly kind: ProbeKind,
    private readonly probe: Probe,
    private readonly target: HandlerTarget,
    private readonly onChange: (ok: boolean, message: string) => void,
    initial?: boolean,
    private readonly onFailure?: (message: string) => void,
  ) {
    this.result = initial;
    const delay = initial === undefined ? (probe.initialDelaySeconds ?? 0) * 1000 : 0;
    this.timer = setTimeout(() => this.tick(), delay);
  }

  /** Holds the probe (a startup probe holds liveness and readiness until it succeeds). */
  active = true;

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const period = (this.probe.periodSeconds ?? 10) * 1000;
    if (this.active) {
      const r = await runHandler(this.probe, this.target, (this.probe.timeoutSeconds ?? 1) * 1000);
      if (this.stopped) return;
      if (r.ok) {
        this.failures = 0;
        this.successes++;
        if (this.result !== true && this.successes >= (this.probe.successThreshold ?? 1)) {
          this.result = true;
          this.onChange(true, '');
        }
      } else {
        this.successes = 0;
        this.failures++;
        this.onFailure?.(`${this.kind} probe failed: ${r.message}`);
        if (this.failures >= (this.probe.failureThreshold ?? 3) && this.result !== false) {
          this.result = false;
          this.onChange(false, `${this.kind} probe failed: ${r.message}`);
        }
        if (this.failures >= (this.probe.failureThreshold ?? 3) && this.kind !== 'Readiness')
          this.failures = 0;
      }
    }
    this.timer = setTimeout(() => this.tick(), period);
  }
}
