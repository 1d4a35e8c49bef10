// The REST clients in a real browser: each vendor package is bundled by esbuild for the browser
// from its built dist (as a user's bundler would resolve it), loaded into headless Chromium (the
// system's, driven by playwright-core) from one loopback origin, and calls the vendor's simulator
// on another — so CORS is real — to start a job, read its status and wait for it.
// Skipped, saying so, when no Chromium binary is found (CI installs Debian's `chromium`).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type SimulatedVendor, type Simulator, startSimulator } from '@jobwire/testkit';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter((path): path is string => Boolean(path));
const executablePath = candidates.find((path) => existsSync(path));
const restVendors = ['alteryx-server', 'aspera-orchestrator', 'truesight-orchestration', 'elma-rpa'] as const;
const builtPackages = restVendors.map((vendor) => `${root}packages/${vendor}/dist/index.js`);

const skipReason = executablePath
  ? undefined
  : `no Chromium binary found (looked for ${candidates.join(', ')}): install one (apt-get install chromium) or set CHROMIUM_PATH`;
if (skipReason) console.warn(`[browser tests skipped] ${skipReason}`);

describe.skipIf(!executablePath)(`REST clients in headless Chromium${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let browser: Browser;
  let page: Server;
  let pageUrl: string;

  beforeAll(async () => {
    const missing = builtPackages.filter((file) => !existsSync(file));
    if (missing.length > 0) throw new Error(`build the packages first (pnpm build): missing ${missing.join(', ')}`);
    // Resolved from packages/cli, whose node_modules link every vendor package: the bundler sees the
    // published package.json exports and dist, with the browser conditions.
    const bundle = await build({
      entryPoints: [`${root}e2e/browser-entry.ts`],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      nodePaths: [`${root}packages/cli/node_modules`],
      // Not e2e/tsconfig.json: its `paths` (for the type check) point at the sources, not the builds.
      tsconfigRaw: {},
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    page = createServer((req, res) => {
      if (req.url === '/bundle.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>jobwire</title><script type="module" src="/bundle.js"></script>');
      }
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (page ? page.close(() => resolve()) : resolve()));
  });

  it('bundles without Node built-ins', async () => {
    // platform "browser" fails the build on any node:* import; this asserts the bundle is small too.
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    await tab.waitForFunction(() => 'jobwire' in globalThis);
    await tab.close();
  });

  it.each(restVendors)(
    '%s: starts a job, reads its status, waits for it (CORS, another origin)',
    async (vendor) => {
      let simulator: Simulator<SimulatedVendor> | undefined;
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      try {
        simulator = await startSimulator(vendor as SimulatedVendor, { queuedMs: 100, runningMs: 300 });
        await tab.goto(pageUrl);
        await tab.waitForFunction(() => 'jobwire' in globalThis);
        const result = await tab.evaluate(
          ([v, url, credentials]) =>
            (globalThis as unknown as { jobwire: { run(v: string, u: string, c: object): Promise<unknown> } }).jobwire.run(
              v,
              url,
              credentials,
            ),
          [vendor, simulator.url, simulator.credentials] as const,
        );
        expect(errors).toEqual([]);
        expect(result).toMatchObject({
          first: { state: expect.stringMatching(/^(queued|running)$/) },
          final: { state: 'succeeded', done: true },
          userAgent: expect.stringContaining('Chrome'),
        });
        expect(new URL(simulator.url).port).not.toBe(new URL(pageUrl).port);
      } finally {
        await tab.close();
        await simulator?.close();
      }
    },
    60_000,
  );
});
