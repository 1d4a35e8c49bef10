// A real redis-server for tests: Debian's binary (`.ci/run` installs it), on 127.0.0.1 and a free
// port, with its own temporary directory, started and stopped by the tests. Append-only persistence
// with an fsync per write, so a Redis killed and started again on the same directory has lost nothing.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The redis-server binary, or undefined when this machine has none (tests that need it are skipped). */
export const redisServerPath: string | undefined = ['redis-server', '/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(
  (candidate) => spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0,
);

/** A running redis-server. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** 127.0.0.1 */
  readonly host: string;
  /** Its port (kept across restarts). */
  readonly port: number;
  /** Its data directory (append-only file included). */
  readonly dir: string;
  /** Connection options for BullMQ (`{ host, port }`). */
  readonly connection: { host: string; port: number };
  /** Kills it (SIGKILL by default: no chance to save) and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and directory (after `kill`), resolving once it accepts connections. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (asked of the kernel, then released for redis-server to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function launch(binary: string, port: number, dir: string, appendOnly: boolean): Promise<ChildProcess> {
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--protected-mode',
      'yes',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      appendOnly ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--maxmemory-policy',
      'noeviction', // BullMQ's requirement
      '--daemonize',
      'no',
      '--loglevel',
      'notice',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start on port ${port} within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // keep draining, or a full pipe would block the server
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** Starts a redis-server (append-only on by default). */
export async function startRedis(options: { appendOnly?: boolean } = {}): Promise<RedisServer> {
  if (!redisServerPath) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const binary = redisServerPath;
  const appendOnly = options.appendOnly ?? true;
  const dir = mkdtempSync(path.join(tmpdir(), 'jobwire-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(binary, port, dir, appendOnly);
  const host = '127.0.0.1';
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  return {
    url: `redis://${host}:${port}`,
    host,
    port,
    dir,
    connection: { host, port },
    kill,
    async restart() {
      await kill();
      child = await launch(binary, port, dir, appendOnly);
    },
    async stop() {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
