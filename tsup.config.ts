// One build for every package (run from the package folder): ESM + CJS + .d.ts from src/index.ts.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  // In the CJS output a lazy `import()` becomes `require()`: through a native `import()` a CJS build
  // would get the ESM build of `@jobwire/core/xml` (Aspera, TrueSight), whose error classes are not
  // the ones `require('@jobwire/core')` gives, so `instanceof` would fail.
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': false };
  },
});
