// Loads the CLI bundle (dist/cli-bundle/index.cjs, made by scripts/bundle-cli.mjs) with V8's code
// cache, so a run does not compile oclif, yaml and the command again: compiling was about a third
// of `minik8s get pods`. Node 20 has no module.enableCompileCache, and ES modules take no code
// cache there, so the bundle is CommonJS compiled here through vm.Script with `cachedData`, which
// Node 20 and 22 both have. One cache per command word (`get`, `apply`, ...), written after the
// first run of that command so it holds the functions that run compiled lazily, under
// $XDG_CACHE_HOME/minik8s (else ~/.cache/minik8s), named for the install, the hash of the
// bundle's content (its first line, written by the build) and Node's version: a new build or Node
// makes a new file. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.

import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

export const bundlePath = fileURLToPath(new URL('../cli-bundle/index.cjs', import.meta.url));

interface NodeModule {
  exports: unknown;
  filename: string;
  loaded: boolean;
  paths: string[];
  import?: (specifier: string) => Promise<unknown>;
}
const Modules = Module as unknown as {
  new (id: string): NodeModule;
  wrap(source: string): string;
  _cache: Record<string, NodeModule>;
  _nodeModulePaths(dir: string): string[];
};

/** The bundle's exports; also left in require's cache, where oclif's explicit discovery finds it. */
export function loadBundle(cacheName: string): {
  execute(options: { dir: string; args?: string[] }): Promise<unknown>;
  serveCluster(name: string): Promise<void>;
  completeFromManifest(manifestFile: string | URL, words: string[]): Promise<void>;
} {
  // ASCII only (scripts/bundle-cli.mjs sees to it): latin1 reads it without decoding UTF-8.
  const source = readFileSync(bundlePath, 'latin1');
  const cache = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheFile(source, cacheName);
  let cachedData: Buffer | undefined;
  try {
    if (cache) cachedData = readFileSync(cache.file);
  } catch {}
  const script = new Script(Modules.wrap(source), { filename: bundlePath, cachedData });
  const mod = new Modules(bundlePath);
  mod.filename = bundlePath;
  mod.paths = Modules._nodeModulePaths(dirname(bundlePath));
  // Code compiled by vm.Script has no import() of its own on Node 20 (the bundle's banner takes this
  // one): only what stays outside the bundle is imported, relative paths from the bundle's folder.
  mod.import = (specifier) =>
    import(specifier.startsWith('.') ? new URL(specifier, pathToFileURL(bundlePath)).href : specifier);
  Modules._cache[bundlePath] = mod;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(bundlePath), mod, bundlePath, dirname(bundlePath));
  mod.loaded = true;
  if (cache && (cachedData === undefined || script.cachedDataRejected))
    process.once('exit', () => writeCache(cache, script.createCachedData()));
  return mod.exports as ReturnType<typeof loadBundle>;
}

// The names bin/run.js loads the bundle under besides the commands' words.
const BACKGROUND = ['supervisor', 'control-plane'];

/**
 * WORD.INSTALL.BUILD.v8: WORD is a command's (anything else shares `other`); INSTALL tells
 * installs (checkouts) apart, so that each keeps its own; BUILD is the hash of the bundle's
 * content and Node's version. A bundle without its first line gets no cache.
 */
function cacheFile(source: string, name: string): { file: string; prefix: string } | undefined {
  const head = /^\/\/ minik8s-bundle ([0-9a-f]+) (\S+)\n/.exec(source.slice(0, 2048));
  if (!head) return undefined;
  const word = [...head[2].split(','), ...BACKGROUND].includes(name) ? name : 'other';
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'minik8s');
  const install = createHash('sha256').update(bundlePath).digest('hex').slice(0, 12);
  const build = `${head[1]}-${process.version}-${process.arch}`;
  return { file: join(dir, `${word}.${install}.${build}.v8`), prefix: `${word}.${install}.` };
}

const MONTH_MS = 30 * 24 * 3600_000;

/** A cache file to remove: half-written by a process that has ended, or not written for a month (an install gone). */
function stale(dir: string, name: string): boolean {
  const writer = /\.v8\.(\d+)$/.exec(name);
  if (writer) {
    try {
      process.kill(Number(writer[1]), 0);
      return false;
    } catch {
      return true;
    }
  }
  try {
    return name.endsWith('.v8') && Date.now() - statSync(join(dir, name)).mtimeMs > MONTH_MS;
  } catch {
    return false;
  }
}

/**
 * Written whole under a temporary name and renamed, so a run beside it never reads half a file;
 * the same command's file of an earlier build of this install goes.
 */
function writeCache({ file, prefix }: { file: string; prefix: string }, data: Buffer): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
    for (const old of readdirSync(dir))
      if (join(dir, old) !== file && ((old.startsWith(prefix) && old.endsWith('.v8')) || stale(dir, old)))
        unlinkSync(join(dir, old));
  } catch {}
}
