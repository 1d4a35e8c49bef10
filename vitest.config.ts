import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config over every package: each package is a project named after its folder.
const root = fileURLToPath(new URL('.', import.meta.url));
const packageDirs = readdirSync(new URL('packages/', import.meta.url)).filter((dir) =>
  existsSync(new URL(`packages/${dir}/package.json`, import.meta.url)),
);

// Tests import workspace packages from source, so no build is needed to run them. Subpath exports
// come first and every alias matches its whole specifier: `@jobwire/core` must not swallow
// `@jobwire/core/xml` (a string alias would match it as a prefix and look for `index.ts/xml`).
const subpaths: Record<string, string> = {
  '@jobwire/core/xml': `${root}packages/core/src/xml.ts`,
  '@jobwire/core/node': `${root}packages/core/src/node.ts`,
  '@jobwire/elma-rpa/node': `${root}packages/elma-rpa/src/node.ts`,
};
const alias: { find: RegExp; replacement: string }[] = Object.entries(subpaths).map(([name, file]) => ({
  find: new RegExp(`^${name}$`),
  replacement: file,
}));
for (const dir of packageDirs) {
  const manifest = JSON.parse(readFileSync(new URL(`packages/${dir}/package.json`, import.meta.url), 'utf8')) as {
    name: string;
  };
  alias.push({ find: new RegExp(`^${manifest.name}$`), replacement: `${root}packages/${dir}/src/index.ts` });
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      ...packageDirs.map((dir) => ({
        extends: true,
        test: {
          name: dir,
          root: `${root}packages/${dir}`,
          include: ['test/**/*.test.ts'],
        },
      })),
      // The built REST packages in headless Chromium (skips, saying why, when there is no Chromium).
      { extends: true, test: { name: 'browser', root: `${root}e2e`, include: ['**/*.test.ts'] } },
    ],
    // CI reads the runner's own counts from this report (see .ci/run).
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: `${root}.tmp/vitest-report.json` },
    // fast-check's seed: the UTC date unless FC_SEED is set (see vitest.setup.ts).
    setupFiles: [`${root}vitest.setup.ts`],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
