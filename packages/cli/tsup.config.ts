// The CLI's build: the repository's one (tsup.config.ts at the root), plus its small runtime
// libraries bundled in. Loaded from node_modules, commander alone costs a `jobwire --help` ~40 ms of
// wall time (CommonJS loaded from ESM: resolving and reading each of its files); bundled, ~15 ms.
import { defineConfig, type Options } from 'tsup';
import shared from '../../tsup.config.js';

/** Bundled into dist/, so not installed with the CLI (devDependencies). */
const bundled = ['commander', 'ms', 'picocolors'];

export default defineConfig({
  ...(shared as Options),
  entry: ['src/index.ts', 'src/bin.ts'],
  splitting: true,
  shims: true,
  noExternal: bundled,
  // commander and ms are CommonJS: in an ESM chunk esbuild's `require` shim needs a real `require`.
  banner: ({ format }) =>
    format === 'esm'
      ? {
          js: "import { createRequire as __cliCreateRequire } from 'node:module';\nconst require = __cliCreateRequire(import.meta.url);",
        }
      : {},
});
