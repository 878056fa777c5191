/**
 * kube-scheduler's unschedulable pods and their back-off: a pod that fitted nowhere waits for a
 * change that may help it (a node joins, a pod goes, a claim binds), judged by which plugins
 * refused it, and is not tried again before its back-off (initial × 2^(attempts-1), capped) ends.
 */
export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
}

interface Waiting {
  key: string;
  attempts: number;
  lastAttemptAt: number;
  /** The plugins that refused it, whose events may let it fit. */
  plugins: ReadonlySet<string>;
}

export class UnschedulablePods {
  private readonly pods = new Map<string, Waiting>();
  /** Plugin → the uids of the pods it refused: a change wakes only the pods it may help. */
  private readonly byPlugin = new Map<string, Set<string>>();
  /** Pods being tried now: a change meanwhile may have come too late for the try, so it brings them back. */
  private readonly inFlight = new Map<string, string>();

  constructor(private readonly backoff: BackoffSettings) {}

  /** How long the pod must still wait before it is tried again. */
  backoffLeft(uid: string, now: number): number {
    const w = this.pods.get(uid);
    if (!w) return 0;
    const { initialMs, maxMs } = this.backoff;
    const wait = Math.min(initialMs * 2 ** (w.attempts - 1), maxMs);
    return Math.max(0, w.lastAttemptAt + wait - now);
  }

  trying(uid: string, key: string): void {
    this.inFlight.set(uid, key);
  }

  failed(uid: string, key: string, plugins: Iterable<string>, now: number): void {
    const attempts = (this.pods.get(uid)?.attempts ?? 0) + 1;
    this.unindex(uid);
    const w: Waiting = { key, attempts, lastAttemptAt: now, plugins: new Set(plugins) };
    this.pods.set(uid, w);
    for (const p of w.plugins) {
      const uids = this.byPlugin.get(p) ?? new Set<string>();
      uids.add(uid);
      this.byPlugin.set(p, uids);
    }
    this.inFlight.delete(uid);
  }

  forget(uid: string): void {
    this.unindex(uid);
    this.pods.delete(uid);
    this.inFlight.delete(uid);
  }

  /**
   * The keys of the pods that one of `plugins` refused (every waiting pod when none are named),
   * and of the pods being tried.
   */
  keysFor(plugins?: readonly string[]): string[] {
    if (plugins?.length === 0) return [];
    const out = [...this.inFlight.values()];
    if (!plugins) {
      for (const w of this.pods.values()) out.push(w.key);
      return out;
    }
    const uids = new Set<string>();
    for (const p of plugins) for (const uid of this.byPlugin.get(p) ?? []) uids.add(uid);
    for (const uid of uids) out.push(this.pods.get(uid)!.key);
    return out;
  }

  private unindex(uid: string): void {
    for (const p of this.pods.get(uid)?.plugins ?? []) {
      const uids = this.byPlugin.get(p);
      uids?.delete(uid);
      if (uids?.size === 0) this.byPlugin.delete(p);
    }
  }
}
