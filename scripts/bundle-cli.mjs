// Bundles the CLI (oclif, every command, and what the commands import lazily, as split chunks)
// into dist/cli-bundle/ after `tsc`: a start then reads a few files instead of ~430 modules
// resolved one by one, which was most of `minik8s get pods`'s time. package.json's oclif
// section names the bundle's COMMANDS (oclif's "explicit" command discovery).
// The bundle sits two levels under the root as dist/<dir>/*.js does, so paths made from
// import.meta.url ('../../bin/run.js') still resolve. Packages with native or wasm parts stay
// outside the bundle, loaded from node_modules when a command needs them. META=FILE writes esbuild's
// metafile there, to see what each chunk holds.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const commandsDir = join(root, 'dist/commands');
const outdir = join(root, 'dist/cli-bundle');

const files = readdirSync(commandsDir, { recursive: true })
  .filter((f) => f.endsWith('.js'))
  .sort();
// oclif's ids: directories joined by ':', and a directory's index.js is the directory itself.
const id = (f) => f.replace(/\.js$/, '').replace(/\/index$/, '').split('/').join(':');
const entry = [
  "export { execute } from '@oclif/core';",
  ...files.map((f, i) => `import C${i} from './${relative(root, join(commandsDir, f))}';`),
  `export const COMMANDS = { ${files.map((f, i) => `'${id(f)}': C${i}`).join(', ')} };`,
].join('\n');

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'cli-entry.js', loader: 'js' },
  outdir,
  entryNames: 'index',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  external: ['typescript', 'better-sqlite3', 'dockerode', 'etcd3', 'ink', 'react', 'react/*', 'ink-*', '@kubernetes/*'],
  // CommonJS packages inside an ESM bundle call require() for Node's built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
  metafile: !!process.env.META,
});
if (process.env.META) writeFileSync(process.env.META, JSON.stringify(result.metafile));
