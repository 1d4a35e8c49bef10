// The test's side of worker-process.mjs: starts a watch worker in a child process (Node on the built
// packages), follows its polls over IPC, and kills it (SIGKILL: no chance to finish or release
// anything) or closes it gracefully.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from '@jobwire/core/definition';
import type { VendorLimits, WatchRef } from '../../src/types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const packagesDir = path.resolve(here, '../../..');
const script = path.join(here, 'worker-process.mjs');

/** What the child reported of one poll. */
export interface PollReport {
  vendor: string;
  ref: WatchRef;
  /** The state the poll read, once it ended with one. */
  state?: string;
  /** The error's name, once it ended with one. */
  error?: string;
  /** It ended (with a state or an error). */
  ended: boolean;
}

/** A message of worker-process.mjs. */
interface WorkerMessage {
  type: 'ready' | 'poll' | 'polled' | 'warn';
  vendor?: string;
  ref?: WatchRef;
  state?: string;
  error?: string;
  message?: string;
  meta?: unknown;
}

/** Options of `startWorkerProcess`. */
export interface WorkerProcessOptions {
  /** The Redis port on 127.0.0.1. */
  redisPort: number;
  /** The key prefix of the watches. */
  prefix: string;
  /** The vendors it polls and the settings that connect to each (passed in the environment: they hold credentials). */
  vendors: Readonly<Record<string, Settings>>;
  /** The worker's `lockDurationMs`. */
  lockDurationMs?: number;
  /** The worker's `limits`. */
  limits?: Readonly<Record<string, VendorLimits>>;
  /** The vendor clients' `retry` option (false: one request per poll). */
  retry?: false;
}

/** A watch worker running in a child process. */
export interface WorkerProcess {
  /** Its process id. */
  readonly pid: number | undefined;
  /** Every poll it reported, in the order they started. */
  readonly polls: readonly PollReport[];
  /** Resolves once its worker is ready; rejects if it exits before. */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The worker's warnings (redacted by the worker), as `message {meta}` lines. */
  readonly warnings: readonly string[];
  /** What it wrote to stderr (nothing, unless something went wrong). */
  stderr(): string;
  /** Resolves once it has reported `count` polls started in all (rejects if it exits before). */
  pollsStarted(count: number): Promise<void>;
  /** SIGKILL, and wait for the process to end. */
  kill(): Promise<void>;
  /** Graceful close (the worker's `close()`), and wait for the process to end with its exit code. */
  close(): Promise<number | null>;
}

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/**
 * Throws unless the child's packages are built and their dist is newer than their sources: the child
 * runs dist, and a stale one would test yesterday's code. CI builds (`turbo build`) before the tests.
 */
export function assertBuilt(packageDirs: readonly string[]): void {
  for (const dir of packageDirs) {
    const entry = path.join(packagesDir, dir, 'dist', 'index.js');
    const build = `flock /tmp/jobwire-build.lock npx -y pnpm@10.34.9 --filter @jobwire/bullmq... --filter ./packages/${dir} build`;
    if (!existsSync(entry)) throw new Error(`packages/${dir}/dist is missing: the worker process runs the build (${build})`);
    const built = statSync(entry).mtimeMs;
    const newest = files(path.join(packagesDir, dir, 'src')).find((file) => statSync(file).mtimeMs > built);
    if (newest) throw new Error(`packages/${dir}/dist is older than ${path.relative(packagesDir, newest)}: rebuild (${build})`);
  }
}

/** Starts a worker process; `ready` says when it polls. */
export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const args = [
    '--redis-port',
    String(options.redisPort),
    '--prefix',
    options.prefix,
    '--vendors',
    Object.keys(options.vendors).join(','),
  ];
  if (options.lockDurationMs !== undefined) args.push('--lock-duration-ms', String(options.lockDurationMs));
  if (options.limits !== undefined) args.push('--limits', JSON.stringify(options.limits));
  if (options.retry === false) args.push('--retry', 'false');
  const child: ChildProcess = fork(script, args, {
    execArgv: [], // not vitest's
    env: { ...process.env, JOBWIRE_TEST_WORKER_SETTINGS: JSON.stringify(options.vendors) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const polls: PollReport[] = [];
  const warnings: string[] = [];
  const waiters = new Set<() => void>();
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'warn') warnings.push(`${message.message} ${JSON.stringify(message.meta)}`);
      if (message.type === 'poll' && message.vendor !== undefined && message.ref !== undefined) {
        polls.push({ vendor: message.vendor, ref: message.ref, ended: false });
      }
      if (message.type === 'polled') {
        const poll = polls.find((p) => !p.ended && p.vendor === message.vendor && sameRef(p.ref, message.ref));
        if (poll) Object.assign(poll, { ended: true, state: message.state, error: message.error });
      }
      for (const waiter of waiters) waiter();
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker process exited (${code ?? signal}) before it was ready:\n${stderr}`)),
    );
  });
  ready.catch(() => {}); // observed by whoever awaits it
  return {
    pid: child.pid,
    polls,
    warnings,
    ready,
    exited,
    stderr: () => stderr,
    pollsStarted(count) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (polls.length < count) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        void exited.then(({ code, signal }) => reject(new Error(`worker process exited (${code ?? signal}):\n${stderr}`)));
        check();
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.send({ type: 'close' });
      return (await exited).code;
    },
  };
}

function sameRef(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
