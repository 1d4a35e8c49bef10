import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  InvalidStateError,
  type JobwireError,
  NotFoundError,
  PermissionError,
  RedirectError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '@jobwire/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AlteryxServerClient, createAlteryxServerClient } from '../src/index.js';
import {
  BASE_URL,
  BASIC,
  CLIENT_SECRET,
  clientFor,
  FakeServer,
  hang,
  jobView,
  json,
  type Reply,
  rejection,
  rejectsWith,
  TOKEN,
  text,
  tokenReply,
} from './fake-server.js';

const JOB_ID = '66ebd18d3d6200007e000d8c';
const WORKFLOW_ID = '66e1f0a23d6200007e000aa1';

const sample = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../specs/alteryx-server/samples/${file}`, import.meta.url), 'utf8'));

afterEach(() => {
  vi.useRealTimers();
});

describe('OAuth2 client credentials', () => {
  it('asks for no token when the client is created', () => {
    const server = new FakeServer();
    clientFor(server);
    expect(server.requests).toEqual([]);
  });

  it('asks for the token with the client-credentials grant and HTTP Basic, then sends it as Bearer', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const client = clientFor(server);

    await client.getJob(JOB_ID);

    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /oauth2/token', `GET /v3/jobs/${JOB_ID}`]);
    const [tokenRequest, apiRequest] = server.requests;
    expect(tokenRequest?.url.href).toBe('http://alteryx.test/webapi/oauth2/token');
    expect(tokenRequest?.body).toBe('grant_type=client_credentials');
    expect(tokenRequest?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    // base64("jobwire-client-id:sekr1t-CLIENT-secret"), written out so the test does not repeat the code.
    expect(tokenRequest?.headers.get('authorization')).toBe('Basic am9id2lyZS1jbGllbnQtaWQ6c2VrcjF0LUNMSUVOVC1zZWNyZXQ=');
    expect(apiRequest?.headers.get('authorization')).toBe('Bearer tok-VERY-secret-123');
  });

  it('keeps the token for later calls', async () => {
    const server = new FakeServer()
      .on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()))
      .on('GET', `/v3/workflows/${WORKFLOW_ID}/jobs`, json([]));
    const client = clientFor(server);

    await client.getJob(JOB_ID);
    await client.listWorkflowJobs(WORKFLOW_ID);
    await client.getJobStatus(JOB_ID);

    expect(server.tokenRequests).toHaveLength(1);
    expect(server.apiRequests.map((r) => r.headers.get('authorization'))).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
  });

  it('renews the token expires_in minus the default 60 s margin after it was issued', async () => {
    vi.useFakeTimers({ now: new Date('2025-03-01T12:00:00Z') });
    const start = Date.now();
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const client = clientFor(server);

    await client.getJob(JOB_ID);
    vi.setSystemTime(start + 3540_000 - 1);
    await client.getJob(JOB_ID);
    expect(server.tokenRequests).toHaveLength(1);

    vi.setSystemTime(start + 3540_000);
    await client.getJob(JOB_ID);
    expect(server.tokenRequests).toHaveLength(2);
    expect(server.apiRequests.map((r) => r.headers.get('authorization'))).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
      'Bearer tok-2',
    ]);
  });

  it('renews with the margin given in tokenRefreshMarginMs', async () => {
    vi.useFakeTimers({ now: new Date('2025-03-01T12:00:00Z') });
    const start = Date.now();
    const server = new FakeServer()
      .on('POST', '/oauth2/token', tokenReply('tok-short', 1200), tokenReply('tok-next', 1200))
      .on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const client = clientFor(server, { tokenRefreshMarginMs: 600_000 });

    await client.getJob(JOB_ID);
    vi.setSystemTime(start + 599_999);
    await client.getJob(JOB_ID);
    vi.setSystemTime(start + 600_000);
    await client.getJob(JOB_ID);

    expect(server.tokenRequests).toHaveLength(2);
    expect(server.apiRequests.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer tok-short',
      'Bearer tok-short',
      'Bearer tok-next',
    ]);
  });

  it('shares one token request between concurrent first calls', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const client = clientFor(server);

    const jobs = await Promise.all([1, 2, 3, 4, 5].map(() => client.getJob(JOB_ID)));

    expect(jobs.map((job) => job.id)).toEqual([JOB_ID, JOB_ID, JOB_ID, JOB_ID, JOB_ID]);
    expect(server.tokenRequests).toHaveLength(1);
    expect(server.apiRequests).toHaveLength(5);
    for (const request of server.apiRequests) expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('renews a token the server refuses (401) once, and repeats the call once', async () => {
    const server = new FakeServer().on(
      'GET',
      `/v3/jobs/${JOB_ID}`,
      json(jobView({ status: 'Queued' })),
      json({ message: 'Authorization has been denied for this request.' }, 401),
      json(jobView({ status: 'Running' })),
    );
    const client = clientFor(server);
    await client.getJob(JOB_ID);

    const job = await client.getJob(JOB_ID);

    expect(job.status).toBe('Running');
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.headers.get('authorization')?.split(' ')[0]}`)).toEqual([
      'POST /oauth2/token Basic',
      `GET /v3/jobs/${JOB_ID} Bearer`,
      `GET /v3/jobs/${JOB_ID} Bearer`,
      'POST /oauth2/token Basic',
      `GET /v3/jobs/${JOB_ID} Bearer`,
    ]);
    expect(server.apiRequests.map((r) => r.headers.get('authorization'))).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
      'Bearer tok-2',
    ]);
    // The next call uses the renewed token without asking again.
    await client.getJob(JOB_ID);
    expect(server.tokenRequests).toHaveLength(2);
    expect(server.apiRequests.at(-1)?.headers.get('authorization')).toBe('Bearer tok-2');
  });

  it('repeats a refused write with its body after renewing the token', async () => {
    const server = new FakeServer().on(
      'POST',
      `/v3/workflows/${WORKFLOW_ID}/jobs`,
      json({ message: 'expired' }, 401),
      json(sample('run-workflow.response.json')),
    );
    const client = clientFor(server);

    const job = await client.runWorkflow(WORKFLOW_ID, { workerTag: 'gpu', priority: 'High' });

    expect(job.status).toBe('Queued');
    const posts = server.to('POST', `/v3/workflows/${WORKFLOW_ID}/jobs`);
    expect(posts.map((r) => r.headers.get('authorization'))).toEqual([`Bearer ${TOKEN}`, 'Bearer tok-2']);
    expect(posts.map((r) => JSON.parse(r.body))).toEqual([
      { workerTag: 'gpu', priority: 'High' },
      { workerTag: 'gpu', priority: 'High' },
    ]);
  });

  it('gives up with AuthenticationError when the renewed token is refused too', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json({ message: 'Authorization has been denied.' }, 401));
    const client = clientFor(server, { retry: true });

    const error = await rejectsWith(client.getJob(JOB_ID), AuthenticationError);

    expect(error.status).toBe(401);
    expect(error.vendor).toBe('alteryx-server');
    expect(error.operation).toBe('getJob');
    expect(error.body).toEqual({ message: 'Authorization has been denied.' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /oauth2/token',
      `GET /v3/jobs/${JOB_ID}`,
      'POST /oauth2/token',
      `GET /v3/jobs/${JOB_ID}`,
    ]);
  });

  it('fails with AuthenticationError, without a retry loop, when the token endpoint answers 401', async () => {
    const server = new FakeServer()
      .on('POST', '/oauth2/token', json({ error: 'invalid_client' }, 401))
      .on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const client = clientFor(server, { retry: true });

    const error = await rejectsWith(client.getJob(JOB_ID), AuthenticationError);

    expect(error.status).toBe(401);
    expect(error.operation).toBe('requestToken');
    expect(error.body).toEqual({ error: 'invalid_client' });
    expect(server.tokenRequests).toHaveLength(1);
    expect(server.apiRequests).toEqual([]);
  });

  it('a failing token endpoint costs one token request per attempt of the read, no more', async () => {
    vi.useFakeTimers();
    try {
      const server = new FakeServer()
        .on('POST', '/oauth2/token', json({ message: 'busy' }, 503))
        .on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
      const client = clientFor(server, { retry: true });

      const settled = rejection(client.getJob(JOB_ID));
      await vi.advanceTimersByTimeAsync(10_000);
      const error = await settled;

      expect(error).toBeInstanceOf(ServerError);
      expect((error as ServerError).operation).toBe('requestToken');
      expect(server.tokenRequests).toHaveLength(3);
      expect(server.apiRequests).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks again on the next call after the token endpoint refused (no poisoned cache)', async () => {
    const server = new FakeServer()
      .on('POST', '/oauth2/token', json({ error: 'invalid_client' }, 401), tokenReply('tok-after-fix'))
      .on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const client = clientFor(server);

    await rejectsWith(client.getJob(JOB_ID), AuthenticationError);
    await client.getJob(JOB_ID);

    expect(server.apiRequests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer tok-after-fix']);
  });

  it('rejects a token response without access_token as UnexpectedResponseError', async () => {
    const server = new FakeServer()
      .on('POST', '/oauth2/token', json({ token_type: 'bearer', expires_in: 3600 }))
      .on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const client = clientFor(server);

    const error = await rejectsWith(client.getJob(JOB_ID), UnexpectedResponseError);

    expect(error.operation).toBe('requestToken');
    expect(server.apiRequests).toEqual([]);
  });

  it.each([
    ['non-ASCII', 'token-with-\u00e9\u20ac-inside-0001'],
    ['a space', 'token with a space 0002'],
    ['a line break', 'token-0003\r\nx-injected: 1'],
  ])('rejects an access_token with %s (it cannot be sent as a bearer) as UnexpectedResponseError', async (_, token) => {
    const server = new FakeServer()
      .on('POST', '/oauth2/token', json({ access_token: token, token_type: 'bearer', expires_in: 3600 }))
      .on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));

    const error = await rejectsWith(clientFor(server).getJob(JOB_ID), UnexpectedResponseError);

    expect(error.operation).toBe('requestToken');
    expect(error.message).toContain('access_token (visible ASCII, as a bearer token)');
    expect(error.excerpt).toContain('***');
    expect(JSON.stringify(error)).not.toContain(token);
    expect(error.message).not.toContain(token);
    expect(server.apiRequests).toEqual([]);
  });

  describe('with a static access token', () => {
    const staticClient = (server: FakeServer) =>
      createAlteryxServerClient({ baseUrl: BASE_URL, accessToken: 'static-tok-XYZ' }, { fetch: server.fetch, retry: false });

    it('sends it as Bearer and never calls the token endpoint', async () => {
      const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
      const client = staticClient(server);

      await client.getJob(JOB_ID);
      await client.getJob(JOB_ID);

      expect(server.tokenRequests).toEqual([]);
      expect(server.requests.map((r) => r.headers.get('authorization'))).toEqual([
        'Bearer static-tok-XYZ',
        'Bearer static-tok-XYZ',
      ]);
    });

    it('turns a 401 into AuthenticationError after one request (nothing to renew)', async () => {
      const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json({ message: 'denied' }, 401));
      const client = staticClient(server);

      const error = await rejectsWith(client.getJob(JOB_ID), AuthenticationError);

      expect(error.status).toBe(401);
      expect(server.requests).toHaveLength(1);
      expect(server.tokenRequests).toEqual([]);
    });
  });
});

describe('requests', () => {
  it('getJob: GET /v3/jobs/{jobId}?includeMessages=true by default, no body', async () => {
    const body = jobView({ status: 'Completed', disposition: 'Success' });
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json(body));

    const job = await clientFor(server).getJob(JOB_ID);

    const [request] = server.apiRequests;
    expect(request?.method).toBe('GET');
    expect(request?.url.href).toBe(`http://alteryx.test/webapi/v3/jobs/${JOB_ID}?includeMessages=true`);
    expect(request?.body).toBe('');
    expect(request?.headers.get('content-type')).toBeNull();
    expect(job).toEqual(body);
  });

  it('getJob: includeMessages=false when asked', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json({ id: JOB_ID, status: 'Running' }));

    const job = await clientFor(server).getJob(JOB_ID, { includeMessages: false });

    expect(server.apiRequests[0]?.url.href).toBe(`http://alteryx.test/webapi/v3/jobs/${JOB_ID}?includeMessages=false`);
    expect(job).toEqual({ id: JOB_ID, status: 'Running' });
  });

  it('getJobMessages: GET /v3/jobs/{jobId}/messages, returning the array', async () => {
    const messages = [
      { status: 1, text: 'Started', toolId: 0 },
      { status: 3, text: 'Boom', toolId: 4 },
    ];
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}/messages`, json(messages));

    const result = await clientFor(server).getJobMessages(JOB_ID);

    const [request] = server.apiRequests;
    expect(request?.method).toBe('GET');
    expect(request?.url.href).toBe(`http://alteryx.test/webapi/v3/jobs/${JOB_ID}/messages`);
    expect(request?.body).toBe('');
    expect(result).toEqual(messages);
  });

  it('getJobMessages: accepts the single object the documentation shows', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}/messages`, json(sample('job-messages.json')));

    expect(await clientFor(server).getJobMessages(JOB_ID)).toEqual([{ status: 0, text: 'string', toolId: 0 }]);
  });

  it('cancelJob: DELETE /v3/jobs/{jobId}, no body, no query', async () => {
    const server = new FakeServer().on('DELETE', `/v3/jobs/${JOB_ID}`, json(sample('cancel-running.json')));

    await clientFor(server).cancelJob(JOB_ID);

    const [request] = server.apiRequests;
    expect(request?.method).toBe('DELETE');
    expect(request?.url.href).toBe(`http://alteryx.test/webapi/v3/jobs/${JOB_ID}`);
    expect(request?.body).toBe('');
    expect(request?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('runWorkflow: POST /v3/workflows/{workflowId}/jobs with the contract as JSON', async () => {
    const contract = sample('run-workflow.request.json') as Parameters<AlteryxServerClient['runWorkflow']>[1];
    const server = new FakeServer().on('POST', `/v3/workflows/${WORKFLOW_ID}/jobs`, json(sample('run-workflow.response.json')));

    const job = await clientFor(server).runWorkflow(WORKFLOW_ID, contract);

    const [request] = server.apiRequests;
    expect(request?.method).toBe('POST');
    expect(request?.url.href).toBe(`http://alteryx.test/webapi/v3/workflows/${WORKFLOW_ID}/jobs`);
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      workerTag: 'fake-worker-tag',
      questions: [
        { name: 'Region', value: 'EMEA' },
        { name: 'StartDate', value: '2024-09-01' },
      ],
      priority: 'Default',
    });
    expect(job).toEqual(sample('run-workflow.response.json'));
  });

  it('runWorkflow: sends {} when no contract is given', async () => {
    const server = new FakeServer().on('POST', `/v3/workflows/${WORKFLOW_ID}/jobs`, json(sample('run-workflow.response.json')));

    await clientFor(server).runWorkflow(WORKFLOW_ID);

    expect(server.apiRequests[0]?.body).toBe('{}');
    expect(server.apiRequests[0]?.headers.get('content-type')).toBe('application/json');
  });

  it('listWorkflowJobs: GET /v3/workflows/{workflowId}/jobs with every filter in the query', async () => {
    const server = new FakeServer().on('GET', `/v3/workflows/${WORKFLOW_ID}/jobs`, json(sample('workflow-jobs.json')));

    const jobs = await clientFor(server).listWorkflowJobs(WORKFLOW_ID, {
      sortField: 'createDate',
      direction: 'desc',
      offset: 20,
      limit: 10,
      status: 'Completed',
      resultCode: 'Error',
    });

    const [request] = server.apiRequests;
    expect(request?.method).toBe('GET');
    expect(request?.url.href.split('?')[0]).toBe(`http://alteryx.test/webapi/v3/workflows/${WORKFLOW_ID}/jobs`);
    expect([...(request?.url.searchParams ?? [])]).toEqual([
      ['sortField', 'createDate'],
      ['direction', 'desc'],
      ['offset', '20'],
      ['limit', '10'],
      ['status', 'Completed'],
      ['resultCode', 'Error'],
    ]);
    expect(jobs).toEqual(sample('workflow-jobs.json'));
  });

  it('listWorkflowJobs: no query string without filters, and filter values are encoded', async () => {
    const server = new FakeServer().on('GET', `/v3/workflows/${WORKFLOW_ID}/jobs`, json([]));
    const client = clientFor(server);

    await client.listWorkflowJobs(WORKFLOW_ID);
    await client.listWorkflowJobs(WORKFLOW_ID, { status: 'A&B=C #1' });

    expect(server.apiRequests.map((r) => r.url.href)).toEqual([
      `http://alteryx.test/webapi/v3/workflows/${WORKFLOW_ID}/jobs`,
      `http://alteryx.test/webapi/v3/workflows/${WORKFLOW_ID}/jobs?status=A%26B%3DC%20%231`,
    ]);
  });

  it('getWorkflowQuestions: GET /v3/workflows/{workflowId}/questions', async () => {
    const server = new FakeServer().on('GET', `/v3/workflows/${WORKFLOW_ID}/questions`, json(sample('workflow-questions.json')));

    const questions = await clientFor(server).getWorkflowQuestions(WORKFLOW_ID);

    expect(server.apiRequests[0]?.method).toBe('GET');
    expect(server.apiRequests[0]?.url.href).toBe(`http://alteryx.test/webapi/v3/workflows/${WORKFLOW_ID}/questions`);
    expect(questions.map((q) => q.name)).toEqual(['Region', 'StartDate']);
    expect(questions).toEqual(sample('workflow-questions.json'));
  });

  it('getWorkflowQuestions: versionId goes in the query, encoded', async () => {
    const server = new FakeServer().on('GET', `/v3/workflows/${WORKFLOW_ID}/questions`, json([]));

    await clientFor(server).getWorkflowQuestions(WORKFLOW_ID, { versionId: '3' });
    await clientFor(server).getWorkflowQuestions(WORKFLOW_ID, { versionId: 'v 2&x=1' });

    expect(server.apiRequests.map((r) => r.url.search)).toEqual(['?versionId=3', '?versionId=v%202%26x%3D1']);
  });

  it('downloadJobOutput: GET /v1/jobs/{jobId}/output/{outputId}?format= (format is required)', async () => {
    const server = new FakeServer().on('GET', `/v1/jobs/${JOB_ID}/output/out-1`, text('a,b\n1,2\n', 200, 'text/csv'));
    const client = clientFor(server);

    await client.downloadJobOutput(JOB_ID, 'out-1', { format: 'Csv' });
    await client.downloadJobOutput(JOB_ID, 'out-1', { format: 'Excel 2007 (.xlsx)' });
    // Plain JS callers without a format are refused before any request is sent.
    const loose = client.downloadJobOutput as (jobId: string, outputId: string, options?: object) => Promise<unknown>;
    await expect(loose(JOB_ID, 'out-1')).rejects.toThrow(/format must be one of the output's availableFormats/);
    await expect(loose(JOB_ID, 'out-1', { format: '' })).rejects.toBeInstanceOf(RangeError);

    expect(server.apiRequests.map((r) => `${r.method} ${r.url.href}`)).toEqual([
      `GET http://alteryx.test/webapi/v1/jobs/${JOB_ID}/output/out-1?format=Csv`,
      `GET http://alteryx.test/webapi/v1/jobs/${JOB_ID}/output/out-1?format=Excel%202007%20(.xlsx)`,
    ]);
  });

  it('client.api is the generated client, authenticated the same way', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const client = clientFor(server);

    const { data } = await client.api.GET('/v3/jobs/{jobId}', { params: { path: { jobId: JOB_ID } } });

    expect(data?.id).toBe(JOB_ID);
    expect(server.apiRequests[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  describe('ids are encoded as path segments', () => {
    const ID = 'a/b c?#';
    const ENCODED = 'a%2Fb%20c%3F%23';
    const cases: Array<[string, (client: AlteryxServerClient) => Promise<unknown>, string, string, Reply]> = [
      ['getJob', (c) => c.getJob(ID), 'GET', `/v3/jobs/${ENCODED}?includeMessages=true`, json(jobView())],
      ['getJobStatus', (c) => c.getJobStatus(ID), 'GET', `/v3/jobs/${ENCODED}?includeMessages=true`, json(jobView())],
      ['getJobMessages', (c) => c.getJobMessages(ID), 'GET', `/v3/jobs/${ENCODED}/messages`, json([])],
      ['cancelJob', (c) => c.cancelJob(ID), 'DELETE', `/v3/jobs/${ENCODED}`, json({ message: 'Cancelled Successfully.' })],
      ['runWorkflow', (c) => c.runWorkflow(ID), 'POST', `/v3/workflows/${ENCODED}/jobs`, json(jobView())],
      ['listWorkflowJobs', (c) => c.listWorkflowJobs(ID), 'GET', `/v3/workflows/${ENCODED}/jobs`, json([])],
      ['getWorkflowQuestions', (c) => c.getWorkflowQuestions(ID), 'GET', `/v3/workflows/${ENCODED}/questions`, json([])],
      [
        'downloadJobOutput',
        (c) => c.downloadJobOutput(ID, ID, { format: 'a&b=c' }),
        'GET',
        `/v1/jobs/${ENCODED}/output/${ENCODED}?format=a%26b%3Dc`,
        text('x'),
      ],
    ];

    it.each(cases)('%s', async (_name, call, method, pathAndQuery, reply) => {
      const server = new FakeServer().on(method, pathAndQuery.split('?')[0] ?? '', reply);

      await call(clientFor(server));

      expect(server.apiRequests).toHaveLength(1);
      expect(server.apiRequests[0]?.method).toBe(method);
      expect(server.apiRequests[0]?.url.href).toBe(`http://alteryx.test/webapi${pathAndQuery}`);
    });

    it('encodes non-ASCII ids as UTF-8', async () => {
      const server = new FakeServer().on('GET', '/v3/jobs/%C3%BCber%E2%82%AC', json(jobView()));

      await clientFor(server).getJob('über€');

      expect(server.apiRequests[0]?.url.href).toBe('http://alteryx.test/webapi/v3/jobs/%C3%BCber%E2%82%AC?includeMessages=true');
    });

    // encodeURIComponent leaves "." alone and URL parsing resolves dot segments (also %2e), so
    // such ids are refused before anything is sent.
    it.each([
      ['getJob', '..', (c: AlteryxServerClient, id: string) => c.getJob(id)],
      ['getJob', '.', (c: AlteryxServerClient, id: string) => c.getJob(id)],
      ['getJob', '', (c: AlteryxServerClient, id: string) => c.getJob(id)],
      ['cancelJob', '..', (c: AlteryxServerClient, id: string) => c.cancelJob(id)],
      ['runWorkflow', '..', (c: AlteryxServerClient, id: string) => c.runWorkflow(id)],
    ] as const)('%s(%j) is refused before anything is sent', async (_name, id, call) => {
      const server = new FakeServer();

      const error = await rejection(call(clientFor(server), id));

      expect(error).toBeInstanceOf(RangeError);
      expect((error as RangeError).message).toMatch(/^(jobId|workflowId) must be a non-empty string other than "\." and "\.\."/);
      expect(server.requests).toHaveLength(0);
    });
  });
});

describe('cancelJob outcomes', () => {
  it('reports a running job as cancelled', async () => {
    const server = new FakeServer().on('DELETE', `/v3/jobs/${JOB_ID}`, json({ message: 'Cancelled Successfully.' }));

    expect(await clientFor(server).cancelJob(JOB_ID)).toEqual({ outcome: 'cancelled', message: 'Cancelled Successfully.' });
  });

  it('reports a queued job as deleted', async () => {
    const server = new FakeServer().on('DELETE', `/v3/jobs/${JOB_ID}`, json({ message: 'Deleted Successfully.' }));

    expect(await clientFor(server).cancelJob(JOB_ID)).toEqual({ outcome: 'deleted', message: 'Deleted Successfully.' });
  });

  it("turns 400 \"not in 'Queued' or 'Running' state\" into InvalidStateError", async () => {
    const body = sample('cancel-not-queued-or-running.json');
    const server = new FakeServer().on('DELETE', `/v3/jobs/${JOB_ID}`, json(body, 400));

    const error = await rejectsWith(clientFor(server).cancelJob(JOB_ID), InvalidStateError);

    expect(error.status).toBe(400);
    expect(error.body).toEqual({ message: "This job is not in 'Queued' or 'Running' state." });
    expect(error.vendor).toBe('alteryx-server');
    expect(error.operation).toBe('cancelJob');
    expect(error.message).toContain("This job is not in 'Queued' or 'Running' state.");
    expect(server.apiRequests).toHaveLength(1);
  });

  it('turns 400 "You do not have permission" into PermissionError with status 400', async () => {
    const server = new FakeServer().on('DELETE', `/v3/jobs/${JOB_ID}`, json(sample('cancel-no-permission.json'), 400));

    const error = await rejectsWith(clientFor(server).cancelJob(JOB_ID), PermissionError);

    expect(error.status).toBe(400);
    expect(error.body).toEqual({ message: 'You do not have permission to cancel this job.' });
    expect(error.operation).toBe('cancelJob');
    expect(error.message).toContain('You do not have permission to cancel this job.');
  });

  it("keeps the server's Retry-After on the errors it maps (a write is not retried, the caller may be)", async () => {
    const server = new FakeServer().on(
      'DELETE',
      `/v3/jobs/${JOB_ID}`,
      json({ message: "This job is not in 'Queued' or 'Running' state." }, 400, { 'retry-after': '7' }),
    );

    const error = await rejectsWith(clientFor(server).cancelJob(JOB_ID), InvalidStateError);

    expect(error.retryAfterMs).toBe(7000);
    expect(error.headers['retry-after']).toBe('7');
    expect(server.apiRequests).toHaveLength(1);
  });

  it('leaves any other 400 a plain ApiError', async () => {
    const server = new FakeServer().on('DELETE', `/v3/jobs/${JOB_ID}`, json({ message: 'The request is invalid.' }, 400));

    const error = await rejectsWith(clientFor(server).cancelJob(JOB_ID), ApiError);

    expect(error.constructor).toBe(ApiError);
    expect(error.status).toBe(400);
  });

  it('turns a 404 with a JSON body (no such job) into NotFoundError, without a version hint', async () => {
    const server = new FakeServer().on('DELETE', `/v3/jobs/${JOB_ID}`, json({ message: 'Job not found.' }, 404));

    const error = await rejectsWith(clientFor(server).cancelJob(JOB_ID), NotFoundError);

    expect(error.status).toBe(404);
    expect(error.body).toEqual({ message: 'Job not found.' });
    expect(error.message).toContain('Job not found.');
    expect(error.message).not.toMatch(/server version/);
  });
});

describe('endpoints missing before the first Server version documenting them', () => {
  const oldServerAnswers: Array<[string, Reply, typeof ApiError, number]> = [
    ['405 with an empty body', text('', 405), ApiError, 405],
    [
      '405 with a JSON body',
      json({ message: "The requested resource does not support http method 'DELETE'." }, 405),
      ApiError,
      405,
    ],
    [
      '404 with an HTML page',
      text('<html><head><title>404 - Not Found</title></head></html>', 404, 'text/html'),
      NotFoundError,
      404,
    ],
    ['404 with an empty body', text('', 404), NotFoundError, 404],
  ];
  const operations: Array<[string, string, string, string, (client: AlteryxServerClient) => Promise<unknown>]> = [
    ['getJobMessages', '2024.2', 'GET', `/v3/jobs/${JOB_ID}/messages`, (c) => c.getJobMessages(JOB_ID)],
    ['cancelJob', '2025.1', 'DELETE', `/v3/jobs/${JOB_ID}`, (c) => c.cancelJob(JOB_ID)],
  ];

  for (const [operation, since, method, path, call] of operations) {
    it.each(oldServerAnswers)(
      `${operation}: %s says the endpoint is not available on this server version`,
      async (_, reply, ErrorClass, status) => {
        const server = new FakeServer().on(method, path, reply);

        const error = await rejectsWith(call(clientFor(server)), ErrorClass);

        expect(error.status).toBe(status);
        expect(error.operation).toBe(operation);
        expect(error.message).toMatch(/not available on this server version/);
        expect(error.message).toContain(`${operation} is documented from Alteryx Server ${since}`);
      },
    );
  }

  it('getJob: a 404 HTML page is a NotFoundError without the version hint (the endpoint always existed)', async () => {
    const server = new FakeServer().on(
      'GET',
      `/v3/jobs/${JOB_ID}`,
      text('<html><title>Not Found</title></html>', 404, 'text/html'),
    );

    const error = await rejectsWith(clientFor(server).getJob(JOB_ID), NotFoundError);

    expect(error.message).not.toMatch(/server version/);
  });
});

describe('malformed responses become typed errors, never TypeError', () => {
  const BAD_GATEWAY =
    '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';

  it('an HTML 502 page is a ServerError after the read retries', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, text(BAD_GATEWAY, 502, 'text/html'));
    const client = clientFor(server, { retry: true });

    const settled = rejection(client.getJob(JOB_ID));
    await vi.runAllTimersAsync();
    const error = await settled;

    expect(error).toBeInstanceOf(ServerError);
    const serverError = error as ServerError;
    expect(serverError.status).toBe(502);
    expect(serverError.operation).toBe('getJob');
    expect(serverError.message).toContain('HTTP 502');
    expect(serverError.message).toContain('502 Bad Gateway');
    expect(serverError.body).toBe(BAD_GATEWAY);
    expect(server.apiRequests).toHaveLength(3);
    expect(server.tokenRequests).toHaveLength(1);
  });

  it('an HTML 502 page is a ServerError at once with retry: false', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, text(BAD_GATEWAY, 502, 'text/html'));

    const error = await rejectsWith(clientFor(server, { retry: false }).getJob(JOB_ID), ServerError);

    expect(error.status).toBe(502);
    expect(server.apiRequests).toHaveLength(1);
  });

  it('writes are not retried on 5xx', async () => {
    const server = new FakeServer().on('DELETE', `/v3/jobs/${JOB_ID}`, text(BAD_GATEWAY, 502, 'text/html'));

    await rejectsWith(clientFor(server, { retry: true }).cancelJob(JOB_ID), ServerError);

    expect(server.apiRequests).toHaveLength(1);
  });

  const badJobBodies: Array<[string, Reply]> = [
    ['truncated JSON', text('{"id":"66ebd18d3d6200007e000d8c","status":"Runn', 200, 'application/json')],
    ['an HTML page on 200', text('<html><body>Login</body></html>', 200, 'text/html')],
    ['id as a number', json({ id: 5, status: 'Running' })],
    ['no status', json({ id: JOB_ID })],
    ['an array', json([jobView()])],
    ['outputs that are not an array', json(jobView({ outputs: 'out-1' }))],
    ['messages with a non-object item', json(jobView({ messages: ['boom'] }))],
    ['an empty body', text('', 200, 'application/json')],
    ['an empty body without content type', () => new Response(null, { status: 200 })],
    ['null', json(null)],
    ['a JSON string', json('Running')],
  ];

  it.each(badJobBodies)('getJob: %s is an UnexpectedResponseError', async (_, reply) => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, reply);

    const error = await rejection(clientFor(server).getJob(JOB_ID));

    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).vendor).toBe('alteryx-server');
    expect((error as UnexpectedResponseError).operation).toBe('getJob');
  });

  it('getJobStatus rejects the same bodies instead of inventing a status', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json({ id: 5 }));

    const error = await rejectsWith(clientFor(server).getJobStatus(JOB_ID), UnexpectedResponseError);

    // Errors and log lines name the method called.
    expect(error.operation).toBe('getJobStatus');
  });

  it('truncated JSON keeps the HTTP status and a short excerpt', async () => {
    const server = new FakeServer().on(
      'GET',
      `/v3/jobs/${JOB_ID}`,
      text(`{"id":"${JOB_ID}","status":"Runn`, 200, 'application/json'),
    );

    const error = await rejectsWith(clientFor(server).getJob(JOB_ID), UnexpectedResponseError);

    expect(error.status).toBe(200);
    expect(error.excerpt).toBe(`{"id":"${JOB_ID}","status":"Runn`);
    expect(error.message).toMatch(/malformed or truncated JSON/);
  });

  it('a wrong shape carries an excerpt of what came', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json({ id: 5 }));

    const error = await rejectsWith(clientFor(server).getJob(JOB_ID), UnexpectedResponseError);

    expect(error.excerpt).toBe('{"id":5}');
  });

  it.each<[string, string, string, Reply, (client: AlteryxServerClient) => Promise<unknown>]>([
    ['listWorkflowJobs', 'GET', `/v3/workflows/${WORKFLOW_ID}/jobs`, json({ jobs: [] }), (c) => c.listWorkflowJobs(WORKFLOW_ID)],
    ['listWorkflowJobs', 'GET', `/v3/workflows/${WORKFLOW_ID}/jobs`, json([{ id: 1 }]), (c) => c.listWorkflowJobs(WORKFLOW_ID)],
    [
      'getWorkflowQuestions',
      'GET',
      `/v3/workflows/${WORKFLOW_ID}/questions`,
      json([{}]),
      (c) => c.getWorkflowQuestions(WORKFLOW_ID),
    ],
    ['getJobMessages', 'GET', `/v3/jobs/${JOB_ID}/messages`, json('nope'), (c) => c.getJobMessages(JOB_ID)],
    ['cancelJob', 'DELETE', `/v3/jobs/${JOB_ID}`, text('', 200), (c) => c.cancelJob(JOB_ID)],
    ['cancelJob', 'DELETE', `/v3/jobs/${JOB_ID}`, json({}), (c) => c.cancelJob(JOB_ID)],
    [
      'runWorkflow',
      'POST',
      `/v3/workflows/${WORKFLOW_ID}/jobs`,
      text('{"id":', 200, 'application/json'),
      (c) => c.runWorkflow(WORKFLOW_ID),
    ],
  ])('%s: a bad body (%#) is an UnexpectedResponseError', async (operation, method, path, reply, call) => {
    const server = new FakeServer().on(method, path, reply);

    const error = await rejectsWith(call(clientFor(server)), UnexpectedResponseError);

    expect(error.operation).toBe(operation);
  });
});

describe('getJobStatus and waitForJob', () => {
  it('getJobStatus maps a Completed + Error job with messages field by field', async () => {
    const body = jobView({
      status: 'Completed',
      disposition: 'Error',
      outputs: [{ id: 'out-1', availableFormats: ['Csv', 'Yxdb'], fileName: 'report.csv' }],
      messages: [
        { status: 1, text: 'Started running', toolId: 0 },
        { status: 3, text: 'Input Data (4): file not found', toolId: 4 },
        { status: 2, text: 'Conversion error', toolId: 6 },
        { status: 3, text: 'Finished with 2 errors', toolId: 0 },
      ],
    });
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json(body));

    const status = await clientFor(server).getJobStatus(JOB_ID);

    expect(server.apiRequests[0]?.url.search).toBe('?includeMessages=true');
    expect(status.vendor).toBe('alteryx-server');
    expect(status.id).toBe(JOB_ID);
    expect(status.state).toBe('failed');
    expect(status.done).toBe(true);
    expect(status.vendorStatus).toBe('Completed');
    expect(status.detail).toBe('Error: Finished with 2 errors');
    expect(status.outputs).toEqual({ 'out-1': { fileName: 'report.csv', availableFormats: ['Csv', 'Yxdb'] } });
    expect(status.raw).toEqual(body);
  });

  it('waitForJob polls through Queued → Running → Completed and resolves with the final status', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on(
      'GET',
      `/v3/jobs/${JOB_ID}`,
      json(jobView({ status: 'Queued', disposition: 'None' })),
      json(jobView({ status: 'Running', disposition: 'None' })),
      json(jobView({ status: 'Running', disposition: 'None' })),
      json(
        jobView({
          status: 'Completed',
          disposition: 'Success',
          outputs: [{ id: 'o1', fileName: 'out.csv', availableFormats: ['Csv'] }],
        }),
      ),
    );
    const client = clientFor(server);
    const progress: string[] = [];

    const waiting = client.waitForJob(JOB_ID, {
      minDelayMs: 10,
      maxDelayMs: 40,
      random: () => 0,
      onProgress: (status) => progress.push(`${status.state}/${status.vendorStatus}`),
    });
    await vi.runAllTimersAsync();
    const final = await waiting;

    expect(progress).toEqual(['queued/Queued', 'running/Running', 'succeeded/Completed']);
    expect(final.state).toBe('succeeded');
    expect(final.done).toBe(true);
    expect(final.vendorStatus).toBe('Completed');
    expect(final.detail).toBe('Success');
    expect(final.outputs).toEqual({ o1: { fileName: 'out.csv', availableFormats: ['Csv'] } });
    const polls = server.to('GET', `/v3/jobs/${JOB_ID}`);
    expect(polls).toHaveLength(4);
    // First poll at once, then the minimum delay each time (jitter pinned to 0).
    expect(polls.map((poll) => poll.at - (polls[0]?.at ?? 0))).toEqual([0, 10, 20, 30]);
    expect(server.tokenRequests).toHaveLength(1);
  });

  it('waitForJob resolves with a failed job instead of rejecting', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on(
      'GET',
      `/v3/jobs/${JOB_ID}`,
      json(jobView({ status: 'Running' })),
      json(jobView({ status: 'Completed', disposition: 'Error', messages: [{ status: 3, text: 'boom', toolId: 1 }] })),
    );

    const waiting = clientFor(server).waitForJob(JOB_ID, { minDelayMs: 5, random: () => 0 });
    await vi.runAllTimersAsync();
    const final = await waiting;

    expect(final.state).toBe('failed');
    expect(final.detail).toBe('Error: boom');
  });
});

describe('AbortSignal', () => {
  it('a call with an already aborted signal rejects with its reason and sends nothing', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const reason = new Error('user gave up');

    const error = await rejection(clientFor(server).getJob(JOB_ID, { signal: AbortSignal.abort(reason) }));

    expect(error).toBe(reason);
    expect(server.requests).toEqual([]);
  });

  it('aborting a call in flight rejects with the reason', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, hang);
    const controller = new AbortController();
    const reason = new Error('stop now');

    const pending = rejection(clientFor(server).getJob(JOB_ID, { signal: controller.signal }));
    await vi.waitFor(() => expect(server.apiRequests).toHaveLength(1));
    controller.abort(reason);

    expect(await pending).toBe(reason);
    expect(server.apiRequests[0]?.signal.aborted).toBe(true);
  });

  it('aborting while the token is being fetched rejects with the reason', async () => {
    const server = new FakeServer().on('POST', '/oauth2/token', hang).on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));
    const controller = new AbortController();
    const reason = new Error('no patience for tokens');

    const pending = rejection(clientFor(server).getJob(JOB_ID, { signal: controller.signal }));
    await vi.waitFor(() => expect(server.tokenRequests).toHaveLength(1));
    controller.abort(reason);

    expect(await pending).toBe(reason);
    expect(server.apiRequests).toEqual([]);
  });

  it('an abort without a reason rejects with an AbortError DOMException, as fetch does', async () => {
    const server = new FakeServer().on('DELETE', `/v3/jobs/${JOB_ID}`, hang);
    const controller = new AbortController();

    const pending = rejection(clientFor(server).cancelJob(JOB_ID, { signal: controller.signal }));
    await vi.waitFor(() => expect(server.apiRequests).toHaveLength(1));
    controller.abort();

    const error = await pending;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });
});

describe('secrets never leak into errors or logs', () => {
  const SECRETS = { clientSecret: CLIENT_SECRET, token: TOKEN, basic: BASIC };
  // The fake server below misbehaves on purpose: it echoes the credentials back in bodies,
  // headers, titles and low-level error messages. The token endpoint can only echo what the
  // client sent it (no token has been issued when it fails); the API echoes the token too.
  const ECHO_CREDENTIALS = `client_secret ${CLIENT_SECRET} Basic ${BASIC} raw ${CLIENT_SECRET} ${BASIC}`;
  const ECHO = `${ECHO_CREDENTIALS} Bearer ${TOKEN} raw ${TOKEN}`;

  const scenarios: Array<[string, (server: FakeServer) => void, typeof JobwireError]> = [
    [
      '401 on the API call, twice',
      (server) =>
        server.on(
          'GET',
          `/v3/jobs/${JOB_ID}`,
          json({ message: `Authorization has been denied: ${ECHO}`, token: TOKEN }, 401, {
            'www-authenticate': `Bearer error="invalid_token", token="${TOKEN}"`,
            'x-debug': ECHO,
          }),
        ),
      AuthenticationError,
    ],
    [
      '401 from the token endpoint',
      (server) =>
        server.on(
          'POST',
          '/oauth2/token',
          json({ error: 'invalid_client', error_description: ECHO_CREDENTIALS, client_secret: CLIENT_SECRET }, 401, {
            'x-debug': ECHO_CREDENTIALS,
          }),
        ),
      AuthenticationError,
    ],
    [
      '404',
      (server) => server.on('GET', `/v3/jobs/${JOB_ID}`, json({ message: `No job for ${ECHO}` }, 404, { 'x-echo': ECHO })),
      NotFoundError,
    ],
    [
      '500 HTML page',
      (server) =>
        server.on(
          'GET',
          `/v3/jobs/${JOB_ID}`,
          text(`<html><head><title>Error ${ECHO}</title></head><body><pre>${ECHO}</pre></body></html>`, 500, 'text/html'),
        ),
      ServerError,
    ],
    [
      'truncated body',
      (server) =>
        server.on('GET', `/v3/jobs/${JOB_ID}`, text(`{"note":"${ECHO}","id":"${JOB_ID}","status":"Ru`, 200, 'application/json')),
      UnexpectedResponseError,
    ],
    [
      'truncated token response',
      (server) =>
        server.on(
          'POST',
          '/oauth2/token',
          text(`{"access_token":"${TOKEN}","note":"${ECHO_CREDENTIALS}","expires_in":36`, 200, 'application/json'),
        ),
      UnexpectedResponseError,
    ],
    [
      'wrong shape',
      (server) => server.on('GET', `/v3/jobs/${JOB_ID}`, json({ id: 5, status: ECHO, access_token: TOKEN })),
      UnexpectedResponseError,
    ],
    [
      'network failure',
      (server) =>
        server.on('GET', `/v3/jobs/${JOB_ID}`, () => {
          const cause = Object.assign(new Error(`connect ECONNREFUSED while sending ${ECHO}`), { code: 'ECONNREFUSED' });
          throw new TypeError(`fetch failed: ${ECHO}`, { cause });
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
    expect(views.message.length).toBeGreaterThan(0);
    if (error instanceof UnexpectedResponseError) {
      // The excerpt reaches the echoed secrets: it is redacted, not just too short to hold them.
      expect(error.excerpt).toContain('***');
    }
    for (const [where, view] of Object.entries(views)) {
      for (const [name, secret] of Object.entries(SECRETS)) {
        expect(view.includes(secret), `${name} found in ${where}: ${view}`).toBe(false);
      }
    }
    // The secrets really were in play: the server was given them and sent them back.
    expect(server.requests.some((r) => r.headers.get('authorization') === `Basic ${BASIC}`)).toBe(true);
  });
});

describe('downloadJobOutput', () => {
  const bytes = new Uint8Array(4096).map((_, i) => (i * 7 + 3) % 256);

  it('streams the bytes the server sent, with content type and file name', async () => {
    const server = new FakeServer().on(
      'GET',
      `/v1/jobs/${JOB_ID}/output/out-1`,
      () =>
        new Response(bytes, {
          headers: { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="report.yxdb"' },
        }),
    );

    const output = await clientFor(server).downloadJobOutput(JOB_ID, 'out-1', { format: 'Yxdb' });

    expect(output.contentType).toBe('application/octet-stream');
    expect(output.fileName).toBe('report.yxdb');
    expect(output.body).toBeInstanceOf(ReadableStream);
    const chunks: Uint8Array[] = [];
    const reader = output.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
  });

  it('arrayBuffer() reads the whole output', async () => {
    const server = new FakeServer().on(
      'GET',
      `/v1/jobs/${JOB_ID}/output/out-1`,
      () => new Response(bytes, { headers: { 'content-type': 'text/csv' } }),
    );

    const output = await clientFor(server).downloadJobOutput(JOB_ID, 'out-1', { format: 'Csv' });

    expect(new Uint8Array(await output.arrayBuffer())).toEqual(bytes);
    expect(output.contentType).toBe('text/csv');
    expect(output.fileName).toBeUndefined();
  });

  it('prefers the RFC 5987 filename* over filename', async () => {
    const server = new FakeServer().on(
      'GET',
      `/v1/jobs/${JOB_ID}/output/out-1`,
      text('x', 200, 'text/csv', {
        'content-disposition': `attachment; filename="resume.csv"; filename*=UTF-8''r%C3%A9sum%C3%A9%20final.csv`,
      }),
    );

    const output = await clientFor(server).downloadJobOutput(JOB_ID, 'out-1', { format: 'Csv' });

    expect(output.fileName).toBe('résumé final.csv');
  });

  it('turns a 404 into NotFoundError instead of streaming the error page', async () => {
    const server = new FakeServer().on('GET', `/v1/jobs/${JOB_ID}/output/nope`, json({ message: 'Output not found.' }, 404));

    const error = await rejectsWith(clientFor(server).downloadJobOutput(JOB_ID, 'nope', { format: 'Csv' }), NotFoundError);

    expect(error.operation).toBe('downloadJobOutput');
    expect(error.body).toEqual({ message: 'Output not found.' });
  });
});

describe('transport options reach the transport (ClientOptions)', () => {
  /** A valid job of about 1 KB: the padding is kept in `raw`. */
  const bigJob = () => json(jobView({ notes: 'x'.repeat(1000) }));
  /** A download that sends one chunk, then nothing until the request is aborted (as a socket would). */
  const stalling: Reply = (request) =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('a,b\n'));
          request.signal.addEventListener('abort', () => controller.error(request.signal.reason), { once: true });
        },
      }),
      { headers: { 'content-type': 'text/csv' } },
    );

  it('maxResponseBytes: a 1 KB answer is read by default and refused over the limit', async () => {
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, bigJob());

    expect((await clientFor(server).getJobStatus(JOB_ID)).state).toBe('running');
    const error = await rejectsWith(clientFor(server, { maxResponseBytes: 100 }).getJobStatus(JOB_ID), UnexpectedResponseError);

    expect(error.message).toMatch(/100 bytes/);
  });

  it('callTimeoutMs bounds the whole call', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, hang);
    const pending = rejection(clientFor(server, { timeoutMs: 600_000, callTimeoutMs: 1_000 }).getJobStatus(JOB_ID));

    await vi.advanceTimersByTimeAsync(1_000);

    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
  });

  it('allowedRedirectOrigins lets a cross-origin redirect through, without the token', async () => {
    const moved: Reply = (request) =>
      request.url.host === 'alteryx.test'
        ? new Response(null, { status: 302, headers: { location: `http://files.test${request.url.pathname}` } })
        : json(jobView())(request);
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, moved);

    await rejectsWith(clientFor(server).getJobStatus(JOB_ID), RedirectError);
    const status = await clientFor(server, { allowedRedirectOrigins: ['http://files.test'] }).getJobStatus(JOB_ID);

    expect(status.state).toBe('running');
    const last = server.apiRequests.at(-1);
    expect(last?.url.host).toBe('files.test');
    expect(last?.headers.get('authorization')).toBeNull();
  });

  it('streamIdleTimeoutMs ends a download that stops sending', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('GET', `/v1/jobs/${JOB_ID}/output/out-1`, stalling);
    const client = clientFor(server, { timeoutMs: 600_000, streamIdleTimeoutMs: 1_000 });
    const output = await client.downloadJobOutput(JOB_ID, 'out-1', { format: 'Csv' });
    const pending = rejection(output.arrayBuffer());

    await vi.advanceTimersByTimeAsync(1_000);

    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it('User-Agent: jobwire-alteryx-server/<version> on every request (token too), or the userAgent option', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    const server = new FakeServer().on('GET', `/v3/jobs/${JOB_ID}`, json(jobView()));

    await clientFor(server).getJobStatus(JOB_ID);
    await clientFor(server, { userAgent: 'reports-app/2.1' }).getJobStatus(JOB_ID);

    expect(server.requests.map((r) => `${r.path} ${r.headers.get('user-agent')}`)).toEqual([
      `/oauth2/token jobwire-alteryx-server/${version}`,
      `/v3/jobs/${JOB_ID} jobwire-alteryx-server/${version}`,
      '/oauth2/token reports-app/2.1',
      `/v3/jobs/${JOB_ID} reports-app/2.1`,
    ]);
  });

  it('streamTimeoutMs ends a download that takes too long in all', async () => {
    vi.useFakeTimers();
    const server = new FakeServer().on('GET', `/v1/jobs/${JOB_ID}/output/out-1`, stalling);
    const client = clientFor(server, { timeoutMs: 600_000, streamTimeoutMs: 1_000 });
    const output = await client.downloadJobOutput(JOB_ID, 'out-1', { format: 'Csv' });
    const pending = rejection(output.arrayBuffer());

    await vi.advanceTimersByTimeAsync(1_000);

    expect(await pending).toBeInstanceOf(TimeoutError);
  });
});
