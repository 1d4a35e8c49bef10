// A recording served as msw handlers, through the same matcher as `replayFetch`. msw is an optional
// peer, loaded on first use (msw-runtime.ts): only its types are imported here.
import type { HttpHandler } from 'msw';
import { HttpResponse, http } from '../msw/msw-runtime.js';
import type { Recording } from './format.js';
import { createRecordingMatcher, recordedResponse } from './replay.js';

/** Options of `recordingHandlers`. */
export interface RecordingHandlerOptions {
  /** Only requests to this origin are answered (a path in it is ignored: recorded paths are whole); default: any origin. */
  baseUrl?: string;
}

/**
 * msw handlers that answer from a recording, as `replayFetch` does: the same matching, the
 * recorded answers in order per request (then the last one again), the recorded status, headers
 * and body. A request the recording has no answer for gets a network error (fetch rejects with a
 * TypeError, a jobwire client reports a `ConnectionError`). With `baseUrl`, requests to other
 * origins are left to the next handlers. Each call makes handlers that count on their own.
 *
 * msw is an optional peer of the testkit: install it (`npm install -D msw`) to use these.
 *
 * @param recording - What `readRecording` read.
 * @param options - `baseUrl`: the origin to answer (default: any).
 * @returns The handlers, for `setupServer(...recordingHandlers(recording))`.
 *
 * @example
 * ```ts
 * import { readRecording, recordingHandlers } from '@jobwire/testkit';
 * import { setupServer } from 'msw/node';
 *
 * const server = setupServer(...recordingHandlers(await readRecording('specs/elma-rpa/samples/recorded/simulator')));
 * server.listen({ onUnhandledRequest: 'error' });
 * ```
 */
export function recordingHandlers(recording: Recording, options: RecordingHandlerOptions = {}): HttpHandler[] {
  const origin = options.baseUrl === undefined ? undefined : new URL(options.baseUrl).origin;
  const matcher = createRecordingMatcher(recording);
  return [
    http.all('*', async ({ request }) => {
      const url = new URL(request.url);
      if (origin !== undefined && url.origin !== origin) return undefined;
      const exchange = matcher.match({
        method: request.method,
        url,
        headers: request.headers,
        body: request.body === null ? '' : await request.clone().text(),
      });
      return exchange ? recordedResponse(exchange) : HttpResponse.error();
    }),
  ];
}
