#!/usr/bin/env node
// Fails when an import in src/ runs against the layering of docs/architecture.md, or when two
// folders import each other. Layers, top to bottom; a folder may import only folders below it:
//   commands -> cli, ui -> cluster, server -> reconcile, runtime, net -> client -> api -> store
import fs from 'node:fs';
import path from 'node:path';

const rank = { commands: 6, cli: 5, ui: 5, cluster: 4, server: 4, reconcile: 3, runtime: 3, net: 3, client: 2, api: 1, store: 0 };
const src = path.resolve(process.argv[2] ?? 'src');
const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) files.push(p);
  }
};
walk(src);
const folderOf = (f) => path.relative(src, f).split(path.sep)[0];
const problems = [];
const edges = new Map();
for (const f of files) {
  const from = folderOf(f);
  if (!(from in rank)) problems.push(`${path.relative(src, f)}: folder "${from}" has no layer`);
  const text = fs.readFileSync(f, 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const to = folderOf(path.resolve(path.dirname(f), m[1]));
    if (to === from || !(to in rank)) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
    if (rank[to] >= rank[from]) problems.push(`${path.relative(src, f)} imports ${m[1]} (${from} -> ${to} runs up or sideways)`);
  }
}
for (const [a, tos] of edges) for (const b of tos) if (edges.get(b)?.has(a) && a < b) problems.push(`folder cycle: ${a} <-> ${b}`);
for (const p of problems) console.error(p);
process.exit(problems.length ? 1 : 0);
