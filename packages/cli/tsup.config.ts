// The CLI's build: the repository's one (tsup.config.ts at the root), plus its small runtime
// libraries bundled in. Loaded from node_modules as CommonJS from ESM, commander alone cost a
// `jobwire --help` ~40 ms of wall time (resolving and reading each of its files); bundled, far less.
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';
import shared from '../../tsup.config.js';

/** Bundled into dist/, so not installed with the CLI (devDependencies). */
const bundled = ['commander', 'ms', 'picocolors'];

/**
 * commander requires `node:child_process` when it loads, for executable subcommands (`git-style`
 * separate programs), which `jobwire` does not have; loading it (and what it loads) is ~5 ms of every
 * `jobwire` run. commander gets a stand-in that loads the real module on first use, so it works all
 * the same if it ever spawns.
 */
const lazyChildProcess: Plugin = {
  name: 'jobwire-lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'jobwire-lazy' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'jobwire-lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

export default defineConfig({
  ...(shared as Options),
  entry: ['src/index.ts', 'src/bin.ts'],
  splitting: true,
  shims: true,
  noExternal: bundled,
  // Not a dependency (a devDependency, for the workspace): `watch` and `worker` import it at run time
  // when the user installed it beside the CLI. tsup would bundle a devDependency, BullMQ and ioredis
  // with it, into the CLI.
  external: ['@jobwire/bullmq'],
  esbuildPlugins: [lazyChildProcess],
  // Keep `node:` specifiers as written: tsup's plugin that strips them would resolve commander's
  // `node:child_process` before lazyChildProcess sees it.
  removeNodeProtocol: false,
  // commander and ms are CommonJS: in an ESM chunk esbuild's `require` shim needs a real `require`.
  banner: ({ format }) =>
    format === 'esm'
      ? {
          js: "import { createRequire as __cliCreateRequire } from 'node:module';\nconst require = __cliCreateRequire(import.meta.url);",
        }
      : {},
});
