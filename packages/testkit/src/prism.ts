import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';

/** Options of `startPrism`: the OpenAPI document to serve and how to start Prism. */
export interface PrismOptions {
  /** Path of the OpenAPI document to serve. */
  spec: string;
  /** Where to resolve `@stoplight/prism-cli` from (default: the current directory). */
  resolveFrom?: string;
  /** How long to wait for Prism to listen (default 30 s). */
  startTimeoutMs?: number;
}

/** A Prism mock server serving an OpenAPI document on 127.0.0.1. */
export interface RunningPrism {
  /** `http://127.0.0.1:PORT`: the base URL of the mocked API. */
  url: string;
  /** Prism's log so far: what it validated and what it answered, for failure messages. */
  log(): string;
  /** Stops it and releases its port; resolves when everything is closed. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Starts `prism mock` (Stoplight Prism, an optional peer dependency) for an OpenAPI document on
 * 127.0.0.1 and a free port. With `--errors`, a request that breaks the spec gets a 4xx problem
 * answer instead of a mock, so a client test fails on any request the spec does not allow.
 */
export async function startPrism(options: PrismOptions): Promise<RunningPrism> {
  const require = createRequire(path.join(path.resolve(options.resolveFrom ?? process.cwd()), 'noop.js'));
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  const manifest = require(manifestPath) as { bin: { prism: string } };
  const bin = path.join(path.dirname(manifestPath), manifest.bin.prism);
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'mock', '--errors', '-h', '127.0.0.1', '-p', String(port), options.spec], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    log += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Prism did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${log}`)),
        options.startTimeoutMs ?? 30_000,
      );
      const check = () => {
        if (log.includes('Prism is listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Prism exited (${code}) before listening:\n${log}`));
      });
    });
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, log: () => log, close: () => stop(child) };
}
