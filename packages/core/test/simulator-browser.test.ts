// The simulator's browser stub (src/simulator-browser.ts: what bundlers load for
// `@jobwire/core/simulator` and for each vendor's `dist/simulator.js` under the `browser`
// condition): it throws when evaluated, so `definition.simulator()` rejects in a browser, and it
// exports every runtime name of the Node entry, so a static import of one still builds
// (e2e/browser.test.ts bundles the definitions with esbuild and Vite and runs them in Chromium).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as nodeEntry from '../src/simulator.js';

const message =
  '@jobwire/core/simulator: the jobwire simulators need Node.js (they are HTTP servers on node:http); start one in Node (a test, a script, `jobwire simulate`) and give the browser its URL.';

/** The names src/simulator-browser.ts exports, read without running it. */
async function stubExports(): Promise<string[]> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/simulator-browser.ts', import.meta.url))],
    bundle: true,
    packages: 'external',
    format: 'esm',
    write: false,
    metafile: true,
    outdir: 'out',
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).flatMap((output) => output.exports);
}

describe('simulator browser stub', () => {
  it('throws that the simulators need Node.js when a bundle evaluates it', async () => {
    await expect(import('../src/simulator-browser.js')).rejects.toThrow(new Error(message));
  });

  it("exports each of the Node entry's runtime names, and no other", async () => {
    const names = Object.keys(nodeEntry);
    expect(names).toContain('startHttpServer');
    expect((await stubExports()).sort()).toEqual(names.sort());
  });
});
