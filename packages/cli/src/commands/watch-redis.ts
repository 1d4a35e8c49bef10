// What `jobwire watch` and `jobwire worker` share: the Redis they meet in, and @jobwire/bullmq,
// not a dependency of the CLI, loaded only by these two commands (so `--help` and every other
// command load none of it, and a CLI installed without it works for everything else).
import type { WatchResult } from '@jobwire/bullmq';
import { UsageError } from '../errors.js';
import { ExitCode, exitCodeForState } from '../exit-codes.js';

/** The package these commands need, and how to get it. */
const bullmqPackage = '@jobwire/bullmq';

/** `@jobwire/bullmq`, or a usage error (exit code 2) saying how to install it when it is not there. */
export async function loadWatchPackage(command: string): Promise<typeof import('@jobwire/bullmq')> {
  try {
    return await import('@jobwire/bullmq');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    // Node says "Cannot find package '@jobwire/bullmq' imported from …" when it is not installed.
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${bullmqPackage}'`)) {
      throw new UsageError(
        `jobwire ${command} needs ${bullmqPackage}, which is not installed: npm install ${bullmqPackage} (beside @jobwire/cli)`,
        { cause: error },
      );
    }
    throw new UsageError(`jobwire ${command}: cannot load ${bullmqPackage}: ${message}`, { cause: error });
  }
}

/** Flags of both commands that say where Redis is. */
export interface RedisFlags {
  /** `redis://[user:password@]host:port[/db]`, else `JOBWIRE_REDIS_URL`. */
  redis?: string;
  /** Key prefix (default `jobwire`). */
  prefix?: string;
}

/** Where the watches are: the URL (to connect with) and the same without its user info (to show). */
export interface RedisTarget {
  url: string;
  /** `redis://host:port/db`: no user name, no password. */
  shown: string;
  /** The password in the URL, if any: scrubbed from every line the worker logs. */
  password: string | undefined;
  prefix: string | undefined;
}

/**
 * The Redis of `--redis`, else of `JOBWIRE_REDIS_URL` (so a password need not be on the command
 * line). A `redis:` or `rediss:` URL with a host; anything else is a usage error that shows the
 * value without its user info.
 */
export function redisTarget(flags: RedisFlags, env: NodeJS.ProcessEnv): RedisTarget {
  const url = flags.redis ?? (env.JOBWIRE_REDIS_URL || undefined);
  if (url === undefined) {
    throw new UsageError('no Redis: pass --redis redis://127.0.0.1:6379 or set JOBWIRE_REDIS_URL');
  }
  const source = flags.redis === undefined ? 'JOBWIRE_REDIS_URL' : '--redis';
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    const masked = url.replace(/^([^/?#]*\/\/)[^/?#]*@/, '$1***@');
    throw new UsageError(`${source}: ${JSON.stringify(masked)} is not a redis:// or rediss:// URL with a host`);
  }
  const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  const password = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  return { url, shown, password, prefix: flags.prefix };
}

/**
 * Connection options for a command that must not hang on a Redis it cannot reach (`watch`): a
 * few reconnection attempts (a Redis restarting for a second or two is ridden out), then the
 * commands waiting fail. A worker keeps BullMQ's default of reconnecting for ever instead.
 */
export function shortLivedConnection(target: RedisTarget) {
  return {
    url: target.url,
    retryStrategy: (times: number) => (times > REDIS_ATTEMPTS ? null : Math.min(times * 250, 1000)),
  };
}

/** Reconnection attempts of `shortLivedConnection` (about 3.5 s of trying). */
const REDIS_ATTEMPTS = 5;

/**
 * An error of the Redis connection as the usage error (exit code 2) it is for the user: Redis named
 * by host, with the system's error code (`ECONNREFUSED`). Other errors are returned as they are.
 */
export function redisError(error: unknown, target: RedisTarget): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : '';
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new UsageError(`could not reach Redis at ${target.shown} (${code})`, { cause: error });
  }
  if (/Connection is closed|connect ETIMEDOUT|NOAUTH|WRONGPASS/.test(message)) {
    const said = target.password ? message.replaceAll(target.password, '***') : message;
    return new UsageError(`could not use Redis at ${target.shown}: ${said}`, { cause: error });
  }
  return error;
}

/**
 * The exit code a finished watch gives, the same as `jobwire wait` for the same end: the job's state
 * (0 succeeded, 1 failed, 3 cancelled), 4 for a timeout, and for an error the code `wait` gives that
 * error (2 for what kept the server from being asked: no connection, no login; 1 otherwise).
 */
export function exitCodeForResult(result: WatchResult): ExitCode {
  if (result.outcome === 'done') return exitCodeForState(result.status.state);
  if (result.outcome === 'timeout') return ExitCode.timedOut;
  return unreachableErrors.has(result.error.name) ? ExitCode.usage : ExitCode.failed;
}

/** Errors `jobwire wait` ends with exit code 2 (see failure.ts), by the name a watch records. */
const unreachableErrors = new Set(['ConnectionError', 'TimeoutError', 'AuthenticationError', 'UsageError', 'UnknownVendorError']);
