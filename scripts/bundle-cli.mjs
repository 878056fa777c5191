// Bundles the CLI (oclif, every command, and what the commands import) into one CommonJS file,
// dist/cli-bundle/index.cjs, after `tsc`: a start reads one file instead of ~430 modules resolved
// one by one, and src/cli/load-bundle.ts compiles it with V8's code cache (Node 20 takes a code
// cache for CommonJS only). package.json's oclif section names the bundle's COMMANDS (oclif's
// "explicit" command discovery). The bundle sits two levels under the root as dist/<dir>/*.js
// does, so paths made from import.meta.url ('../../bin/run.js') still resolve. Packages with
// native or wasm parts stay outside the bundle, loaded from node_modules when a command needs
// them. META=FILE writes esbuild's metafile there, to see what the bundle holds. Then it writes
// oclif.manifest.json beside package.json.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Plugin } from '@oclif/core';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const commandsDir = join(root, 'dist/commands');
const outdir = join(root, 'dist/cli-bundle');
const outfile = join(outdir, 'index.cjs');

const files = readdirSync(commandsDir, { recursive: true })
  .filter((f) => f.endsWith('.js'))
  .sort();
// oclif's ids: directories joined by ':', and a directory's index.js is the directory itself.
const id = (f) => f.replace(/\.js$/, '').replace(/\/index$/, '').split('/').join(':');
// A CommonJS entry of getters: what a run does not ask for is not evaluated (the control plane and
// its supervisor load neither oclif nor the commands).
const entry = [
  'module.exports = {',
  "  get execute() { return require('@oclif/core').execute; },",
  // `run.js server --name NAME` (the control plane and its supervisor) starts from the bundle too.
  "  get serveCluster() { return require('./dist/cli/server-main.js').serveCluster; },",
  // `run.js __complete WORDS...` (a tab press) starts from the bundle without oclif.
  "  get completeFromManifest() { return require('./dist/cli/complete.js').completeFromManifest; },",
  // package.json's oclif.hooks names it.
  "  get commandNotFound() { return require('./dist/cli/command-not-found.js').default; },",
  // A getter per command too: oclif finds a command's flags in the manifest and then reads only
  // that command from here, so a run evaluates one command's modules, not all of them.
  '  get COMMANDS() { return {',
  ...files.map((f) => `    get '${id(f)}'() { return require('./${relative(root, join(commandsDir, f))}').default; },`),
  '  }; },',
  '};',
].join('\n');

// The dashboard imports ink, an ES module a CommonJS bundle cannot require on Node 20: it stays
// in dist/ and is imported from there (the same relative path from dist/cli-bundle/).
const dashboardOutside = {
  name: 'dashboard-outside',
  setup(b) {
    b.onResolve({ filter: /\/cli\/dashboard\/run\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

// Three things oclif does at every start that this CLI does not need, cut from its code as it goes
// into the bundle (the build fails if oclif's code changed under them):
const oclifTrims = {
  'lib/index.js': [
    // Its engine check requires oclif's package.json beside the bundle, where there is none: it
    // never warned, and only loaded semver.
    ['\ncheckNodeVersion();\n', '\n'],
  ],
  'lib/config/plugin.js': [
    // The first localeCompare builds ICU's collator, ~9 ms; for command ids (lowercase letters,
    // digits, ':' and '-') the code-point order is the same order.
    ['.sort((a, b) => a.id.localeCompare(b.id))', '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))'],
    // tinyglobby (with fdir and picomatch) serves the "pattern" discovery only, not our "explicit" one.
    [
      'const tinyglobby_1 = require("tinyglobby");',
      'const tinyglobby_1 = { glob: (...args) => require("tinyglobby").glob(...args) };',
    ],
  ],
};
const trimOclif = {
  name: 'trim-oclif',
  setup(b) {
    b.onLoad({ filter: /@oclif\/core\/lib\/(index|config\/plugin)\.js$/ }, (args) => {
      let code = readFileSync(args.path, 'utf8');
      for (const [from, to] of oclifTrims[args.path.slice(args.path.lastIndexOf('lib/'))]) {
        if (!code.includes(from)) throw new Error(`${args.path} no longer has ${from}`);
        code = code.replace(from, to);
      }
      return { contents: code, loader: 'js' };
    });
  },
};

/** Each import(...) call becomes __import(...); a method named import (`import(x){`) stays. */
function lendImport(code) {
  let out = '';
  let from = 0;
  for (const m of code.matchAll(/(?<![\w$.])import\((?!\))/g)) {
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < code.length; end++) {
      if (code[end] === '(') depth++;
      else if (code[end] === ')' && --depth === 0) break;
    }
    if (code[end + 1] === '{') continue;
    out += `${code.slice(from, m.index)}__import(`;
    from = m.index + m[0].length;
  }
  return out + code.slice(from);
}

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'cli-entry.js', loader: 'js' },
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  plugins: [dashboardOutside, trimOclif],
  external: ['typescript', 'better-sqlite3', 'dockerode', 'etcd3', 'ink', 'react', 'react/*', 'ink-*', '@kubernetes/*'],
  define: { 'import.meta.url': '__importMetaUrl' },
  // vm.Script's code has no import() on Node 20: load-bundle.ts lends its own as module.import.
  banner: {
    js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href, __import = module.import ?? ((s) => import(s));",
  },
  logLevel: 'warning',
  metafile: !!process.env.META,
});
// What is left of import() imports what stays outside the bundle. esbuild leaves a few non-ASCII
// characters in regular expressions; as \u escapes the whole file is ASCII, which load-bundle.ts
// reads as latin1 into a one-byte string (one character in UTF-8 made it a two-byte string of
// twice the size, slower to read and to hash).
const code = readFileSync(outfile, 'utf8');
const banner = code.indexOf('\n') + 1;
const ascii = (text) =>
  text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const body = code.slice(0, banner) + ascii(lendImport(code.slice(banner)));
// A first line load-bundle.ts reads: a hash of the bundle's content, which names its code cache
// (V8 checks only a cache's source length, so a new build of the same size would otherwise run
// the old code), and the command words, which alone get a cache of their own.
const words = [...new Set(files.map((f) => id(f).split(':')[0]))].join(',');
const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
writeFileSync(outfile, `// minik8s-bundle ${hash} ${words}\n${body}`);
if (process.env.META) writeFileSync(process.env.META, JSON.stringify(result.metafile));

// oclif.manifest.json: each command's id, flags, args and help, as `oclif manifest` writes it, so
// a start reads them instead of loading and describing every command.
const plugin = new Plugin({
  root,
  type: 'core',
  isRoot: true,
  ignoreManifest: true,
  errorOnManifestCreate: true,
  respectNoCacheDefault: true,
});
await plugin.load();
writeFileSync(join(root, 'oclif.manifest.json'), JSON.stringify(plugin.manifest));
