// The browser stub (src/browser.ts, what bundlers load under the `browser` condition): it throws
// the README's message when evaluated, and it exports every name the Node entry exports, so that no
// bundler refuses or drops an import of it (e2e/apubi-browser.test.ts bundles it with esbuild and
// Vite and runs it in Chromium).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@jobwire/core';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as nodeEntry from '../src/index.js';

const message = '@jobwire/nagra-apubi runs on Node.js only (SOAP); call the APUBI publishing server from your backend.';

/** The names src/browser.ts exports itself (not counting `export * from '@jobwire/core'`), read without running it. */
async function stubExports(): Promise<string[]> {
  const file = fileURLToPath(new URL('../src/browser.ts', import.meta.url));
  const result = await build({
    entryPoints: [file],
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

describe('browser stub', () => {
  it('has the message the README documents, word for word', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`this message: \`${message}\``);
  });

  it('throws the documented message when a bundle evaluates it', async () => {
    await expect(import('../src/browser.js')).rejects.toThrow(new Error(message));
  });

  it("exports each of the Node entry's own names, and no other", async () => {
    const coreNames = new Set(Object.keys(core));
    const own = Object.keys(nodeEntry).filter((name) => !coreNames.has(name));
    expect(own).toContain('createNagraApubiClient');
    expect((await stubExports()).sort()).toEqual(own.sort());
  });
});
