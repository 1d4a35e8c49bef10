// The REST clients in a real browser: every vendor package whose definition says it runs in browsers
// (found in the workspace, tools/lib/vendors.mjs) is bundled by esbuild for the browser from its
// built dist (as a user's bundler would resolve it), loaded into headless Chromium (the system's,
// driven by playwright-core) from one loopback origin, and calls the vendor's simulator on another —
// so CORS is real — to start a job, read its status and wait for it.
// Skipped, saying so, when no Chromium binary is found (CI installs Debian's `chromium`).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '@jobwire/core/simulator';
import { build, type Plugin } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltDefinition, workspaceVendors } from '../tools/lib/vendors.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter((path): path is string => Boolean(path));
const executablePath = candidates.find((path) => existsSync(path));
const vendors = workspaceVendors();
const builtPackages = vendors.map((vendor) => `${root}packages/${vendor.dir}/dist/definition.js`);
const built = builtPackages.every((file) => existsSync(file));
const definitions = built ? await Promise.all(vendors.map(loadBuiltDefinition)) : [];
const browserDefinitions = definitions.filter((definition) => definition.capabilities.browser);
const packageOf = new Map(vendors.map((vendor) => [vendor.id, vendor.name]));

/**
 * A definition loads its simulator with `import('./simulator.js')` only when asked (Node only): the
 * page never asks, so the bundle leaves that chunk out, as an app that bundles a definition would.
 */
const simulatorsStayOut: Plugin = {
  name: 'simulators-stay-out',
  setup(context) {
    context.onResolve({ filter: /(^|\/)simulator\.(c?js)$/ }, (args) => ({ path: args.path, external: true }));
  },
};

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
    const entry = [
      "import { install } from './browser-entry.ts';",
      ...browserDefinitions.map((d, i) => `import { definition as d${i} } from '${packageOf.get(d.id)}/definition';`),
      `install([${browserDefinitions.map((_, i) => `d${i}`).join(', ')}]);`,
    ].join('\n');
    const bundle = await build({
      stdin: { contents: entry, resolveDir: `${root}e2e`, sourcefile: 'entry.ts', loader: 'ts' },
      plugins: [simulatorsStayOut],
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

  it('runs every vendor whose definition says it runs in browsers, and only those', () => {
    expect(browserDefinitions.length).toBeGreaterThan(0);
    for (const definition of definitions) expect(definition.protocol === 'rest').toBe(definition.capabilities.browser);
  });

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
        await tab.goto(pageUrl);
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
        expect(new URL(simulator.url).port).not.toBe(new URL(pageUrl).port);
      } finally {
        await tab.close();
        await simulator?.close();
      }
    },
    60_000,
  );
});
