/** `@jobwire/elma-rpa/node`: saving a downloaded file, and the main entry staying free of Node modules. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveTaskFile } from '@jobwire/elma-rpa/node';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import { clientFor, FakeServer } from './fake-server.js';

const DOWNLOAD = '/v1/repository/task/download';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'elma-node-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stream of `count` chunks of `size` bytes (byte i of chunk n is (n + i) % 256). */
function chunks(count: number, size: number): ReadableStream<Uint8Array> {
  let n = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (n === count) return controller.close();
      controller.enqueue(Uint8Array.from({ length: size }, (_, i) => (n + i) % 256));
      n += 1;
    },
  });
}

describe('saveTaskFile', () => {
  it('streams a downloaded file to disk and resolves with the byte count', async () => {
    const server = new FakeServer().on(
      'POST',
      DOWNLOAD,
      () => new Response('line 1\nline 2\n', { headers: { 'content-length': '14' } }),
    );
    const file = await clientFor(server).downloadTaskFile(955, 'out.txt');
    expect(file.size).toBe(14);
    expect(await saveTaskFile(file, join(dir, 'out.txt'))).toBe(14);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('line 1\nline 2\n');
  });

  it('writes binary chunks byte for byte', async () => {
    const path = join(dir, 'data.bin');
    expect(await saveTaskFile({ body: chunks(40, 64 * 1024) }, path)).toBe(40 * 64 * 1024);
    const written = readFileSync(path);
    expect(written.byteLength).toBe(40 * 64 * 1024);
    expect(written[64 * 1024 * 3 + 5]).toBe((3 + 5) % 256);
  });

  it('an empty file is written empty', async () => {
    const server = new FakeServer().on('POST', DOWNLOAD, () => new Response(null, { headers: { 'content-length': '0' } }));
    const file = await clientFor(server).downloadTaskFile(955, 'empty.txt');
    expect(await saveTaskFile(file, join(dir, 'empty.txt'))).toBe(0);
    expect(statSync(join(dir, 'empty.txt')).size).toBe(0);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(1024));
      },
    });
    const saving = saveTaskFile({ body: endless }, join(dir, 'endless.bin'), { signal: controller.signal });
    controller.abort(new Error('enough'));
    await expect(saving).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects when the file cannot be written', async () => {
    await expect(saveTaskFile({ body: chunks(1, 10) }, join(dir, 'missing-folder', 'x.bin'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('the main entry', () => {
  it('downloaded files carry no Node-only method', async () => {
    const server = new FakeServer().on('POST', DOWNLOAD, () => new Response('x'));
    const file = await clientFor(server).downloadTaskFile(955, 'x.txt');
    expect(Object.keys(file).sort()).toEqual(['arrayBuffer', 'body', 'contentType', 'fileName', 'size']);
    expect('saveTaskFile' in main).toBe(false);
  });

  it('bundles for the browser without Node built-ins (node:* fails the build)', async () => {
    const result = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      // Only this package's own code is checked here (core has its own entries).
      external: ['@jobwire/core', 'openapi-fetch'],
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.endsWith('src/download.ts'))).toBe(true);
    expect(inputs.filter((input) => /^(node:|fs$|stream)/.test(input))).toEqual([]);
    expect(result.outputFiles[0]?.text).not.toMatch(/(from|import\(|require\()\s*["'](node:)?(fs|stream)\b/);
  });

  it('the definition bundles for the browser: the simulator (Node only) is a lazy chunk, not loaded up front', async () => {
    const result = await build({
      entryPoints: [new URL('../src/definition.ts', import.meta.url).pathname],
      bundle: true,
      splitting: true,
      outdir: 'out',
      write: false,
      format: 'esm',
      platform: 'browser',
      // The simulator's scaffolding is core's, Node only: a browser never loads it unless asked.
      external: ['@jobwire/core', '@jobwire/core/definition', '@jobwire/core/simulator', 'openapi-fetch'],
      logLevel: 'silent',
      metafile: true,
    });
    const entry = Object.values(result.metafile.outputs).find((output) => output.entryPoint?.endsWith('src/definition.ts'));
    const upFront = entry?.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path) ?? [];
    const lazy = entry?.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path) ?? [];
    expect(upFront.filter((path) => /^(node:|@jobwire\/core\/simulator$)/.test(path))).toEqual([]);
    expect(upFront).toContain('@jobwire/core/definition');
    expect(lazy).toHaveLength(1);
    const simulatorChunk = result.metafile.outputs[lazy[0] ?? ''];
    expect(simulatorChunk?.imports.map((i) => i.path)).toContain('@jobwire/core/simulator');
  });

  it('the node entry really needs Node (a browser bundle of it fails)', async () => {
    await expect(
      build({
        entryPoints: [new URL('../src/node.ts', import.meta.url).pathname],
        bundle: true,
        write: false,
        platform: 'browser',
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/node:fs|node:stream/);
  });
});
