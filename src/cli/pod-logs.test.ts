import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { linePrefix, runShown } from './pod-logs.js';

describe('the prefix of a followed pod', () => {
  it("reads as kubectl's --prefix, plain without colour", () => {
    expect(linePrefix('web-1', 'app', undefined)).toBe('[pod/web-1/app] ');
  });

  it('keeps one colour per pod, whatever the container', () => {
    const chalk = new Chalk({ level: 1 });
    const colour = (s: string) => /^\u001b\[(\d+)m/.exec(s)?.[1];
    const a = linePrefix('web-1', 'app', chalk);
    expect(a).toContain('[pod/web-1/app] ');
    expect(colour(a)).toBeDefined();
    expect(colour(linePrefix('web-1', 'sidecar', chalk))).toBe(colour(a));
    const others = ['web-2', 'web-3', 'web-4', 'web-5', 'db-0'].map((p) =>
      colour(linePrefix(p, 'app', chalk)),
    );
    expect(new Set([colour(a), ...others]).size).toBeGreaterThan(1);
  });
});

describe('the run of a container whose log is printed', () => {
  it('is the last ended one while the container waits in back-off, as kubectl prints it', () => {
    const ended = { exitCode: 1, containerID: 'docker://b' };
    expect(
      runShown({
        name: 'app',
        image: 'x',
        imageID: '',
        ready: false,
        restartCount: 2,
        containerID: 'docker://b',
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: ended },
      }),
    ).toBe('docker://b');
  });

  it('is none while the first run is being created, and the running one once it runs', () => {
    const base = { name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0 };
    expect(runShown({ ...base, state: { waiting: { reason: 'ContainerCreating' } } })).toBeUndefined();
    expect(
      runShown({
        ...base,
        containerID: 'docker://c',
        state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
      }),
    ).toBe('docker://c');
  });
});
