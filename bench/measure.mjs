// What every benchmark measures with: percentiles, a process's RSS, a bounded load loop, and the report.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The p-th percentile of xs (nearest rank). */
export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export const median = (xs) => pct(xs, 50);

export const ms = (x) => `${x.toFixed(2)} ms`;

/** Resident memory of a process of this machine, in MB. */
export function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]) / 1024;
}

/** Runs fn(i) for i < total from `concurrency` loops at once; each call's latency, and the whole time. */
export async function timed(concurrency, total, fn) {
  const lat = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const s = performance.now();
        await fn(i);
        lat.push(performance.now() - s);
      }
    }),
  );
  return { lat, secs: (performance.now() - t0) / 1000 };
}

/**
 * A benchmark's figures: each printed as it is measured, all as one markdown table at the end,
 * with a column for each baseline named.
 */
export function report(...baselines) {
  const names = baselines.length ? baselines : ['baseline'];
  const rows = [];
  return {
    row(what, value, ...against) {
      rows.push({ what, value, against });
      const shown = against.filter(Boolean).join(' | ');
      console.error(`${what}: ${value}${shown ? `   (baseline ${shown})` : ''}`);
    },
    print() {
      console.log(
        `\n| measure | minik8s | ${names.join(' | ')} |\n| --- | --- |${' --- |'.repeat(names.length)}`,
      );
      for (const r of rows)
        console.log(`| ${r.what} | ${r.value} | ${names.map((_, i) => r.against[i] ?? '').join(' | ')} |`);
    },
  };
}

/**
 * Median wall time of each command ([file, args]), run in turn `rounds` times after one warm-up run
 * each: the commands compared share the machine's load alike.
 */
export function medians(commands, env, rounds) {
  // Room for a 1,000-pod list's answer.
  const run = ([file, args]) =>
    execFileSync(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20 });
  const times = commands.map(() => []);
  for (const c of commands) run(c);
  for (let i = 0; i < rounds; i++)
    commands.forEach((c, j) => {
      const t0 = performance.now();
      run(c);
      times[j].push(performance.now() - t0);
    });
  return times.map((t) => pct(t, 50));
}
