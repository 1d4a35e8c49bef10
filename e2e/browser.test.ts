// The REST clients in a real browser: every vendor package whose definition says it runs in browsers
// (found in the workspace, tools/lib/vendors.mjs) is bundled for the browser by esbuild and by Vite
// from its built dist (bundlers.ts: as a user's bundler would resolve it, with no plugin), loaded
// into headless Chromium from one loopback origin, and calls the vendor's simulator on another — so
// CORS is real — to start a job, read its status and wait for it. The definition's simulator (a
// Node HTTP server) stays out of the bundle: each vendor's package.json `browser` field maps it to
// `@jobwire/core/simulator`'s browser stub, so `simulator()` in the page rejects with its message.
// Skipped, saying so, when no Chromium binary is found (CI installs Debian's `chromium`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '@jobwire/core/simulator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltDefinition, workspaceVendors } from '../tools/lib/vendors.mjs';
import { type Bundle, bundle, bundlers } from './bundlers.js';
import { launchChromium, type ServedPage, servePage, skipReason } from './page.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const vendors = workspaceVendors();
const builtPackages = vendors.map((vendor) => `${root}packages/${vendor.dir}/dist/definition.js`);
const built = builtPackages.every((file) => existsSync(file));
const definitions = built ? await Promise.all(vendors.map(loadBuiltDefinition)) : [];
const browserDefinitions = definitions.filter((definition) => definition.capabilities.browser);
const packageOf = new Map(vendors.map((vendor) => [vendor.id, vendor.name]));

/** What `simulator()` rejects with in a browser: the message of packages/core/src/simulator-browser.ts. */
const simulatorNeedsNode =
  '@jobwire/core/simulator: the jobwire simulators need Node.js (they are HTTP servers on node:http); start one in Node (a test, a script, `jobwire simulate`) and give the browser its URL.';

describe.skipIf(!!skipReason)(`REST clients in headless Chromium${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let browser: Browser;

  beforeAll(async () => {
    const missing = builtPackages.filter((file) => !existsSync(file));
    if (missing.length > 0) throw new Error(`build the packages first (pnpm build): missing ${missing.join(', ')}`);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('runs every vendor whose definition says it runs in browsers, and only those', () => {
    expect(browserDefinitions.length).toBeGreaterThan(0);
    for (const definition of definitions) expect(definition.protocol === 'rest').toBe(definition.capabilities.browser);
  });

  describe.each(bundlers)('bundled by %s', (bundler) => {
    let app: Bundle;
    let page: ServedPage;

    beforeAll(async () => {
      const entry = [
        `import { install } from ${JSON.stringify(`${root}e2e/browser-entry.ts`)};`,
        ...browserDefinitions.map((d, i) => `import { definition as d${i} } from '${packageOf.get(d.id)}/definition';`),
        `install([${browserDefinitions.map((_, i) => `d${i}`).join(', ')}]);`,
      ].join('\n');
      app = await bundle(bundler, entry);
      page = await servePage(app);
    }, 60_000);

    afterAll(async () => {
      await page?.close();
    });

    it('bundles the definitions without a plugin, a warning or a Node built-in, and loads them', async () => {
      // esbuild fails the build on a node:* import for the browser; Vite warns and puts in an empty
      // module, which fails only when called: so no warning either.
      expect(app.warnings).toEqual([]);
      const code = [...app.files.values()].join('\n');
      expect(code).not.toContain('createServer');
      const tab = await browser.newPage();
      try {
        await tab.goto(page.url);
        await tab.waitForFunction(() => 'jobwire' in globalThis);
      } finally {
        await tab.close();
      }
    });

    it.each(browserDefinitions.map((definition) => definition.id))(
      '%s: simulator() rejects in the browser, saying it needs Node.js',
      async (vendor) => {
        const tab = await browser.newPage();
        try {
          await tab.goto(page.url);
          await tab.waitForFunction(() => 'jobwire' in globalThis);
          const message = await tab.evaluate(
            (v) => (globalThis as unknown as { jobwire: { simulator(v: string): Promise<string> } }).jobwire.simulator(v),
            vendor,
          );
          expect(message).toBe(simulatorNeedsNode);
        } finally {
          await tab.close();
        }
      },
    );

    it.each(browserDefinitions.map((definition) => definition.id))(
      '%s: starts a job, reads its status, waits for it (CORS, another origin)',
      async (vendor) => {
        const definition = browserDefinitions.find((d) => d.id === vendor);
        if (!definition) throw new Error(`no definition for ${vendor}`);
        const kit = await definition.simulator();
        let simulator: Simulator | undefined;
        const tab = await browser.newPage();
        const errors: string[] = [];
        tab.on('pageerror', (error) => errors.push(error.message));
        try {
          simulator = await kit.start({ queuedMs: 100, runningMs: 300 });
          await tab.goto(page.url);
          await tab.waitForFunction(() => 'jobwire' in globalThis);
          const result = await tab.evaluate(
            ([v, settings]) =>
              (globalThis as unknown as { jobwire: { run(v: string, s: object): Promise<unknown> } }).jobwire.run(v, settings),
            [vendor, kit.settings(simulator)] as const,
          );
          expect(errors).toEqual([]);
          expect(result).toMatchObject({
            first: { state: expect.stringMatching(/^(queued|running)$/) },
            final: { state: 'succeeded', done: true },
            userAgent: expect.stringContaining('Chrome'),
          });
          expect(new URL(simulator.url).port).not.toBe(new URL(page.url).port);
        } finally {
          await tab.close();
          await simulator?.close();
        }
      },
      60_000,
    );
  });
});
