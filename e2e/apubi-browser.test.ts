// @jobwire/nagra-apubi in a browser app: the package runs on Node only (SOAP over node:http), so
// under the `browser` condition bundlers get src/browser.ts, which fails with the README's message.
// Each app below is bundled by esbuild and by Vite from the built package (bundlers.ts) and run in
// headless Chromium: the user sees that message, whatever the app imports or calls — not
// `(void 0) is not a function` (the stub dropped by tree-shaking) nor a bundler's missing-export error.
// Skipped, saying so, when no Chromium binary is found (CI installs Debian's `chromium`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, bundlers } from './bundlers.js';
import { launchChromium, servePage, skipReason } from './page.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const stub = `${root}packages/nagra-apubi/dist/browser.js`;

/** The message packages/nagra-apubi/README.md documents for a browser bundle (src/browser.ts). */
const nodeOnly = '@jobwire/nagra-apubi runs on Node.js only (SOAP); call the APUBI publishing server from your backend.';

/** Apps a user might write; each sets `globalThis.reached` if it gets past the APUBI import. */
const apps = {
  'calls createNagraApubiClient': [
    "import { createNagraApubiClient } from '@jobwire/nagra-apubi';",
    "const client = createNagraApubiClient({ url: 'http://127.0.0.1:9/apubi', username: 'u', password: 'p' });",
    'globalThis.reached = typeof client;',
  ].join('\n'),
  'imports only a name the package re-exports from the core': [
    "import { waitForJob } from '@jobwire/nagra-apubi';",
    'globalThis.reached = typeof waitForJob;',
  ].join('\n'),
  'imports it and uses nothing': ["import '@jobwire/nagra-apubi';", 'globalThis.reached = true;'].join('\n'),
};

/** An app that loads the package with `import()` and reports the rejection as `globalThis.rejected`. */
const lazyApp = [
  "import('@jobwire/nagra-apubi').then(",
  '  (apubi) => { globalThis.reached = typeof apubi.createNagraApubiClient; },',
  '  (error) => { globalThis.rejected = error instanceof Error ? error.message : String(error); },',
  ');',
].join('\n');

describe.skipIf(!!skipReason)(`NAGRA APUBI in a browser bundle${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(stub)) throw new Error(`build the packages first (pnpm build): missing ${stub}`);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Bundles the app, opens it and returns the page's uncaught errors and whether it got past the import. */
  async function run(bundler: (typeof bundlers)[number], source: string) {
    const app = await bundle(bundler, source);
    const page = await servePage(app);
    const tab = await browser.newPage();
    const errors: { name: string; message: string }[] = [];
    tab.on('pageerror', (error) => errors.push({ name: error.name, message: error.message }));
    try {
      const uncaught = tab.waitForEvent('pageerror', { timeout: 10_000 }).catch(() => undefined);
      await tab.goto(page.url, { waitUntil: 'load' });
      await uncaught;
      const reached = await tab.evaluate(() => (globalThis as { reached?: unknown }).reached);
      return { warnings: app.warnings, errors, reached };
    } finally {
      await tab.close();
      await page.close();
    }
  }

  describe.each(bundlers)('bundled by %s', (bundler) => {
    it.each(Object.keys(apps) as (keyof typeof apps)[])(
      '%s: the page fails with the documented Node.js-only error',
      async (name) => {
        const { warnings, errors, reached } = await run(bundler, apps[name]);
        expect(warnings).toEqual([]);
        expect(errors).toEqual([{ name: 'Error', message: nodeOnly }]);
        expect(reached).toBeUndefined();
      },
      60_000,
    );

    it('loads it with import(): the import rejects with the documented error', async () => {
      const app = await bundle(bundler, lazyApp);
      const page = await servePage(app);
      const tab = await browser.newPage();
      try {
        await tab.goto(page.url);
        const rejected = await tab.waitForFunction(() => (globalThis as { rejected?: string }).rejected);
        expect(await rejected.jsonValue()).toBe(nodeOnly);
        expect(await tab.evaluate(() => (globalThis as { reached?: unknown }).reached)).toBeUndefined();
      } finally {
        await tab.close();
        await page.close();
      }
    }, 60_000);
  });
});
