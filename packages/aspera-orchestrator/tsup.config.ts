// The shared build (../../tsup.config.ts) with one change for the CJS output: `import()` becomes
// `require()`. `@jobwire/core/xml` is imported on demand (src/load-xml.ts); through a native
// `import()` the CJS build would get core's ESM build, whose error classes are not the ones
// `require('@jobwire/core')` gives (and this package exports), so `instanceof` would fail.
import { defineConfig, type Options } from 'tsup';
import shared from '../../tsup.config.js';

export default defineConfig({
  ...(shared as Options),
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': false };
  },
});
