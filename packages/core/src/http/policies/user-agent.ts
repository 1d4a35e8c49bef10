/**
 * User agent: `User-Agent: jobwire-<vendor>/<version>` (or the user's `userAgent`) on requests
 * that carry none of their own, so a server's logs say which client called. Never in browsers:
 * `User-Agent` is not a CORS-safelisted header, and setting it would cost a preflight request on
 * every call. Left out of the pipeline when there is nothing to send.
 */
import type { CallPolicy } from '../pipeline.js';

/** Whether this runs in a browser (a page or a worker), where no `User-Agent` is set. */
export function inBrowser(): boolean {
  return (
    typeof document !== 'undefined' || typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined'
  );
}

/** The `User-Agent` a client sends: the user's, else `jobwire-<vendor>/<version>`; undefined when none (or in a browser). */
export function userAgentValue(
  vendor: string,
  options: { userAgent?: string | undefined; version?: string | undefined },
): string | undefined {
  if (inBrowser()) return undefined;
  if (options.userAgent !== undefined && options.userAgent !== '') return options.userAgent;
  return options.version ? `jobwire-${vendor}/${options.version}` : undefined;
}

/** Sets `User-Agent: value` on each request that has none. */
export function userAgentPolicy(value: string): CallPolicy {
  return {
    name: 'userAgent',
    sendRequest(call, next) {
      if (!call.headers.has('user-agent')) call.headers.set('user-agent', value);
      return next(call);
    },
  };
}
