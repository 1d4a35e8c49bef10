import { inspect } from 'node:util';
import {
  AuthenticationError,
  ConnectionError,
  InvalidStateError,
  NotFoundError,
  PermissionError,
  RedirectError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '@jobwire/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElmaRpaClient, HTTP_STATUS_HEADER, parseTaskCallback } from '../src/index.js';
import {
  AUTH_TOKEN,
  BASE_URL,
  clientFor,
  envelope,
  FakeServer,
  hang,
  json,
  type Reply,
  rejectsWith,
  task,
  text,
} from './fake-server.js';

afterEach(() => {
  vi.useRealTimers();
});

const STATUS = '/v1/orchestra/task/status';
const CREATE = '/v1/orchestra/task/create';
const CANCEL = '/v1/orchestra/task/cancel';
const DOWNLOAD = '/v1/repository/task/download';
const fastRetry = { retry: { baseDelayMs: 1, maxDelayMs: 1 } };

describe('requests: every call is a JSON POST carrying auth_tkn', () => {
  it('getTask posts {auth_tkn, id} with the id as an integer, also when given as text', async () => {
    const server = new FakeServer().on('POST', STATUS, envelope(task()));
    const client = clientFor(server);
    await client.getTask(955);
    await client.getTask('955');
    expect(server.requests.map((r) => [r.method, r.url.href, r.headers.get('content-type'), r.json])).toEqual([
      ['POST', `${BASE_URL}${STATUS}`, 'application/json', { auth_tkn: AUTH_TOKEN, id: 955 }],
      ['POST', `${BASE_URL}${STATUS}`, 'application/json', { auth_tkn: AUTH_TOKEN, id: 955 }],
    ]);
  });

  it.each([['abc'], [''], ['-1'], ['1.5'], [-1], [1.5], [Number.NaN]])(
    'refuses the task id %j before sending anything',
    async (id) => {
      const server = new FakeServer();
      await expect(clientFor(server).getTask(id as never)).rejects.toBeInstanceOf(RangeError);
      expect(server.requests).toEqual([]);
    },
  );

  it('createTask sends version 0 by default, no callback unless given, and the context as a JSON string', async () => {
    const server = new FakeServer().on('POST', CREATE, envelope(task({ status: 'PREPARE' }), 201));
    const created = await clientFor(server).createTask({
      process: 'proc-token',
      context: { Name_in: 'Ada "the Countess"', When_in: new Date('2024-05-01T10:20:30.456Z'), Tags_in: ['a', 'b'] },
    });
    expect(created.status).toBe('PREPARE');
    const [request] = server.requests;
    expect(request?.json).toEqual({
      auth_tkn: AUTH_TOKEN,
      task: {
        process: 'proc-token',
        version: 0,
        ctx: '{"Name_in":"Ada \\"the Countess\\"","When_in":"2024-05-01T10:20:30.456Z","Tags_in":["a","b"]}',
      },
    });
  });

  it('createTask sends a URL callback as text and the version given', async () => {
    const server = new FakeServer().on('POST', CREATE, envelope(task(), 201));
    await clientFor(server).createTask({
      process: 'p',
      version: 4,
      callback: new URL('https://me.example/done?x=1'),
      context: {},
    });
    expect(server.requests[0]?.json.task).toEqual({
      process: 'p',
      version: 4,
      callback: 'https://me.example/done?x=1',
      ctx: '{}',
    });
  });

  it('createTask refuses an invalid Date in the context before sending', async () => {
    const server = new FakeServer();
    await expect(clientFor(server).createTask({ process: 'p', context: { d: new Date('nope') } })).rejects.toBeInstanceOf(
      RangeError,
    );
    expect(server.requests).toEqual([]);
  });

  it('cancelTask posts {auth_tkn, id} to the default or the configured path', async () => {
    const server = new FakeServer()
      .on('POST', CANCEL, envelope(task({ status: 'CANCEL' })))
      .on('POST', '/api/cancel', envelope(task()));
    expect((await clientFor(server).cancelTask(955)).status).toBe('CANCEL');
    await clientFor(server, {}, '/api/cancel').cancelJob('955');
    expect(server.requests.map((r) => [r.path, r.json])).toEqual([
      [CANCEL, { auth_tkn: AUTH_TOKEN, id: 955 }],
      ['/api/cancel', { auth_tkn: AUTH_TOKEN, id: 955 }],
    ]);
  });

  it('listProcesses sends page and limit only when given', async () => {
    const server = new FakeServer().on('POST', '/v1/repository/actual', json({ status: 200, total: 0, process: [] }));
    const client = clientFor(server);
    expect(await client.listProcesses()).toEqual({ total: 0, processes: [] });
    await client.listProcesses({ limit: 5 });
    expect(server.requests.map((r) => r.json)).toEqual([{ auth_tkn: AUTH_TOKEN }, { auth_tkn: AUTH_TOKEN, limit: 5 }]);
  });

  it('registerSystem registers the authToken as uuid', async () => {
    const server = new FakeServer().on('POST', '/v1/orchestra/system/registration', json({ status: 200 }));
    await clientFor(server).registerSystem({ name: 'CRM' });
    expect(server.requests[0]?.json).toEqual({ uuid: AUTH_TOKEN, name: 'CRM' });
  });

  it('client.api is the generated client over the same transport', async () => {
    const server = new FakeServer().on('POST', STATUS, envelope(task()), json({ status: 404, error: 'task 1 not found' }));
    const client = clientFor(server);
    const { data } = await client.api.POST('/v1/orchestra/task/status', { body: { auth_tkn: AUTH_TOKEN, id: 955 } });
    expect(data?.task?.status).toBe('EXECUTING');
    await rejectsWith(client.api.POST('/v1/orchestra/task/status', { body: { auth_tkn: AUTH_TOKEN, id: 1 } }), NotFoundError);
  });

  it('sends User-Agent jobwire-elma-rpa/<version> on every call (typed and raw), or the one given', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    const server = new FakeServer().on('POST', STATUS, envelope(task()), envelope(task()), envelope(task()));
    const client = clientFor(server);
    await client.getTask(955);
    await client.api.POST('/v1/orchestra/task/status', { body: { auth_tkn: AUTH_TOKEN, id: 955 } });
    await clientFor(server, { userAgent: 'my-app/2.0' }).getTask(955);
    expect(server.requests.map((r) => r.headers.get('user-agent'))).toEqual([
      `jobwire-elma-rpa/${version}`,
      `jobwire-elma-rpa/${version}`,
      'my-app/2.0',
    ]);
  });

  it('refuses a client without token or with a relative cancel path', () => {
    expect(() => createElmaRpaClient({ baseUrl: BASE_URL, authToken: '' })).toThrow(RangeError);
    expect(() => createElmaRpaClient({ baseUrl: BASE_URL, authToken: 't', cancelPath: 'v1/cancel' })).toThrow(RangeError);
  });
});

describe('the body status is checked as well as the HTTP status', () => {
  it('HTTP 200 with {"status": 404} is a NotFoundError carrying the server text and the real HTTP status', async () => {
    const server = new FakeServer().on('POST', STATUS, json({ status: 404, error: 'task 77 not found' }));
    const error = await rejectsWith(clientFor(server).getTask(77), NotFoundError);
    expect(error.status).toBe(404);
    expect(error.operation).toBe('getTask');
    expect(error.body).toEqual({ status: 404, error: 'task 77 not found' });
    expect(error.headers[HTTP_STATUS_HEADER]).toBe('200');
    expect(error.message).toContain('task 77 not found');
  });

  it.each([
    [401, AuthenticationError],
    [403, PermissionError],
    [500, ServerError],
  ] as const)('{"status": %i} → %s', async (status, ErrorClass) => {
    const server = new FakeServer().on('POST', STATUS, json({ status, message: 'nope' }));
    const error = await rejectsWith(clientFor(server).getTask(1), ErrorClass);
    expect(error.status).toBe(status);
  });

  it('a cancel refused for the task state (400/409/422) is an InvalidStateError, named after the method called', async () => {
    for (const status of [400, 409, 422]) {
      const server = new FakeServer().on(
        'POST',
        CANCEL,
        json({ status, error: 'task is not in queue' }),
        json({ status, error: 'task is not in queue' }),
      );
      const error = await rejectsWith(clientFor(server).cancelTask(1), InvalidStateError);
      expect([error.status, error.operation]).toEqual([status, 'cancelTask']);
      const viaJobSource = await rejectsWith(clientFor(server).cancelJob(1), InvalidStateError);
      expect([viaJobSource.status, viaJobSource.operation]).toEqual([status, 'cancelJob']);
    }
  });

  it('a real HTTP error keeps its HTTP status', async () => {
    const server = new FakeServer().on('POST', STATUS, json({ status: 404, error: 'gone' }, 404));
    const error = await rejectsWith(clientFor(server).getTask(1), NotFoundError);
    expect(error.headers[HTTP_STATUS_HEADER]).toBeUndefined();
  });

  it('reads are retried when the body says 503, then succeed', async () => {
    const server = new FakeServer().on('POST', STATUS, json({ status: 503, error: 'busy' }), envelope(task({ status: 'DONE' })));
    expect((await clientFor(server, fastRetry).getTask(1)).status).toBe('DONE');
    expect(server.requests).toHaveLength(2);
  });

  it('writes are not retried when the body says 503', async () => {
    const server = new FakeServer().on('POST', CREATE, json({ status: 503, error: 'busy' }), envelope(task(), 201));
    await rejectsWith(clientFor(server, fastRetry).createTask({ process: 'p', context: {} }), ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('a long body (over 64 KiB) is checked like any other', async () => {
    const log = `${'[INF] x | y | z\n'.repeat(6000)}[ERR] x | y | boom\n`;
    const server = new FakeServer()
      .on('POST', STATUS, json({ status: 200, task: task({ status: 'ERROR', log }) }))
      .on('POST', CANCEL, json({ status: 409, error: 'task is not in the queue', log }));
    const status = await clientFor(server).getJobStatus(955);
    expect(status.detail).toBe('[ERR] x | y | boom');
    const error = await rejectsWith(clientFor(server).cancelTask(955), InvalidStateError);
    expect(error.status).toBe(409);
    expect(error.message).toBe('elma-rpa cancelTask failed: HTTP 409 (status in the body; HTTP 200): task is not in the queue');
    expect(error.headers[HTTP_STATUS_HEADER]).toBe('200');
  });

  it('non-error body statuses (200, 201) and odd values are not errors', async () => {
    for (const status of [200, 201, 0, 'x', 700]) {
      const server = new FakeServer().on('POST', STATUS, json({ status, task: task() }));
      expect((await clientFor(server).getTask(1)).id).toBe(955);
    }
  });
});

describe('decoding', () => {
  const get = (t: unknown) => clientFor(new FakeServer().on('POST', STATUS, json({ status: 200, task: t }))).getTask(955);

  it('decodes outputCtx into outputContext and keeps the text', async () => {
    const decoded = await get(task({ status: 'DONE', outputCtx: '{"a_out": 1, "b_out": [true, null]}' }));
    expect(decoded.outputCtx).toBe('{"a_out": 1, "b_out": [true, null]}');
    expect(decoded.outputContext).toEqual({ a_out: 1, b_out: [true, null] });
  });

  it.each([['not json'], ['[1,2]'], ['"text"'], [''], [null], [42]])(
    'leaves outputContext absent for outputCtx %j',
    async (outputCtx) => {
      const decoded = await get(task({ outputCtx }));
      expect(decoded.outputContext).toBeUndefined();
    },
  );

  it('drops metrics times of year 1 and keeps real ones', async () => {
    expect(
      (await get(task({ metrics: { startTime: '0001-01-01T00:00:00Z', endTime: '0001-01-01T03:00:00+03:00' } }))).metrics,
    ).toEqual({});
    expect((await get(task({ metrics: { startTime: '2020-06-29T14:08:23Z', endTime: '0001-01-01T00:00:00' } }))).metrics).toEqual(
      {
        startTime: '2020-06-29T14:08:23Z',
      },
    );
    expect((await get(task({ metrics: null }))).metrics).toEqual({});
    expect((await get(task({ metrics: undefined }))).metrics).toEqual({});
  });

  it('keeps unknown statuses and priorities as they are', async () => {
    const decoded = await get(task({ status: 'SUSPENDED', priority: 'URGENT' }));
    expect(decoded.status).toBe('SUSPENDED');
    expect(decoded.priority).toBe('URGENT');
  });

  it('accepts an id sent as decimal text, and leaves out optional fields of the wrong type', async () => {
    const decoded = await get(task({ id: '955', bot: 12, groups: ['g1', 3], log: null, version: 'x' }));
    expect(decoded.id).toBe(955);
    expect(decoded.bot).toBeUndefined();
    expect(decoded.groups).toEqual(['g1']);
    expect('log' in decoded).toBe(false);
    expect('version' in decoded).toBe(false);
  });
});

describe('malformed responses become typed errors, never TypeError', () => {
  it.each([
    ['truncated JSON', text('{"status": 200, "task": {"id": 9', 200, 'application/json')],
    ['an HTML page', text('<html><title>Proxy</title></html>', 200, 'text/html')],
    ['an empty body', text('', 200, 'application/json')],
    ['a JSON array', json([1, 2])],
    ['null', json(null)],
    ['an envelope without task', json({ status: 200 })],
    ['a task without status', json({ status: 200, task: { id: 1 } })],
    ['a task with a non-numeric id', json({ status: 200, task: { id: 'abc', status: 'DONE' } })],
    ['a task that is a string', json({ status: 200, task: 'DONE' })],
  ])('%s → UnexpectedResponseError', async (_, reply) => {
    const server = new FakeServer().on('POST', STATUS, reply);
    const error = await rejectsWith(clientFor(server).getJobStatus(1), UnexpectedResponseError);
    expect(error.vendor).toBe('elma-rpa');
    expect(error.operation).toBe('getJobStatus');
  });

  it.each([
    ['an empty body', text('', 200, 'application/json')],
    ['an HTML page', text('<html><body>Login</body></html>', 200, 'text/html')],
    ['truncated JSON', text('{"status": 200, "ta', 200, 'application/json')],
  ])('cancelTask: %s → UnexpectedResponseError', async (_, reply) => {
    const server = new FakeServer().on('POST', CANCEL, reply);
    const error = await rejectsWith(clientFor(server).cancelTask(1), UnexpectedResponseError);
    expect(error.operation).toBe('cancelTask');
  });

  it('an HTML 502 is a ServerError', async () => {
    const server = new FakeServer().on('POST', STATUS, text('<html><title>502 Bad Gateway</title></html>', 502, 'text/html'));
    const error = await rejectsWith(clientFor(server).getTask(1), ServerError);
    expect(error.message).toContain('502 Bad Gateway');
  });

  it('process lists and status envelopes of the wrong shape too', async () => {
    const server = new FakeServer()
      .on('POST', '/v1/repository/actual', json({ status: 200, process: 'none' }))
      .on('POST', '/v1/orchestra/system/status', json({ ok: true }));
    await rejectsWith(clientFor(server).listProcesses(), UnexpectedResponseError);
    await rejectsWith(clientFor(server).getSystemStatus(), UnexpectedResponseError);
  });
});

describe('the auth_tkn never appears in errors or logs', () => {
  const leaks = (value: unknown) => {
    const error = value as Error;
    return [error.message, error.stack ?? '', JSON.stringify(error), inspect(error, { depth: 10 })].some((s) =>
      s.includes(AUTH_TOKEN),
    );
  };

  it('not in a body-status error whose body echoes it', async () => {
    const server = new FakeServer().on(
      'POST',
      STATUS,
      json({ status: 403, error: `system ${AUTH_TOKEN} is not approved`, auth_tkn: AUTH_TOKEN }),
    );
    const error = await rejectsWith(clientFor(server).getTask(1), PermissionError);
    expect(error.message).toContain('is not approved');
    expect(leaks(error)).toBe(false);
  });

  it('not in an UnexpectedResponseError excerpt of a task echoing it as system', async () => {
    const server = new FakeServer().on('POST', STATUS, json({ status: 200, task: { system: AUTH_TOKEN, status: 'DONE' } }));
    const error = await rejectsWith(clientFor(server).getTask(1), UnexpectedResponseError);
    expect(error.excerpt).toContain('"system":"***"');
    expect(leaks(error)).toBe(false);
  });

  it('not in a connection error, and not in what the logger gets', async () => {
    const lines: string[] = [];
    const record = (...args: unknown[]) => lines.push(inspect(args, { depth: 10 }));
    const failing = () => Promise.reject(new TypeError(`fetch failed for token ${AUTH_TOKEN}`));
    const client = createElmaRpaClient(
      { baseUrl: BASE_URL, authToken: AUTH_TOKEN },
      { fetch: failing, retry: fastRetry.retry, logger: { debug: record, warn: record } },
    );
    const error = await rejectsWith(client.getTask(1), ConnectionError);
    expect(leaks(error)).toBe(false);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(AUTH_TOKEN);
  });
});

describe('AbortSignal', () => {
  it('an already aborted signal rejects with its reason and sends nothing', async () => {
    const server = new FakeServer().on('POST', STATUS, envelope(task()));
    const reason = new Error('stop');
    await expect(clientFor(server).getTask(1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toEqual([]);
  });

  it('aborting a call in flight rejects with the reason', async () => {
    const server = new FakeServer().on('POST', CANCEL, hang);
    const controller = new AbortController();
    const pending = clientFor(server).cancelTask(1, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    const reason = new Error('user gave up');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('downloadTaskFile', () => {
  /** A 4 MiB file served in 64 KiB chunks, produced only when read: counts what was pulled. */
  function lazyFile(contentType: string) {
    const chunk = new Uint8Array(64 * 1024).fill(65);
    const state = { pulled: 0, cancelled: false };
    const reply = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            state.pulled += 1;
            if (state.pulled > 64) controller.close();
            else controller.enqueue(chunk.slice());
          },
          cancel() {
            state.cancelled = true;
          },
        }),
        { headers: { 'content-type': contentType } },
      );
    return { reply, state };
  }

  it('hands the body over unread: a 4 MiB file has not been pulled when the call resolves', async () => {
    const { reply, state } = lazyFile('application/octet-stream');
    const server = new FakeServer().on('POST', DOWNLOAD, reply);
    const file = await clientFor(server).downloadTaskFile(955, 'big.bin');
    expect(server.requests[0]?.json).toEqual({ auth_tkn: AUTH_TOKEN, taskid: 955, filename: 'big.bin' });
    expect(server.requests[0]?.headers.get('accept')).toBe('application/octet-stream, */*');
    expect(state.pulled).toBeLessThanOrEqual(2);
    let total = 0;
    const reader = file.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) total += part.value.byteLength;
    expect(total).toBe(4 * 1024 * 1024);
  });

  it('a JSON file is looked into only up to 64 KiB, then streamed whole', async () => {
    const { reply, state } = lazyFile('application/json');
    const server = new FakeServer().on('POST', DOWNLOAD, reply);
    const file = await clientFor(server).downloadTaskFile(955, 'data.json');
    expect(state.pulled).toBeLessThanOrEqual(3);
    expect((await file.arrayBuffer()).byteLength).toBe(4 * 1024 * 1024);
  });

  it('cancelling the stream cancels the response', async () => {
    const { reply, state } = lazyFile('application/json');
    const file = await clientFor(new FakeServer().on('POST', DOWNLOAD, reply)).downloadTaskFile(955, 'data.json');
    await file.body.cancel('enough');
    expect(state.cancelled).toBe(true);
  });

  it('a JSON error envelope instead of the file is a typed error', async () => {
    const server = new FakeServer().on('POST', DOWNLOAD, json({ status: 404, error: 'file out.txt not found' }));
    const error = await rejectsWith(clientFor(server).downloadTaskFile(955, 'out.txt'), NotFoundError);
    expect(error.message).toContain('file out.txt not found');
  });

  it('refuses an empty file name', async () => {
    await expect(clientFor(new FakeServer()).downloadTaskFile(955, '')).rejects.toBeInstanceOf(RangeError);
  });
});

describe('getJobStatus and waitForJob', () => {
  it('waitForJob polls PREPARE → QUEUE → EXECUTING → DONE and resolves with the outputs', async () => {
    const server = new FakeServer().on(
      'POST',
      STATUS,
      envelope(task({ status: 'PREPARE' })),
      envelope(task({ status: 'QUEUE' })),
      envelope(task({ status: 'EXECUTING' })),
      envelope(task({ status: 'DONE', outputCtx: '{"result_out":"ok"}' })),
    );
    const seen: string[] = [];
    const final = await clientFor(server).waitForJob(955, {
      minDelayMs: 1,
      maxDelayMs: 1,
      onProgress: (s) => seen.push(`${s.state}/${s.vendorStatus}`),
    });
    expect(seen).toEqual(['queued/PREPARE', 'queued/QUEUE', 'running/EXECUTING', 'succeeded/DONE']);
    expect(final.outputs).toEqual({ result_out: 'ok' });
    expect(server.requests).toHaveLength(4);
  });

  it('waitForJob resolves with a failed task and its error line', async () => {
    const server = new FakeServer().on('POST', STATUS, envelope(task({ status: 'ERROR', log: '[INF] a\n[ERR] b | boom\n' })));
    const final = await clientFor(server).waitForJob('955', { minDelayMs: 1 });
    expect(final.state).toBe('failed');
    expect(final.detail).toBe('[ERR] b | boom');
  });

  it('waitForJob rejects at once on a missing task instead of polling on', async () => {
    const server = new FakeServer().on('POST', STATUS, json({ status: 404, error: 'task 1 not found' }));
    await rejectsWith(clientFor(server).waitForJob(1, { minDelayMs: 1 }), NotFoundError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('parseTaskCallback', () => {
  const done = task({ status: 'DONE', outputCtx: '{"x_out":1}' });

  it('accepts the {status, task} envelope, as text, bytes or parsed JSON', () => {
    const body = JSON.stringify({ status: 200, task: done });
    for (const input of [body, new TextEncoder().encode(body), JSON.parse(body) as unknown]) {
      const parsed = parseTaskCallback(input);
      expect(parsed.id).toBe(955);
      expect(parsed.status).toBe('DONE');
      expect(parsed.outputContext).toEqual({ x_out: 1 });
    }
  });

  it('accepts a bare task', () => {
    expect(parseTaskCallback(JSON.stringify(done)).outputContext).toEqual({ x_out: 1 });
  });

  it.each([['not json'], ['[]'], ['{"status":200}'], [42], [null]])('rejects %j with UnexpectedResponseError', (input) => {
    expect(() => parseTaskCallback(input)).toThrow(UnexpectedResponseError);
  });

  it('scrubs the token from its errors', () => {
    const client = clientFor(new FakeServer());
    let error: unknown;
    try {
      client.parseTaskCallback(`{"system":"${AUTH_TOKEN}", oops`);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).excerpt).not.toContain(AUTH_TOKEN);
    expect((error as UnexpectedResponseError).excerpt).toContain('***');
  });
});

describe('process repository: tolerant reading', () => {
  const FIND = '/v1/repository/find';
  const CONTEXT = '/v1/repository/context';

  it('a context without ctx (or ctx null) has no variables, as in ELMA’s client', async () => {
    const server = new FakeServer().on('POST', CONTEXT, json({ status: 200 }), json({ status: 200, ctx: null }));
    expect(await clientFor(server).getProcessContext('v-1')).toEqual({ variables: [], inputs: [], outputs: [] });
    expect((await clientFor(server).getProcessContext('v-1')).variables).toEqual([]);
  });

  it('scopes are read whatever their letter case; unknown scopes and types pass through, in neither direction', async () => {
    const ctx = [
      { name: 'a', scope: 'in', type: 'string' },
      { name: 'b', scope: 'INOUT', type: 'table' },
      { name: 'c', scope: 'Internal' },
      { name: 'd', isArray: 'yes', caption: 7 },
    ];
    const server = new FakeServer().on('POST', CONTEXT, json({ status: 200, ctx }));
    const context = await clientFor(server).getProcessContext('v-1');
    expect(context.variables).toEqual([
      { name: 'a', scope: 'in', type: 'string', input: true, output: false },
      { name: 'b', scope: 'INOUT', type: 'table', input: true, output: true },
      { name: 'c', scope: 'Internal', input: false, output: false },
      { name: 'd', input: false, output: false },
    ]);
    expect(context.inputs.map((v) => v.name)).toEqual(['a', 'b']);
    expect(context.outputs.map((v) => v.name)).toEqual(['b']);
  });

  it('refuses what cannot be a context: a variable without a name, ctx not a list', async () => {
    const server = new FakeServer().on(
      'POST',
      CONTEXT,
      json({ status: 200, ctx: [{ type: 'int' }] }),
      json({ status: 200, ctx: { name: 'x' } }),
    );
    for (let i = 0; i < 2; i += 1) {
      const error = await clientFor(server)
        .getProcessContext('v-1')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as UnexpectedResponseError).operation).toBe('getProcessContext');
    }
  });

  it('findProcess keeps unknown fields and refuses an answer without a process', async () => {
    const server = new FakeServer().on(
      'POST',
      FIND,
      json({ status: 200, process: { token: 't', uuid: 'u', version: 2, extra: { a: 1 } } }),
      json({ status: 200 }),
    );
    expect(await clientFor(server).findProcess('t', { version: 2 })).toEqual({
      token: 't',
      uuid: 'u',
      version: 2,
      extra: { a: 1 },
    });
    expect(server.requests[0]?.json).toEqual({ auth_tkn: AUTH_TOKEN, token: 't', version: 2 });
    await expect(clientFor(server).findProcess('t')).rejects.toBeInstanceOf(UnexpectedResponseError);
  });

  it('refuses empty tokens and version uuids before sending anything', async () => {
    const server = new FakeServer();
    await expect(clientFor(server).findProcess('')).rejects.toBeInstanceOf(RangeError);
    await expect(clientFor(server).getProcessContext('')).rejects.toBeInstanceOf(RangeError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('transport options reach the transport (ClientTransportOptions)', () => {
  /** A download that sends one chunk, then nothing until the request is aborted (as a socket would). */
  const stalling: Reply = (request) =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('partial'));
          request.signal.addEventListener('abort', () => controller.error(request.signal.reason), { once: true });
        },
      }),
      { headers: { 'content-type': 'application/octet-stream' } },
    );

  it('maxResponseBytes: a 1 KB answer is read by default and refused over the limit', async () => {
    const server = new FakeServer().on('POST', STATUS, envelope(task({ log: 'x'.repeat(1000) })));

    expect((await clientFor(server).getJobStatus(955)).state).toBe('running');
    const error = await rejectsWith(clientFor(server, { maxResponseBytes: 100 }).getJobStatus(955), UnexpectedResponseError);

    expect(error.message).toMatch(/100 bytes/);
  });

  it('callTimeoutMs bounds the whole call', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('POST', STATUS, hang);
    const pending = clientFor(server, { timeoutMs: 600_000, callTimeoutMs: 1_000 })
      .getJobStatus(955)
      .catch((error: unknown) => error);

    await vi.advanceTimersByTimeAsync(1_000);

    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
  });

  it('allowedRedirectOrigins admits the origin (the body with auth_tkn still never goes there)', async () => {
    const moved: Reply = (request) =>
      new Response(null, { status: 307, headers: { location: `http://files.test${request.url.pathname}` } });
    const server = new FakeServer().on('POST', STATUS, moved);

    const refused = await rejectsWith(clientFor(server).getJobStatus(955), RedirectError);
    const allowed = await rejectsWith(
      clientFor(server, { allowedRedirectOrigins: ['http://files.test'] }).getJobStatus(955),
      RedirectError,
    );

    expect(refused.message).toContain('allow it with allowedRedirectOrigins');
    expect(allowed.message).toContain('a body is never sent to another origin (http://files.test)');
    expect(server.requests.map((r) => r.url.host)).toEqual(['elma.test:48080', 'elma.test:48080']);
  });

  it('streamIdleTimeoutMs ends a download that stops sending', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('POST', DOWNLOAD, stalling);
    const file = await clientFor(server, { timeoutMs: 600_000, streamIdleTimeoutMs: 1_000 }).downloadTaskFile(955, 'a.bin');
    const pending = file.arrayBuffer().catch((error: unknown) => error);

    await vi.advanceTimersByTimeAsync(1_000);

    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it('streamTimeoutMs ends a download that takes too long in all', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('POST', DOWNLOAD, stalling);
    const file = await clientFor(server, { timeoutMs: 600_000, streamTimeoutMs: 1_000 }).downloadTaskFile(955, 'a.bin');
    const pending = file.arrayBuffer().catch((error: unknown) => error);

    await vi.advanceTimersByTimeAsync(1_000);

    expect(await pending).toBeInstanceOf(TimeoutError);
  });
});
