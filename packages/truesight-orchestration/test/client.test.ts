import { inspect } from 'node:util';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  type JobwireError,
  NotFoundError,
  RedirectError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '@jobwire/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTrueSightOrchestrationClient } from '../src/index.js';
import {
  BASE_URL,
  clientFor,
  FakeServer,
  hang,
  jobStatus,
  json,
  PASSWORD,
  type Reply,
  ROOT,
  rejection,
  rejectsWith,
  TOKEN,
  text,
  USERNAME,
} from './fake-server.js';

const JOB_ID = '7f3c9a2e-41b0-4c6d-9e8f-0a1b2c3d4e5f';
const STATUS = `/job/${JOB_ID}/status`;
const PROCESS = ':AutoPilot-AD-Utilities:HTTP:Get';
const EXECUTE = '/process/%3AAutoPilot-AD-Utilities%3AHTTP%3AGet/execute';

afterEach(() => {
  vi.useRealTimers();
});

describe('token login', () => {
  it('logs in lazily: nothing is sent when the client is created', () => {
    const server = new FakeServer();
    clientFor(server);
    expect(server.requests).toEqual([]);
  });

  it('POSTs {username, password} to /login and sends the token from the response header', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus()));

    await clientFor(server).getJob(JOB_ID);

    expect(server.requests.map((r) => `${r.method} ${r.url.href}`)).toEqual([`POST ${ROOT}/login`, `GET ${ROOT}${STATUS}`]);
    const [login, call] = server.requests;
    expect(JSON.parse(login?.body ?? '')).toEqual({ username: USERNAME, password: PASSWORD });
    expect(login?.headers.get('content-type')).toBe('application/json');
    expect(login?.headers.get('authentication-token')).toBeNull();
    expect(call?.headers.get('authentication-token')).toBe(TOKEN);
  });

  it('keeps the token for later calls', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus())).on('POST', EXECUTE, json({ jobId: 'j1' }));
    const client = clientFor(server);

    await client.getJob(JOB_ID);
    await client.executeProcess(PROCESS, [], { mode: 'async' });
    await client.getJobStatus(JOB_ID);

    expect(server.loginRequests).toHaveLength(1);
    expect(server.apiRequests.map((r) => r.headers.get('authentication-token'))).toEqual([TOKEN, TOKEN, TOKEN]);
  });

  it('concurrent first calls share one login', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus()));
    const client = clientFor(server);

    const jobs = await Promise.all([1, 2, 3, 4, 5].map(() => client.getJob(JOB_ID)));

    expect(jobs.map((job) => job.jobId)).toEqual([JOB_ID, JOB_ID, JOB_ID, JOB_ID, JOB_ID]);
    expect(server.loginRequests).toHaveLength(1);
    expect(server.apiRequests).toHaveLength(5);
  });

  it('logs in again once on a 401 and repeats the call once with the new token', async () => {
    const server = new FakeServer().on(
      'GET',
      STATUS,
      json(jobStatus({ status: 'Assigned' })),
      text('Unauthorized', 401),
      json(jobStatus({ status: 'Completed' })),
    );
    const client = clientFor(server);
    await client.getJob(JOB_ID);

    const job = await client.getJob(JOB_ID);

    expect(job.status).toBe('Completed');
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.headers.get('authentication-token')}`)).toEqual([
      'POST /login null',
      `GET ${STATUS} ${TOKEN}`,
      `GET ${STATUS} ${TOKEN}`,
      'POST /login null',
      `GET ${STATUS} tok-2`,
    ]);
    await client.getJob(JOB_ID);
    expect(server.loginRequests).toHaveLength(2);
    expect(server.apiRequests.at(-1)?.headers.get('authentication-token')).toBe('tok-2');
  });

  it('concurrent 401s with the same stale token cause one new login', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus()));
    const client = clientFor(server);
    await client.getJob(JOB_ID);
    // The token expires on the server: every request with it is refused from now on.
    server.on('GET', STATUS, (request) =>
      request.headers.get('authentication-token') === TOKEN ? text('Unauthorized', 401)(request) : json(jobStatus())(request),
    );

    await Promise.all([1, 2, 3].map(() => client.getJob(JOB_ID)));

    expect(server.loginRequests).toHaveLength(2);
    expect(server.apiRequests.slice(1).map((r) => r.headers.get('authentication-token'))).toEqual([
      TOKEN,
      TOKEN,
      TOKEN,
      'tok-2',
      'tok-2',
      'tok-2',
    ]);
  });

  it('repeats a refused execute with its body after the new login (the server did not run it)', async () => {
    const server = new FakeServer().on('POST', EXECUTE, text('Unauthorized', 401), json({ jobId: 'j-77' }));

    const result = await clientFor(server).executeProcess(PROCESS, { url: 'https://example.com' }, { mode: 'async' });

    expect(result).toEqual({ mode: 'async', jobId: 'j-77' });
    const posts = server.to('POST', EXECUTE);
    expect(posts.map((r) => r.headers.get('authentication-token'))).toEqual([TOKEN, 'tok-2']);
    expect(posts.map((r) => JSON.parse(r.body))).toEqual([
      { inputParameters: [{ name: 'url', value: 'https://example.com' }] },
      { inputParameters: [{ name: 'url', value: 'https://example.com' }] },
    ]);
  });

  it('gives up with AuthenticationError when the call is refused after the new login too', async () => {
    const server = new FakeServer().on('GET', STATUS, text('Unauthorized', 401));

    const error = await rejectsWith(clientFor(server, { retry: true }).getJob(JOB_ID), AuthenticationError);

    expect(error.status).toBe(401);
    expect(error.vendor).toBe('truesight-orchestration');
    expect(error.operation).toBe('getJob');
    expect(error.message).toBe('truesight-orchestration getJob failed: HTTP 401: Unauthorized');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /login',
      `GET ${STATUS}`,
      'POST /login',
      `GET ${STATUS}`,
    ]);
  });

  it('a 401 on login is an AuthenticationError from login, with no retry loop', async () => {
    const server = new FakeServer().on('POST', '/login', text('Unauthorized', 401)).on('GET', STATUS, json(jobStatus()));

    const error = await rejectsWith(clientFor(server, { retry: true }).getJob(JOB_ID), AuthenticationError);

    expect(error.operation).toBe('login');
    expect(error.status).toBe(401);
    expect(server.loginRequests).toHaveLength(1);
    expect(server.apiRequests).toEqual([]);
  });

  it('a login answered 200 {"login":"false"} without a token is an AuthenticationError', async () => {
    const server = new FakeServer().on('POST', '/login', json({ login: 'false' }));

    const error = await rejectsWith(clientFor(server).getJob(JOB_ID), AuthenticationError);

    expect(error.operation).toBe('login');
    expect(error.status).toBe(200);
    expect(server.apiRequests).toEqual([]);
  });

  it('a login answered 200 without the Authentication-Token header is an UnexpectedResponseError', async () => {
    const server = new FakeServer().on('POST', '/login', json({ login: 'true' }));

    const error = await rejectsWith(clientFor(server).getJob(JOB_ID), UnexpectedResponseError);

    expect(error.operation).toBe('login');
    expect(error.message).toBe('truesight-orchestration login: HTTP 200 without an Authentication-Token header or cookie');
    expect(error.excerpt).toBe('{"login":"true"}');
  });

  it('takes the token from the Authentication-Token cookie (20.02+) when the header is missing', async () => {
    const cookies =
      'JSESSIONID=FXV7890B4116; Path=/baocdp; Secure; HttpOnly, Authentication-Token="tok-from-cookie"; Path=/baocdp';
    const server = new FakeServer()
      .on('POST', '/login', json({ login: 'true' }, 200, { 'Set-Cookie': cookies }))
      .on('GET', STATUS, json(jobStatus()));

    await clientFor(server).getJob(JOB_ID);

    expect(server.apiRequests[0]?.headers.get('authentication-token')).toBe('tok-from-cookie');
    expect(server.apiRequests[0]?.headers.get('cookie')).toBeNull();
  });

  it('prefers the Authentication-Token header to the cookie, as the documentation says', async () => {
    const server = new FakeServer()
      .on(
        'POST',
        '/login',
        json({ login: 'true' }, 200, {
          'Authentication-Token': 'tok-header',
          'Set-Cookie': 'Authentication-Token=tok-cookie; Path=/',
        }),
      )
      .on('GET', STATUS, json(jobStatus()));

    await clientFor(server).getJob(JOB_ID);

    expect(server.apiRequests[0]?.headers.get('authentication-token')).toBe('tok-header');
  });

  it('renews the token before its lifetime (tokenLifetimeMs minus a minute) runs out', async () => {
    vi.useFakeTimers({ now: new Date('2025-03-01T12:00:00Z') });
    const start = Date.now();
    const server = new FakeServer().on('GET', STATUS, json(jobStatus()));
    const client = clientFor(server, { tokenLifetimeMs: 600_000 });

    await client.getJob(JOB_ID);
    vi.setSystemTime(start + 540_000 - 1);
    await client.getJob(JOB_ID);
    vi.setSystemTime(start + 540_000);
    await client.getJob(JOB_ID);

    expect(server.apiRequests.map((r) => r.headers.get('authentication-token'))).toEqual([TOKEN, TOKEN, 'tok-2']);
  });

  it('a static authToken is sent as is, with no login, and a 401 is final', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus()), text('Unauthorized', 401));
    const client = createTrueSightOrchestrationClient(
      { baseUrl: BASE_URL, authToken: 'static-TOKEN-xyz' },
      { fetch: server.fetch, retry: false },
    );

    await client.getJob(JOB_ID);
    const error = await rejectsWith(client.getJob(JOB_ID), AuthenticationError);

    expect(error.operation).toBe('getJob');
    expect(server.loginRequests).toEqual([]);
    expect(server.apiRequests.map((r) => r.headers.get('authentication-token'))).toEqual([
      'static-TOKEN-xyz',
      'static-TOKEN-xyz',
    ]);
  });
});

describe('logout', () => {
  it('POSTs /logout with the current token; the next call logs in again', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus())).on('POST', '/logout', text(''));
    const client = clientFor(server);

    await client.getJob(JOB_ID);
    await client.logout();
    await client.getJob(JOB_ID);

    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.headers.get('authentication-token')}`)).toEqual([
      'POST /login null',
      `GET ${STATUS} ${TOKEN}`,
      `POST /logout ${TOKEN}`,
      'POST /login null',
      `GET ${STATUS} tok-2`,
    ]);
  });

  it('does nothing before the first login', async () => {
    const server = new FakeServer();
    await clientFor(server).logout();
    expect(server.requests).toEqual([]);
  });

  it('a 401 on logout (token already expired) still ends the session quietly', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus())).on('POST', '/logout', text('Unauthorized', 401));
    const client = clientFor(server);
    await client.getJob(JOB_ID);

    await client.logout();
    await client.logout();

    expect(server.to('POST', '/logout')).toHaveLength(1);
  });

  it('other logout failures are reported, and never retried', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus())).on('POST', '/logout', text('busy', 503));
    const client = clientFor(server, { retry: true });
    await client.getJob(JOB_ID);

    const error = await rejectsWith(client.logout(), ServerError);

    expect(error.operation).toBe('logout');
    expect(server.to('POST', '/logout')).toHaveLength(1);
  });

  it('a static token client logs out with its token', async () => {
    const server = new FakeServer().on('POST', '/logout', text(''));
    const client = createTrueSightOrchestrationClient(
      { baseUrl: BASE_URL, authToken: 'static-TOKEN-xyz' },
      { fetch: server.fetch },
    );

    await client.logout();

    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.headers.get('authentication-token')}`)).toEqual([
      'POST /logout static-TOKEN-xyz',
    ]);
  });
});

describe('executeProcess', () => {
  it('sync (the default) sends mode=sync and returns raw and decoded outputs', async () => {
    const outputs = [
      { name: 'status code', value: '<result>200</result>' },
      { name: 'escaped', value: '&lt;result&gt;done &amp;amp; dusted&lt;/result&gt;' },
      { name: 'empty', value: null },
    ];
    const server = new FakeServer().on('POST', EXECUTE, json(outputs));

    const result = await clientFor(server).executeProcess(PROCESS, [
      { name: 'xml in', value: '<a href="x">"q"</a>', type: 'xml' },
      { name: 'plain', value: 'p1' },
    ]);

    const [request] = server.apiRequests;
    expect(request?.url.href).toBe(`${ROOT}${EXECUTE}?mode=sync`);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      inputParameters: [
        { name: 'xml in', value: '<a href="x">"q"</a>', type: 'xml' },
        { name: 'plain', value: 'p1' },
      ],
    });
    expect(result.mode).toBe('sync');
    expect(result.outputParameters).toEqual(outputs);
    expect(result.outputs).toEqual({ 'status code': '200', escaped: 'done & dusted', empty: null });
  });

  it('sync also accepts an object with outputParameters', async () => {
    const server = new FakeServer().on('POST', EXECUTE, json({ outputParameters: [{ name: 'a', value: '<result>1</result>' }] }));

    const result = await clientFor(server).executeProcess(PROCESS, {}, { mode: 'sync' });

    expect(result.outputs).toEqual({ a: '1' });
  });

  it('a map of inputs is sent as name/value pairs, values as text', async () => {
    const server = new FakeServer().on('POST', EXECUTE, json([]));

    await clientFor(server).executeProcess(PROCESS, { count: 3, dryRun: false, name: 'x' });

    expect(JSON.parse(server.apiRequests[0]?.body ?? '')).toEqual({
      inputParameters: [
        { name: 'count', value: '3' },
        { name: 'dryRun', value: 'false' },
        { name: 'name', value: 'x' },
      ],
    });
  });

  it.each<[string, Reply, string]>([
    ['{"jobId": …}', json({ jobId: 'job-1' }), 'job-1'],
    ['{"id": …}', json({ id: 'job-2' }), 'job-2'],
    ['{"job": {"id": …}}', json({ job: { id: 'job-3' } }), 'job-3'],
    ['a JSON string', json('job-4'), 'job-4'],
    ['a JSON number', json(12345), '12345'],
    ['a bare text id', text('job-6\n'), 'job-6'],
  ])('async accepts %s as the job id', async (_, reply, jobId) => {
    const server = new FakeServer().on('POST', EXECUTE, reply);

    const result = await clientFor(server).executeProcess(PROCESS, [], { mode: 'async' });

    expect(server.apiRequests[0]?.url.search).toBe('?mode=async');
    expect(result).toEqual({ mode: 'async', jobId });
  });

  it.each<[string, 'sync' | 'async', Reply]>([
    ['sync: HTML page', 'sync', text('<html><title>Oops</title></html>', 200, 'text/html')],
    ['sync: object without parameters', 'sync', json({ outputParameters: [{ value: 'no name' }] })],
    ['sync: empty body', 'sync', text('')],
    ['async: object without an id', 'async', json({ started: true })],
    ['async: a sentence', 'async', text('Process could not be started')],
    ['async: truncated JSON', 'async', text('{"jobId":"j', 200, 'application/json')],
  ])('%s → UnexpectedResponseError', async (_, mode, reply) => {
    const server = new FakeServer().on('POST', EXECUTE, reply);

    const error = await rejectsWith(clientFor(server).executeProcess(PROCESS, [], { mode }), UnexpectedResponseError);

    expect(error.operation).toBe('executeProcess');
  });

  it('is never retried on 5xx, even with read retries on', async () => {
    const server = new FakeServer().on('POST', EXECUTE, json({ message: 'busy' }, 503));

    const error = await rejectsWith(clientFor(server, { retry: true }).executeProcess(PROCESS), ServerError);

    expect(error.status).toBe(503);
    expect(server.to('POST', EXECUTE)).toHaveLength(1);
  });

  it('encodes process names as one path segment (colons, spaces, slashes, non-ASCII)', async () => {
    const server = new FakeServer()
      .on('POST', '/process/%3AMy%20Module%3ARead%20File/execute', json([]))
      .on('POST', '/process/%3AM%3Aa%2Fb%3Fc%23%C3%BC/execute', json([]));
    const client = clientFor(server);

    await client.executeProcess(':My Module:Read File');
    await client.executeProcess(':M:a/b?c#ü');

    expect(server.apiRequests.map((r) => r.url.href)).toEqual([
      `${ROOT}/process/%3AMy%20Module%3ARead%20File/execute?mode=sync`,
      `${ROOT}/process/%3AM%3Aa%2Fb%3Fc%23%C3%BC/execute?mode=sync`,
    ]);
  });

  it.each(['', '.', '..'])('refuses the process name %j before anything is sent', async (name) => {
    const server = new FakeServer();

    const error = await rejection(clientFor(server).executeProcess(name));

    expect(error).toBeInstanceOf(RangeError);
    expect(server.requests).toEqual([]);
  });
});

describe('getJob', () => {
  it('reads both spellings of the process name, parses startTime, decodes outputs', async () => {
    const body = jobStatus({
      processName: undefined,
      ProcessName: ':Jobwire:Tests:Run',
      startTime: 'Mon Apr 06 13:39:45 UTC 2015',
      outputParameters: [{ name: 'result xml', value: '<result><row id="1">a</row></result>' }],
    });
    const server = new FakeServer().on('GET', STATUS, json(body));

    const job = await clientFor(server).getJob(JOB_ID);

    expect(job.jobId).toBe(JOB_ID);
    expect(job.processName).toBe(':Jobwire:Tests:Run');
    expect(job.startTime).toBe('Mon Apr 06 13:39:45 UTC 2015');
    expect(job.startedAt?.toISOString()).toBe('2015-04-06T13:39:45.000Z');
    expect(job.outputs).toEqual({ 'result xml': { row: { '@id': '1', '#text': 'a' } } });
    expect(job.raw).toEqual(JSON.parse(JSON.stringify(body)));
  });

  it('keeps a startTime it cannot parse as text only', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus({ startTime: 'Wed Dec 31 17:59:59 IST 1969' })));

    const job = await clientFor(server).getJob(JOB_ID);

    expect(job.startTime).toBe('Wed Dec 31 17:59:59 IST 1969');
    expect(job.startedAt).toBeUndefined();
  });

  it('encodes the job id as a path segment', async () => {
    const server = new FakeServer().on('GET', '/job/a%2Fb%20c%3F%23/status', json(jobStatus()));

    await clientFor(server).getJob('a/b c?#');

    expect(server.apiRequests[0]?.url.href).toBe(`${ROOT}/job/a%2Fb%20c%3F%23/status`);
  });

  it.each(['', '.', '..'])('refuses the job id %j before anything is sent', async (id) => {
    const server = new FakeServer();
    expect(await rejection(clientFor(server).getJob(id))).toBeInstanceOf(RangeError);
    expect(server.requests).toEqual([]);
  });

  it('uses the component and accepts a baseUrl that is already the REST root', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus()));
    const ap = createTrueSightOrchestrationClient(
      { baseUrl: `${BASE_URL}/`, component: 'baoap', username: USERNAME, password: PASSWORD },
      { fetch: server.fetch },
    );
    const root = createTrueSightOrchestrationClient(
      { baseUrl: `${BASE_URL}/baoap/rest/`, authToken: 't' },
      { fetch: server.fetch },
    );

    await ap.getJob(JOB_ID);
    await root.getJob(JOB_ID);

    expect(ap.baseUrl).toBe(`${BASE_URL}/baoap/rest`);
    expect(root.baseUrl).toBe(`${BASE_URL}/baoap/rest`);
    expect(server.requests.map((r) => r.url.pathname)).toEqual([
      '/baoap/rest/login',
      `/baoap/rest${STATUS}`,
      `/baoap/rest${STATUS}`,
    ]);
  });

  it('client.api is the generated client, authenticated the same way', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus({ status: 'Compensated' })));

    const { data } = await clientFor(server).api.GET('/job/{jobId}/status', { params: { path: { jobId: JOB_ID } } });

    // The spec also allows the text answer to an unknown id, so `data` is the status object or text.
    expect(typeof data === 'object' ? data.status : data).toBe('Compensated');
    expect(server.apiRequests[0]?.headers.get('authentication-token')).toBe(TOKEN);
  });
});

describe('errors', () => {
  it.each<[string, Reply, number]>([
    ['200 text', text('Invalid input. No result generated'), 200],
    ['200 JSON message', json({ message: 'Invalid input. No result generated' }), 200],
    ['400 text', text('Invalid input. No result generated', 400), 400],
    ['404 JSON', json({ errorMessage: 'Invalid input. No result generated' }, 404), 404],
  ])('"Invalid input" for a job (%s) → NotFoundError', async (_, reply, status) => {
    const server = new FakeServer().on('GET', STATUS, reply);

    const error = await rejectsWith(clientFor(server).getJobStatus(JOB_ID), NotFoundError);

    expect(error.status).toBe(status);
    expect(error.operation).toBe('getJobStatus');
    expect(error.message).toContain('Invalid input. No result generated');
  });

  it('a 5xx stays a (retryable) ServerError even when its page says "Invalid input"', async () => {
    const page = '<html><head><title>Invalid input. No result generated</title></head></html>';
    const server = new FakeServer().on('GET', STATUS, text(page, 500, 'text/html'));

    const error = await rejectsWith(clientFor(server).getJobStatus(JOB_ID), ServerError);

    expect(error.status).toBe(500);
  });

  it('"Invalid input" on executeProcess stays a plain ApiError (it is about the inputs there)', async () => {
    const server = new FakeServer().on('POST', EXECUTE, text('Invalid input. No result generated', 400));

    const error = await rejectsWith(clientFor(server).executeProcess(PROCESS), ApiError);

    expect(error.constructor).toBe(ApiError);
    expect(error.status).toBe(400);
  });

  it('405 says the component or version lacks the call', async () => {
    const server = new FakeServer().on('GET', STATUS, text('Method not allowed', 405));

    const error = await rejectsWith(clientFor(server).getJob(JOB_ID), ApiError);

    expect(error.constructor).toBe(ApiError);
    expect(error.status).toBe(405);
    expect(error.message).toBe(
      'truesight-orchestration getJob failed: HTTP 405: Method not allowed — this component or server version does not offer the call (an activity peer, baoap, only executes processes before TrueSight Orchestration 7.9.01)',
    );
  });

  it('retries a read on 503 and then succeeds', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('GET', STATUS, json({ message: 'busy' }, 503, { 'retry-after': '1' }), json(jobStatus()));

    const pending = clientFor(server, { retry: true }).getJob(JOB_ID);
    await vi.runAllTimersAsync();
    const job = await pending;

    expect(job.status).toBe('Assigned');
    expect(server.to('GET', STATUS)).toHaveLength(2);
    expect(server.loginRequests).toHaveLength(1);
  });

  it.each<[string, Reply]>([
    ['truncated JSON', text('{"status":"Compl', 200, 'application/json')],
    ['an HTML page', text('<html><body>Login</body></html>', 200, 'text/html')],
    ['an empty body', text('')],
    ['no status', json({ processName: 'x' })],
    ['a numeric status', json(jobStatus({ status: 3 }))],
    ['outputParameters not a list', json(jobStatus({ outputParameters: 'none' }))],
    ['an output without a name', json(jobStatus({ outputParameters: [{ value: '<result/>' }] }))],
    ['an array', json([])],
    ['null', json(null)],
  ])('a job status body with %s → UnexpectedResponseError, never a TypeError', async (_, reply) => {
    const server = new FakeServer().on('GET', STATUS, reply);
    const client = clientFor(server);

    const error = await rejectsWith(client.getJobStatus(JOB_ID), UnexpectedResponseError);

    expect(error.vendor).toBe('truesight-orchestration');
    expect(error.operation).toBe('getJobStatus');
    await rejectsWith(client.getJob(JOB_ID), UnexpectedResponseError);
  });

  it('truncated JSON keeps the HTTP status and a short excerpt', async () => {
    const server = new FakeServer().on('GET', STATUS, text('{"status":"Compl', 200, 'application/json'));

    const error = await rejectsWith(clientFor(server).getJob(JOB_ID), UnexpectedResponseError);

    expect(error.status).toBe(200);
    expect(error.excerpt).toBe('{"status":"Compl');
    expect(error.message).toBe('truesight-orchestration getJob: expected JSON, got malformed or truncated JSON (HTTP 200)');
  });

  it('a connection failure is a ConnectionError', async () => {
    const server = new FakeServer().on('GET', STATUS, () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    });

    const error = await rejectsWith(clientFor(server).getJob(JOB_ID), ConnectionError);

    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('AbortSignal', () => {
  it('a call with an already aborted signal rejects with its reason and sends nothing', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus()));
    const reason = new Error('user gave up');

    const error = await rejection(clientFor(server).getJob(JOB_ID, { signal: AbortSignal.abort(reason) }));

    expect(error).toBe(reason);
    expect(server.requests).toEqual([]);
  });

  it('aborting a call in flight rejects with the reason', async () => {
    const server = new FakeServer().on('POST', EXECUTE, hang);
    const controller = new AbortController();
    const reason = new Error('stop now');

    const pending = rejection(clientFor(server).executeProcess(PROCESS, [], { signal: controller.signal }));
    await vi.waitFor(() => expect(server.apiRequests).toHaveLength(1));
    controller.abort(reason);

    expect(await pending).toBe(reason);
    expect(server.apiRequests[0]?.signal.aborted).toBe(true);
  });

  it('aborting while logging in rejects with the reason', async () => {
    const server = new FakeServer().on('POST', '/login', hang).on('GET', STATUS, json(jobStatus()));
    const controller = new AbortController();
    const reason = new Error('no patience for logins');

    const pending = rejection(clientFor(server).getJob(JOB_ID, { signal: controller.signal }));
    await vi.waitFor(() => expect(server.loginRequests).toHaveLength(1));
    controller.abort(reason);

    expect(await pending).toBe(reason);
    expect(server.apiRequests).toEqual([]);
  });

  it('an abort without a reason rejects with an AbortError DOMException, as fetch does', async () => {
    const server = new FakeServer().on('GET', STATUS, hang);
    const controller = new AbortController();

    const pending = rejection(clientFor(server).getJobStatus(JOB_ID, { signal: controller.signal }));
    await vi.waitFor(() => expect(server.apiRequests).toHaveLength(1));
    controller.abort();

    const error = await pending;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('waitForJob stops when its signal aborts', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('GET', STATUS, json(jobStatus({ status: 'Assigned' })));
    const controller = new AbortController();
    const reason = new Error('enough');

    const pending = rejection(clientFor(server).waitForJob(JOB_ID, { signal: controller.signal, minDelayMs: 1000 }));
    await vi.advanceTimersByTimeAsync(2500);
    controller.abort(reason);

    expect(await pending).toBe(reason);
    const polls = server.to('GET', STATUS).length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.to('GET', STATUS)).toHaveLength(polls);
  });
});

describe('secrets never leak into errors or logs', () => {
  const SECRETS = { password: PASSWORD, token: TOKEN };
  // The fake server misbehaves on purpose: it echoes the credentials back in bodies, headers and
  // low-level error messages. Login can only echo the password (no token has been issued yet).
  const ECHO_LOGIN = `password=${PASSWORD} raw ${PASSWORD} "password":"${PASSWORD}"`;
  const ECHO = `${ECHO_LOGIN} Authentication-Token: ${TOKEN} raw ${TOKEN}`;

  const scenarios: Array<[string, (server: FakeServer) => void, typeof JobwireError]> = [
    [
      '401 on the call, twice',
      (server) =>
        server.on(
          'GET',
          STATUS,
          text(`Unauthorized ${ECHO}`, 401, 'text/plain', { 'authentication-token': TOKEN, 'x-debug': ECHO }),
        ),
      AuthenticationError,
    ],
    [
      '401 on login',
      (server) =>
        server.on(
          'POST',
          '/login',
          json({ message: `Unauthorized ${ECHO_LOGIN}`, password: PASSWORD }, 401, { 'x-debug': ECHO_LOGIN }),
        ),
      AuthenticationError,
    ],
    [
      'Invalid input echoing',
      (server) => server.on('GET', STATUS, text(`Invalid input. No result generated ${ECHO}`)),
      NotFoundError,
    ],
    [
      '500 HTML page',
      (server) => server.on('GET', STATUS, text(`<html><title>Error ${ECHO}</title></html>`, 500, 'text/html')),
      ServerError,
    ],
    [
      'truncated body',
      (server) => server.on('GET', STATUS, text(`{"note":"${ECHO}","status":"Ass`, 200, 'application/json')),
      UnexpectedResponseError,
    ],
    ['wrong shape', (server) => server.on('GET', STATUS, json({ status: 5, note: ECHO })), UnexpectedResponseError],
    [
      'login without a token header, echoing',
      (server) => server.on('POST', '/login', json({ login: 'true', note: ECHO_LOGIN })),
      UnexpectedResponseError,
    ],
    [
      'network failure',
      (server) =>
        server.on('GET', STATUS, () => {
          throw new TypeError(`fetch failed: ${ECHO}`, {
            cause: Object.assign(new Error(`ECONNRESET ${ECHO}`), { code: 'ECONNRESET' }),
          });
        }),
      ConnectionError,
    ],
  ];

  it.each(scenarios)('%s', async (_, script, ErrorClass) => {
    vi.useFakeTimers();
    const server = new FakeServer();
    script(server);
    const logged: string[] = [];
    const logger = {
      debug: (message: string, meta?: Record<string, unknown>) => logged.push(message, JSON.stringify(meta ?? {})),
      warn: (message: string, meta?: Record<string, unknown>) => logged.push(message, JSON.stringify(meta ?? {})),
    };
    const client = clientFor(server, { retry: true, logger });

    const settled = rejection(client.getJob(JOB_ID));
    await vi.runAllTimersAsync();
    const error = await settled;

    expect(error).toBeInstanceOf(ErrorClass);
    const views = {
      message: (error as Error).message,
      stack: String((error as Error).stack),
      json: JSON.stringify(error),
      inspect: inspect(error, { depth: 10 }),
      logs: logged.join('\n'),
    };
    for (const [where, view] of Object.entries(views)) {
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect(view.includes(secret), `${name} found in ${where}: ${view}`).toBe(false);
      }
    }
    // The credentials really were in play: the server was sent the password.
    expect(server.loginRequests[0]?.body).toContain(PASSWORD);
  });

  it('a static token never appears in errors either', async () => {
    const secret = 'static-SECRET-token-42';
    const server = new FakeServer().on('GET', STATUS, text(`Unauthorized: ${secret}`, 401, 'text/plain', { 'x-echo': secret }));
    const client = createTrueSightOrchestrationClient(
      { baseUrl: BASE_URL, authToken: secret },
      { fetch: server.fetch, retry: false },
    );

    const error = await rejectsWith(client.getJob(JOB_ID), AuthenticationError);

    for (const view of [error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(view).not.toContain(secret);
    }
  });
});

describe('getJobStatus and waitForJob', () => {
  it('waitForJob polls Assigned → Completed and resolves with the final status and outputs', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on(
      'GET',
      STATUS,
      json(jobStatus({ status: 'Assigned' })),
      json(jobStatus({ status: 'ASSIGNED' })),
      json(jobStatus({ status: 'Completed', outputParameters: [{ name: 'rows', value: '<result>42</result>' }] })),
    );
    const progress: string[] = [];

    const waiting = clientFor(server).waitForJob(JOB_ID, {
      minDelayMs: 10,
      maxDelayMs: 40,
      random: () => 0,
      onProgress: (status) => progress.push(`${status.state}/${status.vendorStatus}`),
    });
    await vi.runAllTimersAsync();
    const final = await waiting;

    expect(progress).toEqual(['running/Assigned', 'running/ASSIGNED', 'succeeded/Completed']);
    expect(final.state).toBe('succeeded');
    expect(final.done).toBe(true);
    expect(final.outputs).toEqual({ rows: '42' });
    expect(server.to('GET', STATUS)).toHaveLength(3);
    expect(server.loginRequests).toHaveLength(1);
  });

  it('waitForJob resolves with a Compensated (failed) job, its error output as detail', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on(
      'GET',
      STATUS,
      json(jobStatus({ status: 'Assigned' })),
      json(
        jobStatus({
          status: 'Compensated',
          outputParameters: [{ name: 'error message', value: '<result>host unreachable</result>' }],
        }),
      ),
    );

    const waiting = clientFor(server).waitForJob(JOB_ID, { minDelayMs: 5, random: () => 0 });
    await vi.runAllTimersAsync();
    const final = await waiting;

    expect(final.state).toBe('failed');
    expect(final.vendorStatus).toBe('Compensated');
    expect(final.detail).toBe('host unreachable');
  });

  it('waitForJob rejects with NotFoundError for a job that does not exist', async () => {
    const server = new FakeServer().on('GET', STATUS, text('Invalid input. No result generated'));

    await rejectsWith(clientFor(server).waitForJob(JOB_ID, { minDelayMs: 1 }), NotFoundError);
    expect(server.to('GET', STATUS)).toHaveLength(1);
  });
});

describe('transport options reach the transport (ClientOptions)', () => {
  it('userAgent: jobwire-truesight-orchestration/<version> on every request, login included, unless the caller names another', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus()));

    await clientFor(server).getJobStatus(JOB_ID);
    await clientFor(server, { userAgent: 'reports-app/2.1' }).getJobStatus(JOB_ID);

    expect(server.requests.map((r) => [r.path, r.headers.get('user-agent')])).toEqual([
      ['/login', 'jobwire-truesight-orchestration/0.1.0'],
      [STATUS, 'jobwire-truesight-orchestration/0.1.0'],
      ['/login', 'reports-app/2.1'],
      [STATUS, 'reports-app/2.1'],
    ]);
  });

  it('maxResponseBytes: a 1 KB answer is read by default and refused over the limit', async () => {
    const server = new FakeServer().on('GET', STATUS, json(jobStatus({ name: 'x'.repeat(1000) })));

    expect((await clientFor(server).getJobStatus(JOB_ID)).state).toBe('running');
    const error = await rejectsWith(clientFor(server, { maxResponseBytes: 100 }).getJobStatus(JOB_ID), UnexpectedResponseError);

    expect(error.operation).toBe('getJobStatus');
    expect(error.message).toMatch(/100 bytes/);
  });

  it('callTimeoutMs bounds the whole call', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('GET', STATUS, hang);
    const pending = rejection(clientFor(server, { timeoutMs: 600_000, callTimeoutMs: 1_000 }).getJobStatus(JOB_ID));

    await vi.advanceTimersByTimeAsync(1_000);

    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
  });

  it('allowedRedirectOrigins lets a cross-origin redirect through, without the token', async () => {
    const moved: Reply = (request) =>
      request.url.host === 'tso.test:38080'
        ? new Response(null, { status: 302, headers: { location: `http://files.test${request.url.pathname}` } })
        : json(jobStatus())(request);
    const server = new FakeServer().on('GET', STATUS, moved);

    await rejectsWith(clientFor(server).getJobStatus(JOB_ID), RedirectError);
    const status = await clientFor(server, { allowedRedirectOrigins: ['http://files.test'] }).getJobStatus(JOB_ID);

    expect(status.state).toBe('running');
    const last = server.apiRequests.at(-1);
    expect(last?.url.host).toBe('files.test');
    expect(last?.headers.get('authentication-token')).toBeNull();
  });
});
