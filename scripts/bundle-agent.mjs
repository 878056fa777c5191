// Bundles the node agent (what `run.js agent` runs in every node container) into
// dist/agent-bundle/agent.js after `tsc`: one minified file instead of ~550 modules resolved,
// read and kept one by one, which was most of the agent's resident memory (docs/nodes-and-pods.md,
// "The agent's memory"). Parts of libraries the agent never uses on a node load only if called:
// dockerode's SSH transport (ssh2) and BuildKit session (gRPC, protobufjs), its build-context
// packing (tar-fs). The bundle sits two levels under the root as dist/<dir>/*.js does, so paths
// made from import.meta.url ('../../package.json') still resolve. META=FILE writes esbuild's metafile.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

/** Modules replaced by a stand-in that loads the real one from node_modules on first call. */
const onFirstCall = {
  zlib: 'object',
  'docker-modem/lib/ssh.js': 'function',
  'dockerode/lib/session.js': 'function',
  'dockerode/lib/buildkit.js': 'object',
  'tar-fs': 'object',
};

const lazy = {
  name: 'load-on-first-call',
  setup(b) {
    b.onResolve({ filter: /^(\.\/ssh|\.\/session|\.\/buildkit|tar-fs|zlib)$/ }, ({ path, importer }) => {
      const pkg = importer.match(/node_modules\/(dockerode|docker-modem)\//)?.[1];
      if (!pkg) return undefined;
      const target = path.startsWith('./') ? `${pkg}/lib/${path.slice(2)}.js` : path;
      return onFirstCall[target] ? { path: target, namespace: 'lazy' } : undefined;
    });
    b.onResolve({ filter: /.*/, namespace: 'lazy' }, ({ path }) => ({ path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, ({ path }) => ({
      loader: 'js',
      contents:
        onFirstCall[path] === 'function'
          ? `let real; module.exports = function (...args) { real ??= require(${JSON.stringify(path)}); return real.apply(this, args); };`
          : `let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require(${JSON.stringify(path)}))[key] });`,
    }));
  },
};

// prom-client without what its index loads besides (Summary's t-digest, the Pushgateway and
// zlib, the cluster aggregator). ESM, so that importing anything else fails the build.
const promClient = {
  name: 'prom-client-parts',
  setup(b) {
    b.onResolve({ filter: /^prom-client$/ }, () => ({ path: 'prom-client', namespace: 'prom-client-parts' }));
    b.onLoad({ filter: /.*/, namespace: 'prom-client-parts' }, () => ({
      loader: 'js',
      resolveDir: root,
      contents: [
        "import Registry from 'prom-client/lib/registry.js';",
        "import Counter from 'prom-client/lib/counter.js';",
        "import Gauge from 'prom-client/lib/gauge.js';",
        "import Histogram from 'prom-client/lib/histogram.js';",
        "import collectDefaultMetrics from 'prom-client/lib/defaultMetrics.js';",
        "import { exponentialBuckets, linearBuckets } from 'prom-client/lib/bucketGenerators.js';",
        'export const register = Registry.globalRegistry;',
        'export { Registry, Counter, Gauge, Histogram, collectDefaultMetrics, exponentialBuckets, linearBuckets };',
      ].join('\n'),
    }));
  },
};

const outdir = join(root, 'dist/agent-bundle');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  stdin: {
    contents:
      "import { runNode } from './dist/cli/agent-main.js';\nawait runNode({}, (line) => process.stderr.write(`${line}\\n`));",
    resolveDir: root,
    sourcefile: 'agent-entry.js',
    loader: 'js',
  },
  outfile: join(outdir, 'agent.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  plugins: [lazy, promClient],
  // CommonJS packages inside an ESM bundle call require() for Node's built-ins, and the
  // stand-ins above for the real modules.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
if (process.env.META) writeFileSync(process.env.META, JSON.stringify(result.metafile));

// The agent reaches kinds through their identities (src/api/kinds/resources.ts). The registry
// brings every kind's schema, defaults, validation and printers (and luxon, cron-parser): more
// than half of the bundle, held in memory on every node for nothing. An import of it, however
// indirect, fails the build here rather than going unnoticed.
const serverOnly = Object.keys(result.metafile.inputs).filter((f) =>
  /^dist\/api\/(kinds\/index|table\/|crd\/|schema\/validate-pod)/.test(f),
);
if (serverOnly.length) {
  console.error(`The node agent's bundle would include the server's kind registry: ${serverOnly.join(', ')}`);
  process.exit(1);
}
