// One build for every package (run from the package folder): ESM + CJS + .d.ts from src/index.ts.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The package being built (tsup runs in its folder): its version becomes `__PACKAGE_VERSION__`
// (the default User-Agent `jobwire-<vendor>/<version>`); vitest.config.ts defines the same for tests.
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  // XML and text samples of specs/ are imported as strings (the testkit's msw handlers), inlined into
  // the build as JSON imports are; vitest.config.ts loads them the same way in tests.
  loader: { '.xml': 'text', '.txt': 'text' },
  // In the CJS output a lazy `import()` becomes `require()`: through a native `import()` a CJS build
  // would get the ESM build of `@jobwire/xml` (Aspera, TrueSight), which imports the ESM build of
  // `@jobwire/core`, whose error classes are not the ones `require('@jobwire/core')` gives, so
  // `instanceof` would fail.
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': false };
  },
});
