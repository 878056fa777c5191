// What every benchmark measures with: percentiles, a process's RSS, a bounded load loop, and the report.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The p-th percentile of xs (nearest rank). */
export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

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

/** A benchmark's figures: each printed as it is measured, all as one markdown table at the end. */
export function report(baseline = 'baseline') {
  const rows = [];
  return {
    row(what, value, baseline = '') {
      rows.push({ what, value, baseline });
      console.error(`${what}: ${value}${baseline ? `   (baseline ${baseline})` : ''}`);
    },
    print() {
      console.log(`\n| measure | minik8s | ${baseline} |\n| --- | --- | --- |`);
      for (const r of rows) console.log(`| ${r.what} | ${r.value} | ${r.baseline} |`);
    },
  };
}
