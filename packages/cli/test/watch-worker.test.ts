import { createServer, request, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { secretForms } from '@jobwire/core/internal';
import type { SimulatorOptions } from '@jobwire/core/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAlteryxOnAClock } from './alteryx-on-a-clock.js';
import { runCli, startCli } from './run-cli.js';

// `jobwire worker` and `jobwire watch` as users run them (the built dist, child processes) against a
// real redis-server and an Alteryx Server simulator in this process, whose clock the test moves.

// The bullmq package's real redis-server harness (a free 127.0.0.1 port, its own directory), imported
// by path at run time: a static import would put a file outside this package under its tsconfig.
interface RedisServer {
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}
const harness = fileURLToPath(new URL('../../bullmq/test/support/redis-server.ts', import.meta.url));
const { redisServerPath, startRedis } = (await import(harness)) as {
  redisServerPath: string | undefined;
  startRedis(options?: { appendOnly?: boolean }): Promise<RedisServer>;
};
const fastPolls = ['--min-delay', '20ms', '--max-delay', '50ms'];

/**
 * A proxy in front of the simulator that can hold job status reads (`GET /v3/jobs/<id>`) while
 * `hold` is on: `held` resolves when one arrives, `release()` sends the ones held on. The test can
 * so make a SIGTERM land while a poll is in flight, without any timing.
 */
async function gateProxy(target: string) {
  let hold = false;
  const waiting: Array<() => void> = [];
  let onHeld: (() => void) | undefined;
  const forward = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  };
  const server: Server = createServer((req, res) => {
    if (hold && req.method === 'GET' && /\/v3\/jobs\/[^/]+$/.test(req.url ?? '')) {
      waiting.push(() => forward(req, res));
      onHeld?.();
      return;
    }
    forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    // The simulator's base URL (its path included), through the proxy.
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${new URL(target).pathname.replace(/\/$/, '')}`,
    /** Holds the next status reads; resolves once one is held. */
    holdNext: () =>
      new Promise<void>((resolve) => {
        hold = true;
        onHeld = resolve;
      }),
    release: () => {
      hold = false;
      for (const go of waiting.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** An Alteryx Server simulator on a clock the test moves, behind a gate proxy; jobs started on its API. */
async function alteryx(options: SimulatorOptions = {}) {
  const { sim, env, startJob, advance } = await startAlteryxOnAClock(closers, options);
  const gate = await gateProxy(sim.url);
  closers.push(() => gate.close());
  const secret = env.JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET as string;
  return { env: { ...env, JOBWIRE_ALTERYX_SERVER_URL: gate.url }, secret, gate, startJob, advance };
}

describe.skipIf(!redisServerPath)('jobwire worker and jobwire watch on a real Redis', () => {
  let redis: RedisServer;
  let prefixes = 0;
  beforeAll(async () => {
    redis = await startRedis({ appendOnly: false });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** The environment of one test: its own key prefix, so tests share the server and nothing else. */
  const redisEnv = () => ({ JOBWIRE_REDIS_URL: redis.url });
  const prefix = () => ['--prefix', `test${++prefixes}`];

  /** Starts `jobwire worker alteryx-server` and resolves once it polls; stopped (SIGTERM) after the test. */
  async function startWorker(env: Record<string, string>, args: string[] = []) {
    const worker = startCli(['worker', 'alteryx-server', ...args], env);
    closers.push(async () => {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
      await worker.result;
    });
    await worker.waitForOutput('jobwire worker: polling the watches of alteryx-server');
    return worker;
  }

  it('watch --wait ends with the state of a job that succeeds, exit code 0, as wait does', async () => {
    const { env, startJob, advance } = await alteryx();
    const keys = prefix();
    const all = { ...env, ...redisEnv() };
    const worker = await startWorker(all, keys);
    const id = await startJob();
    const watch = startCli(['watch', 'alteryx-server', id, '--wait', ...fastPolls, ...keys], all);
    await watch.waitForOutput(`alteryx-server/${id} (new; waiting for a worker to finish it)`);
    advance(1100);
    const result = await watch.result;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`alteryx-server/${id} (new; waiting for a worker to finish it)`);
    expect(lines[1]).toBe(`alteryx-server ${id}: succeeded (Completed)`);
    expect(lines[2]).toBe('  detail: Success');

    // The result stays readable: the same watch again is not new, and --json gives the whole result.
    const again = await runCli(['watch', 'alteryx-server', id, '--wait', '--json', ...keys], all);
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json.id).toBe(`alteryx-server/${id}`);
    expect(json.vendor).toBe('alteryx-server');
    expect(json.ref).toBe(id);
    expect(json.outcome).toBe('done');
    expect(json.status.state).toBe('succeeded');
    expect(json.status.vendorStatus).toBe('Completed');
    expect(json.status.done).toBe(true);
    expect(json.status.raw).toBeUndefined();
    expect(json.polls).toBeGreaterThanOrEqual(1);
    expect(json.finishedAt).toBeGreaterThanOrEqual(json.startedAt);

    worker.child.kill('SIGTERM');
    const stopped = await worker.result;
    expect(stopped.code).toBe(0);
  }, 30_000);

  it('watch --wait exits 1 for a job that fails, with its state', async () => {
    const { env, startJob, advance } = await alteryx({ outcome: 'failed' });
    const keys = prefix();
    const all = { ...env, ...redisEnv() };
    await startWorker(all, keys);
    const id = await startJob();
    const watch = startCli(['watch', 'alteryx-server', id, '--wait', '--json', ...fastPolls, ...keys], all);
    // With --json nothing is printed before the result: the worker's first poll sees the job queued.
    advance(1100);
    const result = await watch.result;
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.outcome).toBe('done');
    expect(json.status.state).toBe('failed');
    expect(json.status.vendorStatus).toBe('Completed');
    expect(json.status.detail).toContain('Error');
  }, 30_000);

  it('watch --wait exits 3 for a job that is cancelled', async () => {
    const { env, startJob, advance } = await alteryx({ outcome: 'cancelled' });
    const keys = prefix();
    const all = { ...env, ...redisEnv() };
    await startWorker(all, keys);
    const id = await startJob();
    advance(1100);
    const result = await runCli(['watch', 'alteryx-server', id, '--wait', '--json', ...fastPolls, ...keys], all);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).status.state).toBe('cancelled');
  }, 30_000);

  it('watch --wait exits 4 when the watch times out, showing the last status', async () => {
    const { env, startJob } = await alteryx();
    const keys = prefix();
    const all = { ...env, ...redisEnv() };
    await startWorker(all, keys);
    // The simulator's clock stands still: the job stays queued for as long as the watch lasts. The
    // timeout leaves a loaded machine time for a first poll, so that there is a last status to show.
    const id = await startJob();
    const result = await runCli(['watch', 'alteryx-server', id, '--wait', '--timeout', '3s', ...fastPolls, ...keys], all);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain(`alteryx-server ${id}: queued (Queued)\n`);
    expect(result.stderr).toMatch(/^jobwire: .*did not finish within 3000 ms \(last status: Queued\)/m);
  }, 30_000);

  it('adds a watch once: the same job again is the same watch, not a new one', async () => {
    const keys = prefix();
    const first = await runCli(['watch', 'alteryx-server', 'job-1', '--redis', redis.url, ...keys]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('alteryx-server/job-1 (new)\n');
    const second = await runCli(['watch', 'alteryx-server', 'job-1', '--redis', redis.url, '--json', ...keys]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({
      id: 'alteryx-server/job-1',
      vendor: 'alteryx-server',
      ref: 'job-1',
      created: false,
    });
    const other = await runCli(['watch', 'alteryx-server', 'job-2', '--redis', redis.url, '--json', ...keys]);
    expect(JSON.parse(other.stdout).created).toBe(true);
  }, 30_000);

  it('SIGTERM lets the poll in flight finish and record its result, then exits 0', async () => {
    const { env, gate, startJob, advance } = await alteryx();
    const keys = prefix();
    const all = { ...env, ...redisEnv() };
    const worker = await startWorker(all, keys);
    const id = await startJob();
    const held = gate.holdNext();
    const added = await runCli(['watch', 'alteryx-server', id, ...fastPolls, ...keys], all);
    expect(added.code).toBe(0);
    await held; // the worker's poll is in flight, its answer held by the proxy
    worker.child.kill('SIGTERM');
    await worker.waitForOutput('jobwire worker: stopping, after the polls in flight');
    advance(1100); // the held poll will see the job done
    gate.release();
    const stopped = await worker.result;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('jobwire worker: stopped\n');
    // The result the last poll recorded is there, with no worker running.
    const result = await runCli(['watch', 'alteryx-server', id, '--wait', '--json', ...keys], all);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).status.state).toBe('succeeded');
  }, 30_000);

  it('prints no form of a secret, even with --verbose', async () => {
    const { env, secret, startJob, advance } = await alteryx();
    const keys = prefix();
    const password = 'redis-pass-1234567890';
    await redisConfig('requirepass', password);
    try {
      const url = redis.url.replace('redis://', `redis://default:${password}@`);
      const all = { ...env, JOBWIRE_REDIS_URL: url };
      const worker = await startWorker(all, [...keys, '--verbose']);
      const id = await startJob();
      const watch = startCli(['watch', 'alteryx-server', id, '--wait', ...fastPolls, ...keys], all);
      await watch.waitForOutput('waiting for a worker');
      advance(1100);
      const result = await watch.result;
      expect(result.code).toBe(0);
      worker.child.kill('SIGTERM');
      const stopped = await worker.result;
      expect(stopped.code).toBe(0);
      // --verbose showed the requests (the token request too) and the polls.
      expect(stopped.stderr).toContain('/oauth2/token');
      expect(stopped.stderr).toContain(`alteryx-server/${id}`);
      expect(stopped.stdout).toContain(`in redis://${redis.host}:${redis.port};`);
      const printed = [result.stdout, result.stderr, stopped.stdout, stopped.stderr].join('\n');
      for (const value of [secret, password]) {
        for (const form of secretForms(value)) expect(printed).not.toContain(form);
      }
    } finally {
      await redisConfig('requirepass', '', password);
    }
  }, 30_000);

  /** CONFIG SET on the test's Redis, in plain RESP over a socket (the CLI has no Redis client of its own). */
  async function redisConfig(key: string, value: string, password?: string) {
    const command = (...args: string[]) =>
      `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
    const socket = connect(redis.port, redis.host);
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      answer += chunk;
    });
    const replies = password === undefined ? 1 : 2;
    socket.write(`${password === undefined ? '' : command('AUTH', password)}${command('CONFIG', 'SET', key, value)}`);
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', () => {
        if (answer.split('\r\n').filter(Boolean).length >= replies) resolve();
      });
    });
    socket.end();
    expect(answer).toBe('+OK\r\n'.repeat(replies));
  }
});

describe('jobwire watch and worker: usage', () => {
  it('exits 2 without a Redis, saying how to give one', async () => {
    const result = await runCli(['watch', 'alteryx-server', 'j1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('jobwire: no Redis: pass --redis redis://127.0.0.1:6379 or set JOBWIRE_REDIS_URL\n');
  });

  it('refuses a URL that is not redis://, without showing its password', async () => {
    const result = await runCli(['worker', 'alteryx-server', '--redis', 'http://user:hunter2-secret@host:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('jobwire: --redis: "http://***@host:1" is not a redis:// or rediss:// URL with a host\n');
  });

  it('refuses an unknown vendor, and a --rate or --concurrency that cannot be', async () => {
    const unknown = await runCli(['watch', 'no-such-vendor', 'j1', '--redis', 'redis://127.0.0.1:1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^jobwire: unknown vendor "no-such-vendor"; one of: alteryx-server, /);
    const rate = await runCli(['worker', 'alteryx-server', '--redis', 'redis://127.0.0.1:1', '--rate', 'fast']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toBe('jobwire: --rate takes <max>/<duration>, e.g. 20/1s or 100/1m, got "fast"\n');
    const concurrency = await runCli(['worker', 'alteryx-server', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0']);
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toBe('jobwire: --concurrency takes a whole number above 0, got "0"\n');
  });

  it('worker without vendors polls the configured ones; with none configured it says which variables would do', async () => {
    const result = await runCli(['worker', '--redis', 'redis://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('jobwire: no vendor to poll: name them (jobwire worker <vendor>…) or set the URL of some (');
    expect(result.stderr).toContain('JOBWIRE_ALTERYX_SERVER_URL');
  });

  it('worker exits 2 naming the settings a vendor lacks', async () => {
    const result = await runCli(['worker', 'alteryx-server', '--redis', 'redis://127.0.0.1:1'], {
      JOBWIRE_ALTERYX_SERVER_URL: 'http://127.0.0.1:9',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('jobwire: alteryx-server needs --client-id (or JOBWIRE_ALTERYX_SERVER_CLIENT_ID)');
  });

  it('watch exits 2 when Redis cannot be reached, naming it', async () => {
    const port = await closedPort();
    const result = await runCli(['watch', 'alteryx-server', 'j1', '--redis', `redis://127.0.0.1:${port}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`jobwire: could not reach Redis at redis://127.0.0.1:${port} (ECONNREFUSED)\n`);
  }, 30_000);
});

/** A port on 127.0.0.1 nothing listens on (taken from the kernel, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
