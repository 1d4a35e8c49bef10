/**
 * The instrumentation contract wired into the transport (issue 26): one call scope per call, one
 * attempt per request sent (retries and the resend after a renewal), the token request a call of
 * its own inside the first one's `run`, headers propagated only when the instrumentation returns
 * some, and nothing composed without an instrumentation. Real HTTP on 127.0.0.1 (local-server.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bearerAuthenticator, createRedactor, NotFoundError, ServerError } from '../src/index.js';
import { createHttpTransport, type HttpTransportOptions } from '../src/internal.js';
import { recordingInstrumentation } from './instrumentation-support.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { rejection } from './rejection.js';

const FAST_RETRY = { retries: 2, baseDelayMs: 1, maxDelayMs: 1 };

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function transport(options: Partial<HttpTransportOptions>) {
  return createHttpTransport({ vendor: 'alteryx', redactor: createRedactor(['hunter2-secret']), retry: FAST_RETRY, ...options });
}

describe('instrumentation of calls and attempts', () => {
  it('a status call is one call with one attempt, its job id, redacted URL, status and request id', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
      response.end('{"id":"j 1"}');
    });
    const instrumentation = recordingInstrumentation();
    const http = transport({ instrumentation });
    const answer = await http.request(
      { url: `${server.url}/jobs/j%201?token=hunter2-secret` },
      { operation: 'getJobStatus', jobId: 'j 1' },
    );
    expect(answer.body).toEqual({ id: 'j 1' });
    const [start, attempt, attemptEnd, end, ...rest] = instrumentation.events;
    expect(rest).toEqual([]);
    expect(start).toEqual({
      kind: 'startCall',
      id: 1,
      parent: undefined,
      info: {
        vendor: 'alteryx',
        operation: 'getJobStatus',
        method: 'GET',
        url: `${server.url}/jobs/j%201?token=***`,
        jobId: 'j 1',
      },
    });
    expect(attempt).toEqual({
      kind: 'startAttempt',
      call: 1,
      attempt: 1,
      resendCount: 0,
      method: 'GET',
      url: `${server.url}/jobs/j%201?token=***`,
    });
    expect(attemptEnd).toEqual({ kind: 'endAttempt', call: 1, outcome: { status: 200, requestId: 'req-1' } });
    expect(end).toEqual({ kind: 'endCall', id: 1, error: undefined });
    expect(server.requests[0]?.headers.traceparent).toBeUndefined();
  });

  it('a retried call (503, then 200) is one call with two attempts, resend counts 0 and 1', async () => {
    let n = 0;
    server = await startLocalServer((_request, response) => {
      n++;
      response.writeHead(n === 1 ? 503 : 200, { 'content-type': 'application/json' });
      response.end(n === 1 ? '{"message":"busy"}' : '{}');
    });
    const instrumentation = recordingInstrumentation();
    await transport({ instrumentation }).request({ url: `${server.url}/jobs/1` }, { operation: 'getJobStatus' });
    const kinds = instrumentation.events.map((event) => event.kind);
    expect(kinds).toEqual(['startCall', 'startAttempt', 'endAttempt', 'startAttempt', 'endAttempt', 'endCall']);
    const attempts = instrumentation.events.filter((event) => event.kind === 'startAttempt');
    expect(attempts.map((event) => [event.attempt, event.resendCount])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    const ends = instrumentation.events.filter((event) => event.kind === 'endAttempt');
    expect(ends[0]?.outcome.status).toBe(503);
    expect(ends[0]?.outcome.error).toBeInstanceOf(ServerError);
    expect(ends[1]?.outcome).toEqual({ status: 200, requestId: undefined });
  });

  it('a failed call ends its scope with the error the caller gets', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'req-404' });
      response.end('{"message":"no such job"}');
    });
    const instrumentation = recordingInstrumentation();
    const error = await rejection(
      transport({ instrumentation }).request({ url: `${server.url}/jobs/9` }, { operation: 'getJobStatus' }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    const end = instrumentation.events.at(-1);
    expect(end).toEqual({ kind: 'endCall', id: 1, error });
    const attemptEnd = instrumentation.events.find((event) => event.kind === 'endAttempt');
    expect(attemptEnd).toEqual({ kind: 'endAttempt', call: 1, outcome: { status: 404, error, requestId: 'req-404' } });
  });

  it('a re-login: the token request is a call of its own inside the first one, the resend a second attempt', async () => {
    let tokens = 0;
    server = await startLocalServer((request, response) => {
      if (request.url === '/token') {
        tokens++;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(`{"token":"t${tokens}"}`);
        return;
      }
      const ok = request.headers.authorization === 'Bearer t2';
      response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      response.end(ok ? '{}' : '{"message":"expired"}');
    });
    const instrumentation = recordingInstrumentation();
    const url = server.url;
    const http = transport({
      instrumentation,
      authenticator: bearerAuthenticator(async (signal) => {
        const { body } = await http.request(
          { method: 'POST', url: `${url}/token` },
          { operation: 'requestToken', authenticate: false, idempotent: false, signal },
        );
        return { token: (body as { token: string }).token };
      }),
    });
    await http.request({ url: `${url}/jobs/1` }, { operation: 'getJobStatus', jobId: '1' });
    const summary = instrumentation.events.map((event) =>
      event.kind === 'startCall'
        ? `start ${event.info.operation} #${event.id} in ${event.parent ?? '-'}`
        : event.kind === 'startAttempt'
          ? `attempt #${event.call} ${event.attempt}/${event.resendCount}`
          : event.kind === 'endAttempt'
            ? `end attempt #${event.call} ${event.outcome.status}`
            : event.kind === 'endCall'
              ? `end #${event.id}${event.error ? ' failed' : ''}`
              : event.kind,
    );
    expect(summary).toEqual([
      'start getJobStatus #1 in -',
      'start requestToken #2 in 1',
      'attempt #2 1/0',
      'end attempt #2 200',
      'end #2',
      'attempt #1 1/0',
      'end attempt #1 401',
      'start requestToken #3 in 1',
      'attempt #3 1/0',
      'end attempt #3 200',
      'end #3',
      'attempt #1 1/1',
      'end attempt #1 200',
      'end #1',
    ]);
  });

  it('sends the headers an attempt returns, and none when it returns undefined', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    let propagate = true;
    const instrumentation = recordingInstrumentation(() =>
      propagate ? { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } : undefined,
    );
    const http = transport({ instrumentation });
    await http.request({ url: `${server.url}/a` }, { operation: 'getJobStatus' });
    propagate = false;
    await http.request({ url: `${server.url}/b` }, { operation: 'getJobStatus' });
    expect(server.requests[0]?.headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(server.requests[1]?.url).toBe('/b');
    expect(server.requests[1]?.headers.traceparent).toBeUndefined();
  });
});

describe('without an instrumentation', () => {
  it('composes no tracing policy: the tracing chunk is never loaded, until a traced client calls', async () => {
    vi.resetModules(); // a module registry of this test's own: no other test has loaded the chunk
    const { loadTracing } = await import('../src/http/lazy-chunks.js');
    const { createHttpTransport: create } = await import('../src/internal.js');
    server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    const redactor = createRedactor([]);
    await create({ vendor: 'elma-rpa', redactor }).request({ url: `${server.url}/a` }, { operation: 'getJobStatus' });
    expect(loadTracing.loaded()).toBeUndefined();
    const instrumentation = recordingInstrumentation();
    await create({ vendor: 'elma-rpa', redactor, instrumentation }).request(
      { url: `${server.url}/b` },
      { operation: 'getJobStatus' },
    );
    expect(loadTracing.loaded()).toBeDefined();
    expect(instrumentation.events.map((event) => event.kind)).toEqual(['startCall', 'startAttempt', 'endAttempt', 'endCall']);
  });
});

describe('an instrumentation that records nothing now (active() false)', () => {
  it('gets no hook call for a call or a wait, until it says it is active', async () => {
    server = await startLocalServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    let active = false;
    const instrumentation = Object.assign(recordingInstrumentation(), { active: () => active });
    const traced = transport({ instrumentation });
    const answer = await traced.request({ url: `${server.url}/a` }, { operation: 'getJobStatus' });
    expect(answer.status).toBe(200);
    const { waitForJob } = await import('../src/index.js');
    const source = {
      vendor: 'alteryx-server' as const,
      getJobStatus: async (id: string) =>
        ({
          id,
          vendor: 'alteryx-server',
          state: 'succeeded',
          vendorStatus: 'Completed',
          done: true,
          succeeded: true,
          outputs: {},
          raw: {},
        }) as never,
    };
    await waitForJob(source, 'j1', { minDelayMs: 1 }, instrumentation);
    expect(instrumentation.events).toEqual([]);
    active = true;
    await traced.request({ url: `${server.url}/b` }, { operation: 'getJobStatus' });
    await waitForJob(source, 'j1', { minDelayMs: 1 }, instrumentation);
    expect(instrumentation.events.map((event) => event.kind)).toEqual([
      'startCall',
      'startAttempt',
      'endAttempt',
      'endCall',
      'startWait',
      'poll',
      'endWait',
    ]);
  });
});
