import { inspect } from 'node:util';
import { RedirectError, TimeoutError } from '@jobwire/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ApiError,
  AuthenticationError,
  ConnectionError,
  createAsperaOrchestratorClient,
  InvalidStateError,
  NotFoundError,
  ServerError,
  UnexpectedResponseError,
} from '../src/index.js';
import {
  BASE_URL,
  clientFor,
  FakeOrchestrator,
  hang,
  jsonReply,
  type Reply,
  reply,
  stepStatusJson,
  workOrderJson,
  xmlReply,
} from './fake-fetch.js';

afterEach(() => {
  vi.useRealTimers();
});

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('requests', () => {
  it('encodes step names, ids and parameters where they go', async () => {
    const server = new FakeOrchestrator()
      .on('GET /api/work_step_status/work_order.json', jsonReply(stepStatusJson('Complete')))
      .on('GET /api/work_order_status/a%2Fb%3Fc.json', jsonReply(workOrderJson('Complete')));
    const client = clientFor(server);
    await client.getWorkStepStatus('84 61', 'Copy & move #1 / 100%');
    await client.getWorkOrder('a/b?c');
    expect(server.requests[0]?.url).toBe(
      `${BASE_URL}/api/work_step_status/work_order.json?work_order_id=84%2061&step_name=Copy%20%26%20move%20%231%20%2F%20100%25`,
    );
    expect(server.requests[0]?.query.get('step_name')).toBe('Copy & move #1 / 100%');
    expect(server.requests[1]?.path).toBe('/api/work_order_status/a%2Fb%3Fc.json');
  });

  it('refuses "." and ".." as ids before sending anything', async () => {
    const server = new FakeOrchestrator();
    const client = clientFor(server);
    await expect(client.getWorkOrder('..')).rejects.toBeInstanceOf(RangeError);
    await expect(client.cancelWorkStep('.')).rejects.toBeInstanceOf(RangeError);
    expect(server.requests).toEqual([]);
  });

  it('XML format: every route uses the .xml suffix', async () => {
    const server = new FakeOrchestrator().on(
      'GET /api/work_order_status/1.xml',
      xmlReply('<work_order id="1"><status state="Complete">Done</status></work_order>'),
    );
    const status = await clientFor(server, undefined, { format: 'xml' }).getJobStatus('1');
    expect(status.state).toBe('succeeded');
    expect(status.detail).toBe('Done');
  });

  it('reads are retried on 5xx; writes (GET initiate/cancel/reset) never are', async () => {
    const unavailable = reply('Service Unavailable', 503);
    const server = new FakeOrchestrator()
      .on('GET /api/work_order_status/1.json', unavailable, jsonReply(workOrderJson('Complete', '', 1)))
      .on('GET /api/initiate/256.json', unavailable)
      .on('GET /api/work_order_cancel/1.json', unavailable)
      .on('GET /api/workstep_reset/2.json', unavailable);
    const client = clientFor(server, undefined, { retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    expect((await client.getWorkOrder(1)).status).toBe('Complete');
    await expect(client.startWorkOrder(256)).rejects.toBeInstanceOf(ServerError);
    await expect(client.cancelWorkOrder(1)).rejects.toBeInstanceOf(ServerError);
    await expect(client.resetWorkStep(2)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/work_order_status/1.json',
      '/api/work_order_status/1.json',
      '/api/initiate/256.json',
      '/api/work_order_cancel/1.json',
      '/api/workstep_reset/2.json',
    ]);
  });

  it('client.api is the generated client, authenticated the same way', async () => {
    const server = new FakeOrchestrator().on('GET /api/remote_node_ping.json', jsonReply({ remote_orchestrator_info: {} }));
    const client = clientFor(server, { type: 'query', login: 'admin', apiKey: 'k-1' });
    const { data } = await client.api.GET('/api/remote_node_ping.{format}', { params: { path: { format: 'json' } } });
    expect(data).toEqual({ remote_orchestrator_info: {} });
    expect(server.requests[0]?.url).toBe(`${BASE_URL}/api/remote_node_ping.json?login=admin&api_key=k-1`);
  });
});

describe('the factory', () => {
  it('takes (connection, options); the deprecated one-object form still works the same', async () => {
    const server = new FakeOrchestrator().on(
      'GET /api/work_order_status/1.xml',
      xmlReply('<work_order id="1"><status state="Complete"/></work_order>'),
    );
    const auth = { username: 'admin', password: 'open-sesame' };
    const apart = createAsperaOrchestratorClient(
      { baseUrl: `${BASE_URL}/`, auth },
      { format: 'xml', fetch: server.fetch, userAgent: 'ua-test/1' },
    );
    const together = createAsperaOrchestratorClient({
      baseUrl: BASE_URL,
      auth,
      format: 'xml',
      fetch: server.fetch,
      userAgent: 'ua-test/1',
    });
    for (const client of [apart, together]) {
      expect(client.format).toBe('xml');
      expect((await client.getJobStatus('1')).state).toBe('succeeded');
    }
    expect(server.requests.map((r) => [r.url, r.headers.get('authorization'), r.headers.get('user-agent')])).toEqual([
      [`${BASE_URL}/api/work_order_status/1.xml`, 'Basic YWRtaW46b3Blbi1zZXNhbWU=', 'ua-test/1'],
      [`${BASE_URL}/api/work_order_status/1.xml`, 'Basic YWRtaW46b3Blbi1zZXNhbWU=', 'ua-test/1'],
    ]);
  });

  it('sends User-Agent jobwire-aspera-orchestrator/<version> by default', async () => {
    const server = new FakeOrchestrator().on('GET /api/work_order_status/1.json', jsonReply(workOrderJson('Complete')));
    await clientFor(server).getWorkOrder(1);
    expect(server.requests[0]?.headers.get('user-agent')).toMatch(/^jobwire-aspera-orchestrator\/\d+\.\d+\.\d+/);
  });
});

describe('auth', () => {
  it('Basic is the default: Authorization: Basic base64(user:password)', async () => {
    const server = new FakeOrchestrator().on('GET /api/work_order_status/1.json', jsonReply(workOrderJson('Complete')));
    // Not 'aspera': core redacts every secret it has seen from every later error message in the process.
    await clientFor(server, { username: 'admin', password: 'open-sesame' }).getWorkOrder(1);
    expect(server.requests[0]?.headers.get('authorization')).toBe('Basic YWRtaW46b3Blbi1zZXNhbWU=');
    expect(server.requests[0]?.query.toString()).toBe('');
  });
});

describe('secrets in the query string never show', () => {
  const PASSWORD = 'pa ss/wörd&=1';
  const API_KEY = 'AK-9f8e7d6c5b4a';
  const modes = [
    { name: 'login + password', auth: { type: 'query', login: 'admin', password: PASSWORD } as const, secret: PASSWORD },
    { name: 'login + api_key', auth: { type: 'query', login: 'admin', apiKey: API_KEY } as const, secret: API_KEY },
  ];
  const forms = (secret: string) => [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')];
  // A Rails trace that echoes the request, secret included, as Orchestrator's error pages do.
  const echo: (status: number) => Reply = (status) => (request) =>
    new Response(
      `Something failed for ${request.url}\nParameters: ${request.query.toString()}\n  app/controllers/api_controller.rb:12`,
      {
        status,
        headers: { 'content-type': 'text/plain' },
      },
    );
  const paths: Array<{ name: string; route: Reply; expected: new (...args: never[]) => Error }> = [
    { name: '401', route: echo(401), expected: AuthenticationError },
    { name: '404', route: echo(404), expected: NotFoundError },
    { name: '500', route: echo(500), expected: ServerError },
    {
      name: 'network failure',
      route: (request) => {
        throw new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED for ${request.url}`) });
      },
      expected: ConnectionError,
    },
    {
      name: 'malformed JSON',
      route: (request) => new Response(`{"url": "${request.url}", "trunc`, { status: 200 }),
      expected: UnexpectedResponseError,
    },
  ];

  for (const mode of modes) {
    for (const path of paths) {
      it(`${mode.name}: ${path.name}`, async () => {
        const server = new FakeOrchestrator().on('GET /api/work_order_status/1.json', path.route);
        const logs: string[] = [];
        const log = (...args: unknown[]) => logs.push(inspect(args, { depth: 10 }));
        const client = clientFor(server, mode.auth, { logger: { debug: log, warn: log } });
        const error = await caught(client.getWorkOrder(1));
        expect(error).toBeInstanceOf(path.expected);
        expect(server.requests[0]?.query.get(mode.auth.type === 'query' && 'apiKey' in mode.auth ? 'api_key' : 'password')).toBe(
          mode.secret,
        );
        const e = error as Error;
        const seen = [
          e.message,
          e.stack ?? '',
          JSON.stringify(e),
          inspect(e, { depth: 10 }),
          inspect(e.cause, { depth: 10 }),
          ...logs,
        ].join('\n');
        for (const form of forms(mode.secret)) expect(seen).not.toContain(form);
        expect(seen).toContain('***');
      });
    }
  }
});

describe('errors', () => {
  it('a 500 with a Ruby stack trace: ServerError whose message is the first line', async () => {
    const server = new FakeOrchestrator().on(
      'GET /api/work_order_status/1.json',
      reply("\nundefined method `state' for nil:NilClass\n/opt/aspera/app/models/work_order.rb:88:in `status'\n", 500),
    );
    const error = (await caught(clientFor(server).getWorkOrder(1))) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe("aspera-orchestrator getWorkOrder failed: HTTP 500: undefined method `state' for nil:NilClass");
    expect(error.status).toBe(500);
  });

  it('a 500 saying "Couldn\'t find" is a NotFoundError (Orchestrator answers 500 for unknown ids too)', async () => {
    const server = new FakeOrchestrator().on(
      'GET /api/work_order_status/9.json',
      reply("Couldn't find WorkOrder with ID=9\n/opt/x.rb:1", 500),
    );
    const error = (await caught(clientFor(server).getWorkOrder(9))) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(500);
  });

  it('cancelling a finished work order: InvalidStateError', async () => {
    const server = new FakeOrchestrator().on(
      'GET /api/work_order_cancel/1.json',
      reply('Work order 1 cannot be canceled: it is Complete', 500),
    );
    expect(await caught(clientFor(server).cancelWorkOrder(1))).toBeInstanceOf(InvalidStateError);
  });

  it('an XML error body: the <error> text is the message', async () => {
    const server = new FakeOrchestrator().on(
      'GET /api/work_order_status/1.json',
      xmlReply('<errors><error>Access forbidden</error></errors>', 403),
    );
    const error = (await caught(clientFor(server).getWorkOrder(1))) as ApiError;
    expect(error.message).toBe('aspera-orchestrator getWorkOrder failed: HTTP 403: Access forbidden');
  });
});

describe('malformed bodies are UnexpectedResponseError, never TypeError', () => {
  const cases: Array<[string, 'json' | 'xml', Reply]> = [
    ['truncated JSON', 'json', reply('{"work_order": {"id": 1, "sta', 200, 'application/json')],
    ['an HTML page', 'json', reply('<html><body>Login</body></html>', 200, 'text/html')],
    ['an empty body', 'json', reply('', 200, 'application/json')],
    ['JSON without a status', 'json', jsonReply({ work_order: { id: 1 } })],
    ['JSON null', 'json', jsonReply(null)],
    ['a JSON array', 'json', jsonReply([1, 2])],
    ['malformed XML', 'xml', xmlReply('<work_order id="1"><status state="Complete">Done</work_order>')],
    ['truncated XML', 'xml', xmlReply('<work_order id="1"><status state="Compl')],
    [
      'XML with a DOCTYPE (entity expansion)',
      'xml',
      xmlReply('<!DOCTYPE x [<!ENTITY a "aaaa">]><work_order id="1">&a;</work_order>'),
    ],
    ['XML without a status', 'xml', xmlReply('<work_order id="1"><name>x</name></work_order>')],
    ['JSON sent where XML was asked', 'xml', jsonReply(workOrderJson('Complete'))],
  ];
  it.each(cases)('getJobStatus: %s', async (_name, format, body) => {
    const server = new FakeOrchestrator().on(`GET /api/work_order_status/1.${format}`, body);
    const error = (await caught(
      clientFor(server, undefined, { format }).getJobStatus({ workOrderId: 1 }),
    )) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.vendor).toBe('aspera-orchestrator');
    expect(error.operation).toBe('getJobStatus');
  });

  it.each([
    ['a step without work_step', jsonReply({ inputs: [] })],
    ['outputs that are not named values', jsonReply({ ...stepStatusJson('Complete'), outputs: [42] })],
    ['a work_step id that is text', jsonReply({ ...stepStatusJson('Complete'), work_step: { id: 'x', status: 'Complete' } })],
  ])('getWorkStepStatus: %s', async (_name, body) => {
    const server = new FakeOrchestrator().on('GET /api/work_step_status/work_order.json', body);
    await expect(clientFor(server).getWorkStepStatus(1, 's')).rejects.toBeInstanceOf(UnexpectedResponseError);
  });

  it('a hash output that is not a Ruby literal', async () => {
    const server = new FakeOrchestrator().on(
      'GET /api/work_step_status/5.xml',
      xmlReply('<Work_step_output><name>t</name><value>{"a" => `rm -rf /`}</value><type>hash</type></Work_step_output>'),
    );
    const error = (await caught(
      clientFor(server, undefined, { format: 'xml' }).getStepOutput(5, 't'),
    )) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.excerpt).toContain('rm -rf');
  });

  it('a step status with an odd hash output still reports the status, keeping the value as sent', async () => {
    const server = new FakeOrchestrator().on(
      'GET /api/work_step_status/work_order.json',
      jsonReply(stepStatusJson('Failed', 'Transfer failed', [{ name: 'table', type: 'hash', value: '{broken' }])),
    );
    const status = await clientFor(server).getJobStatus({ workOrderId: 1, stepName: 's' });
    expect(status.state).toBe('failed');
    expect(status.detail).toBe('Transfer failed');
    expect(status.outputs).toEqual({ table: '{broken' });
  });
});

describe('step outputs in JSON', () => {
  it.each([
    ['a JSON string', '"5e0f9336"', '5e0f9336'],
    ['an unquoted string', '5e0f9336-5e58 package\n', '5e0f9336-5e58 package'],
    ['a number', '42', 42],
    ['null', 'null', null],
    ['an array', '["a", 1]', ['a', 1]],
  ])('%s', async (_name, body, value) => {
    const server = new FakeOrchestrator().on('GET /api/work_step_status/7.json', reply(body, 200, 'application/json'));
    expect(await clientFor(server).getStepOutput(7, 'out')).toEqual({ name: 'out', value });
  });

  it('truncated JSON is an UnexpectedResponseError', async () => {
    const server = new FakeOrchestrator().on(
      'GET /api/work_step_status/7.json',
      reply('{"Mac": {"node"', 200, 'application/json'),
    );
    await expect(clientFor(server).getStepOutput(7, 'out')).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});

describe('abort', () => {
  it('an already aborted signal rejects with its reason and sends nothing', async () => {
    const server = new FakeOrchestrator();
    const reason = new Error('stop');
    await expect(clientFor(server).getWorkOrder(1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toEqual([]);
  });

  it('aborting a call in flight rejects with the reason', async () => {
    const server = new FakeOrchestrator().on('GET /api/work_step_status/work_order.json', hang);
    const controller = new AbortController();
    const pending = clientFor(server).getJobStatus({ workOrderId: 1, stepName: 's' }, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('waitForJob', () => {
  it('polls a step through Inactive → In Progress → Failed and resolves with the failure', async () => {
    vi.useFakeTimers();
    const server = new FakeOrchestrator().on(
      'GET /api/work_step_status/work_order.json',
      jsonReply(stepStatusJson('Inactive')),
      jsonReply(stepStatusJson('In Progress', 'Transferring')),
      jsonReply(stepStatusJson('Failed', 'Faspex rejected the package')),
    );
    const seen: string[] = [];
    const pending = clientFor(server).waitForJob(
      { workOrderId: 8461, stepName: 'Create faspex package' },
      { minDelayMs: 1000, maxDelayMs: 1000, onProgress: (s) => seen.push(`${s.state}:${s.vendorStatus}`) },
    );
    await vi.runAllTimersAsync();
    const final = await pending;
    expect(final.state).toBe('failed');
    expect(final.detail).toBe('Faspex rejected the package');
    expect(seen).toEqual(['queued:Inactive', 'running:In Progress', 'failed:Failed']);
    expect(server.requests).toHaveLength(3);
  });
});

describe('transport options reach the transport (ClientTransportOptions)', () => {
  const STATUS = 'GET /api/work_order_status/1.json';

  it('maxResponseBytes: a 1 KB answer is read by default and refused over the limit', async () => {
    const server = new FakeOrchestrator().on(STATUS, jsonReply(workOrderJson('Complete', 'x'.repeat(1000), 1)));

    expect((await clientFor(server).getJobStatus('1')).state).toBe('succeeded');
    const error = await caught(clientFor(server, undefined, { maxResponseBytes: 100 }).getJobStatus('1'));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/100 bytes/);
  });

  it('callTimeoutMs bounds the whole call', async () => {
    vi.useFakeTimers();
    const server = new FakeOrchestrator().on(STATUS, hang);
    const pending = caught(clientFor(server, undefined, { timeoutMs: 600_000, callTimeoutMs: 1_000 }).getJobStatus('1'));

    await vi.advanceTimersByTimeAsync(1_000);

    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
  });

  it('allowedRedirectOrigins lets a cross-origin redirect through, without the credentials', async () => {
    const moved: Reply = (request) =>
      new URL(request.url).host === 'ao.test'
        ? new Response(null, { status: 302, headers: { location: request.url.replace('http://ao.test', 'http://files.test') } })
        : jsonReply(workOrderJson('Complete', '', 1))(request, new AbortController().signal);
    const server = new FakeOrchestrator().on(STATUS, moved);

    expect(await caught(clientFor(server).getJobStatus('1'))).toBeInstanceOf(RedirectError);
    const status = await clientFor(server, undefined, { allowedRedirectOrigins: ['http://files.test'] }).getJobStatus('1');

    expect(status.state).toBe('succeeded');
    const last = server.requests.at(-1);
    expect(new URL(last?.url ?? '').host).toBe('files.test');
    expect(last?.headers.get('authorization')).toBeNull();
  });
});
