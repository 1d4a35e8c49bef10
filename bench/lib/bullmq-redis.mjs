// A redis-server for bench/bullmq.mjs: the same setup as the package's test harness
// (packages/bullmq/test/support/redis-server.ts: Debian's binary, 127.0.0.1, a free port, its own
// temporary directory, `noeviction` as BullMQ requires), in plain JS so the bench needs no build
// step and imports no test file. Persistence is an option here: append-only with an fsync every
// second (`everysec`, Redis's own default for AOF) unless the caller asks for `always` or `no`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The redis-server binary, or undefined when this machine has none. */
export const redisServerPath = ['redis-server', '/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(
  (candidate) => spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0,
);

/** A free port on 127.0.0.1 (asked of the kernel, then released for redis-server to take). */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a redis-server and resolves once it accepts connections.
 * @param {{ appendfsync?: 'always' | 'everysec' | 'no' }} [options] `no` turns the append-only file off
 * @returns {Promise<{ url: string, connection: { host: string, port: number }, pid: number, dir: string, stop(): Promise<void> }>}
 */
export async function startRedis(options = {}) {
  if (!redisServerPath) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const appendfsync = options.appendfsync ?? 'everysec';
  const dir = mkdtempSync(path.join(tmpdir(), 'jobwire-bench-redis-'));
  const port = await freePort();
  const child = spawn(
    redisServerPath,
    [
      ['--port', String(port)],
      ['--bind', '127.0.0.1'],
      ['--protected-mode', 'yes'],
      ['--dir', dir],
      ['--save', ''],
      ['--appendonly', appendfsync === 'no' ? 'no' : 'yes'],
      ['--appendfsync', appendfsync === 'no' ? 'everysec' : appendfsync],
      ['--maxmemory-policy', 'noeviction'],
      ['--daemonize', 'no'],
      ['--loglevel', 'notice'],
    ].flat(),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start on port ${port} within 10 s:\n${output}`));
    }, 10_000);
    const onExit = (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    };
    child.once('exit', onExit);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout.off('data', onData);
        child.stdout.resume(); // keep draining, or a full pipe would block the server
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.resume();
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    connection: { host: '127.0.0.1', port },
    pid: child.pid,
    dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
