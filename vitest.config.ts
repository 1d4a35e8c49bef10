import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config over every package: each package is a project named after its folder.
const root = fileURLToPath(new URL('.', import.meta.url));
const packageDirs = readdirSync(new URL('packages/', import.meta.url)).filter((dir) =>
  existsSync(new URL(`packages/${dir}/package.json`, import.meta.url)),
);

// Tests import workspace packages from source, so no build is needed to run them. Every export of a
// package maps to its source by name (`@jobwire/core/node` → `packages/core/src/node.ts`, or
// `src/node/index.ts`); subpaths come first and every alias matches its whole specifier:
// `@jobwire/core` must not swallow `@jobwire/core/node`.
const manifests = packageDirs.map((dir) => ({
  dir,
  manifest: JSON.parse(readFileSync(new URL(`packages/${dir}/package.json`, import.meta.url), 'utf8')) as {
    name: string;
    version: string;
    exports?: Record<string, unknown>;
  },
}));
const alias: { find: RegExp; replacement: string }[] = [];
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
for (const { dir, manifest } of manifests) {
  for (const subpath of Object.keys(manifest.exports ?? {})) {
    const name = subpath.slice(2);
    if (subpath === '.' || name.includes('.')) continue; // the root (below), package.json, openapi.json
    const file = [`src/${name}.ts`, `src/${name}/index.ts`].find((f) => existsSync(`${root}packages/${dir}/${f}`));
    if (file)
      alias.push({
        find: new RegExp(`^${escapeRegExp(manifest.name)}/${escapeRegExp(name)}$`),
        replacement: `${root}packages/${dir}/${file}`,
      });
  }
}
for (const { dir, manifest } of manifests) {
  alias.push({ find: new RegExp(`^${escapeRegExp(manifest.name)}$`), replacement: `${root}packages/${dir}/src/index.ts` });
}
// XML and text samples of specs/ imported as strings (the testkit's msw handlers), as tsup.config.ts's
// `text` loader inlines them into the build. Only files under specs/; ids with a `?` query are left alone.
const specsDir = `${root}specs/`;
const specTextSamples = {
  name: 'jobwire:spec-text-samples',
  enforce: 'pre' as const,
  load(id: string) {
    if (id.includes('?') || !id.startsWith(specsDir) || !/\.(xml|txt)$/.test(id)) return null;
    return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
  },
};
const versions = new Map(manifests.map(({ dir, manifest }) => [dir, manifest.version]));

export default defineConfig({
  plugins: [specTextSamples],
  resolve: { alias },
  test: {
    projects: [
      ...packageDirs.map((dir) => ({
        extends: true,
        // What tsup writes into the build (tsup.config.ts): the package's own version.
        define: { __PACKAGE_VERSION__: JSON.stringify(versions.get(dir)) },
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
