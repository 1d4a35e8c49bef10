/**
 * Conformance: the client against the ELMA RPA samples, served by msw from @jobwire/testkit.
 * Every documented sample is decoded and asserted field by field, and every request the client
 * sends is checked (method, URL, headers, JSON body).
 *
 * Live mode: with JOBWIRE_ELMA_RPA_URL and JOBWIRE_ELMA_RPA_AUTH_TOKEN set, read-only probes also
 * run against that Orchestrator (JOBWIRE_ELMA_RPA_TASK_ID, when given, picks a task to read).
 */
import { readFileSync } from 'node:fs';
import { AuthenticationError, InvalidStateError, NotFoundError, PermissionError, UnexpectedResponseError } from '@jobwire/core';
import { elmaRpaCredentials, elmaRpaSamples, elmaRpaTaskIds, handlers } from '@jobwire/testkit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createElmaRpaClient, encodeContext, HTTP_STATUS_HEADER, type TaskContext } from '../src/index.js';

const baseUrl = 'http://elma.test:48080';
const server = setupServer(...handlers.elmaRpa({ baseUrl }));
const sent: Request[] = [];
server.events.on('request:start', ({ request }) => {
  sent.push(request.clone());
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  sent.length = 0;
  server.resetHandlers();
});
afterAll(() => server.close());

const TOKEN = elmaRpaCredentials.authToken;
const client = (authToken: string = TOKEN) => createElmaRpaClient({ baseUrl, authToken }, { retry: false });
const sample = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../specs/elma-rpa/samples/${file}`, import.meta.url), 'utf8'));

/** The one request the client sent: method, URL, content type, and its JSON body. */
async function onlyRequest(): Promise<{ method: string; url: string; contentType: string | null; body: unknown }> {
  expect(sent).toHaveLength(1);
  const [request] = sent as [Request];
  return {
    method: request.method,
    url: request.url,
    contentType: request.headers.get('content-type'),
    body: await request.json(),
  };
}

describe('ELMA RPA conformance (documented samples via msw)', () => {
  it('createTask sends the documented request body exactly (ctx JSON-encoded) and decodes the documented answer', async () => {
    const documented = sample('task-create.request.json') as { task: { ctx: string } };
    const fileUrl =
      'http://127.0.0.1:8088/v1/task/download_elma?uid=c054ab8e-cd33-429e-b4f3-7f61abcfd381&system=5d5ec66f-357d-4c2d-bbc1-2012278d2361';
    const task = await client().createTask({
      process: 'c39f99de-cb8f-4661-a206-b282a4830cbf',
      version: 0,
      callback: 'https://128.145.149.111/v1/task/complete',
      context: {
        StringParam_in: 'String value',
        FileParam_in: new URL(fileUrl),
        DateTimeParam_in: new Date('2020-03-22T00:00:00Z'),
        BoolParam_in: true,
        DoubleParam_in: 12.2,
        IntParam_in: 76,
        ArrayParam_in: [fileUrl, fileUrl],
      },
    });

    const request = await onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${baseUrl}/v1/orchestra/task/create`);
    expect(request.contentType).toBe('application/json');
    expect(request.body).toEqual(documented);
    // Byte for byte, not only as a value: ELMA parses this string itself.
    expect((request.body as { task: { ctx: string } }).task.ctx).toBe(documented.task.ctx);

    expect(task.id).toBe(955);
    expect(task.process).toBe('c39f99de-cb8f-4661-a206-b282a4830cbf');
    expect(task.system).toBe('5d5ec66f-357d-4c2d-bbc1-2012278d2361');
    expect(task.priority).toBe('MEDIUM');
    expect(task.status).toBe('PREPARE');
    expect(task.metrics).toEqual({});
    expect(task.created).toBe('2020-06-29T14:29:52+04:00');
    expect(task.updated).toBe('2020-06-29T14:29:52+04:00');
    expect(task.outputContext).toBeUndefined();
    expect(Object.keys(task).sort()).toEqual(['created', 'id', 'metrics', 'priority', 'process', 'status', 'system', 'updated']);
  });

  it('getTask sends {auth_tkn, id} and decodes the documented DONE task field by field', async () => {
    const task = await client().getTask(elmaRpaTaskIds.done);

    const request = await onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${baseUrl}/v1/orchestra/task/status`);
    expect(request.body).toEqual({ auth_tkn: TOKEN, id: 955 });

    expect(task.id).toBe(955);
    expect(task.process).toBe('c39f99de-cb8f-4661-a206-b282a4830cbf');
    expect(task.ctx).toBe('6e01adcb-de15-475f-86fa-b5d3a78a2d14');
    expect(task.system).toBe('5d5ec66f-357d-4c2d-bbc1-2012278d2361');
    expect(task.priority).toBe('MEDIUM');
    expect(task.groups).toEqual(['8f6895c5-70a5-498f-b813-ab72e2b6e5f0']);
    expect(task.status).toBe('DONE');
    expect(task.bot).toBe('5e771afd-1261-4451-b059-4543d41a5814');
    expect(task.outputCtx).toBe(elmaRpaSamples.taskDone.task.outputCtx);
    expect(task.outputContext).toEqual({
      stringvalue_out: ' (changed script)',
      filevalue_out: null,
      datetimevalue_out: '2020-06-29T11:08:29.2068223Z',
      boolvalue_out: true,
      doublevalue_out: 0.1,
      intvalue_out: 7,
    });
    expect(task.log?.startsWith('[INF] 2020/06/29 14:08:23 | [ELMA.RPA.Bot.Server.RepositoryTask] | Started preparing')).toBe(
      true,
    );
    expect(task.log?.split('\n')).toHaveLength(20);
    // Both metrics times are year 1: "not set".
    expect(task.metrics).toEqual({});
    expect(task.created).toBe('2020-06-29T10:29:52Z');
    expect(task.updated).toBe('2020-06-29T11:08:29Z');
  });

  it('getJobStatus normalizes the documented DONE task', async () => {
    const status = await client().getJobStatus('955');
    expect(status.vendor).toBe('elma-rpa');
    expect(status.id).toBe('955');
    expect(status.state).toBe('succeeded');
    expect(status.done).toBe(true);
    expect(status.vendorStatus).toBe('DONE');
    expect(status.detail).toBeUndefined();
    expect(status.outputs).toEqual({
      stringvalue_out: ' (changed script)',
      filevalue_out: null,
      datetimevalue_out: '2020-06-29T11:08:29.2068223Z',
      boolvalue_out: true,
      doublevalue_out: 0.1,
      intvalue_out: 7,
    });
    expect(status.raw.bot).toBe('5e771afd-1261-4451-b059-4543d41a5814');
  });

  it('getJobStatus of the documented in-queue task: PREPARE is queued', async () => {
    const status = await client().getJobStatus(elmaRpaTaskIds.queued);
    expect(status.id).toBe('955');
    expect(status.state).toBe('queued');
    expect(status.done).toBe(false);
    expect(status.vendorStatus).toBe('PREPARE');
    expect(status.outputs).toEqual({});
  });

  it('getJobStatus of a failed task: detail is the last error line of the log', async () => {
    const status = await client().getJobStatus(elmaRpaTaskIds.failed);
    expect(status.state).toBe('failed');
    expect(status.vendorStatus).toBe('ERROR');
    expect(status.detail).toBe(
      "[ERR] 2020/06/29 14:10:05 | [ELMA.RPA.Player.PlayerService] | Element 'Save' was not found on the screen.",
    );
    expect(status.raw.metrics).toEqual({ startTime: '2020-06-29T14:10:02Z', endTime: '2020-06-29T14:10:05Z' });
    expect(status.raw.outputContext).toBeUndefined();
  });

  it('cancelTask sends the documented cancel body and decodes the documented in-queue answer', async () => {
    const task = await client().cancelTask(955);
    const request = await onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${baseUrl}/v1/orchestra/task/cancel`);
    expect(request.contentType).toBe('application/json');
    expect(request.body).toEqual({ auth_tkn: TOKEN, id: 955 });
    expect(task.id).toBe(955);
    expect(task.status).toBe('PREPARE');
    expect(task.priority).toBe('MEDIUM');
    expect(task.system).toBe('5d5ec66f-357d-4c2d-bbc1-2012278d2361');
    expect(task.metrics).toEqual({});
  });

  it('cancelTask goes to the configured cancelPath', async () => {
    server.use(...handlers.elmaRpa({ baseUrl, cancelPath: '/v1/orchestra/task/delete' }));
    const custom = createElmaRpaClient({ baseUrl, authToken: TOKEN, cancelPath: '/v1/orchestra/task/delete' }, { retry: false });
    expect((await custom.cancelTask(955)).id).toBe(955);
    expect(sent[0]?.url).toBe(`${baseUrl}/v1/orchestra/task/delete`);
    server.resetHandlers();
  });

  it('cancelTask of a task no longer in the queue → InvalidStateError with the server text', async () => {
    const error = await client()
      .cancelTask(elmaRpaTaskIds.failed)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidStateError);
    const e = error as InvalidStateError;
    expect(e.status).toBe(409);
    expect(e.operation).toBe('cancelTask');
    expect(e.message).toContain('task 956 is not in the queue');
    expect(e.headers[HTTP_STATUS_HEADER]).toBe('200');
  });

  it("cancelTask of another system's task → PermissionError", async () => {
    const error = await client()
      .cancelTask(elmaRpaTaskIds.otherSystem)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).message).toContain('only by the system that created it');
  });

  it('an unknown task id, answered with HTTP 200 and {"status": 404}, is a NotFoundError on every task route', async () => {
    const c = client();
    for (const call of [
      () => c.getTask(elmaRpaTaskIds.missing),
      () => c.getJobStatus(elmaRpaTaskIds.missing),
      () => c.cancelTask(elmaRpaTaskIds.missing),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      const e = error as NotFoundError;
      expect(e.status).toBe(404);
      expect(e.body).toEqual({ status: 404, error: 'task 4040 not found' });
      expect(e.message).toContain('task 4040 not found');
      expect(e.headers[HTTP_STATUS_HEADER]).toBe('200');
    }
  });

  it('a system not approved yet → PermissionError with the server text, token redacted', async () => {
    const error = await client(elmaRpaCredentials.unapprovedAuthToken)
      .getTask(955)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).status).toBe(403);
    expect((error as PermissionError).message).toContain('the system is not approved');
    expect(JSON.stringify(error)).not.toContain(elmaRpaCredentials.unapprovedAuthToken);
  });

  it('an unknown system → AuthenticationError (HTTP 401)', async () => {
    const error = await client('11111111-2222-3333-4444-555555555555')
      .listProcesses()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toContain('the system is not registered');
  });

  it('registerSystem sends {uuid, name, desc}; getSystemStatus sends {uuid}', async () => {
    await client().registerSystem({ name: 'System name', desc: 'System description' });
    expect(await onlyRequest()).toEqual({
      method: 'POST',
      url: `${baseUrl}/v1/orchestra/system/registration`,
      contentType: 'application/json',
      body: sample('system-registration.request.json'),
    });
    sent.length = 0;
    expect(await client().getSystemStatus()).toEqual({ approved: true, status: 200 });
    expect((await onlyRequest()).body).toEqual(sample('system-status.request.json'));
  });

  it('listProcesses sends {auth_tkn, page, limit} and decodes the process list', async () => {
    const page = await client().listProcesses({ page: 1, limit: 10 });
    const request = await onlyRequest();
    expect(request.url).toBe(`${baseUrl}/v1/repository/actual`);
    expect(request.body).toEqual(sample('process-list.request.json'));
    expect(page.total).toBe(2);
    expect(page.processes.map((p) => [p.name, p.token, p.version, p.active])).toEqual([
      ['Creating profiles', 'c39f99de-cb8f-4661-a206-b282a4830cbf', 3, true],
      ['Monthly report', 'e5b1c0aa-9f3d-4b2e-8c7a-1d2e3f4a5b6c', 1, false],
    ]);
  });

  it('downloadTaskFile sends the documented download body and streams the bytes', async () => {
    const file = await client().downloadTaskFile(elmaRpaTaskIds.done, '12.txt');
    const request = await onlyRequest();
    expect(request.url).toBe(`${baseUrl}/v1/repository/task/download`);
    expect(request.body).toEqual({ auth_tkn: TOKEN, taskid: 955, filename: '12.txt' });
    expect(file.fileName).toBe('12.txt');
    expect(file.contentType).toBe('application/octet-stream');
    expect(file.size).toBe(33);
    expect(new TextDecoder().decode(await file.arrayBuffer())).toBe('profile created for Ada Lovelace\n');
  });

  it('downloadTaskFile of a missing file → NotFoundError from the JSON envelope', async () => {
    const error = await client()
      .downloadTaskFile(elmaRpaTaskIds.missing, 'nope.txt')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('file nope.txt not found');
  });
});

describe('ELMA RPA conformance: the process repository', () => {
  const found = elmaRpaSamples.processFound.process;

  it('serves the documented process list (every field) through listProcesses, with the documented request', async () => {
    const documentedToken = '5d5ec66f-357d-4c2d-bbc1-2012278d2362';
    server.use(http.post(`${baseUrl}/v1/repository/actual`, () => HttpResponse.json(elmaRpaSamples.processActualDocumented)));
    const page = await client(documentedToken).listProcesses({ page: 0, limit: 0 });
    expect((await onlyRequest()).body).toEqual(sample('process-actual.documented.request.json'));
    expect(page.total).toBe(2);
    expect(page.processes).toHaveLength(2);
    const [first, second] = page.processes;
    expect(first?.uuid).toBe('b3761524-8c30-4e3e-b155-36266b57ac0e');
    expect(first?.token).toBe('d1b49902-5639-4fdb-9c73-779a852f831a');
    expect(first?.version).toBe(1);
    expect(first?.active).toBe(true);
    expect(first?.name).toBe('Ticket search');
    expect(first?.hash).toBe('bd19f59bd4bf48f0711c2ef4ceac5bcf3d36bcc8');
    expect(first?.created).toBe('2020-06-18T12:11:39Z');
    expect(first?.uploaded).toBe('2020-06-18T12:12:32Z');
    expect(first?.useruuid).toBe('d87a881c-7c7a-4158-8fae-96161e721a7e');
    expect(first?.fullname).toBe('Thomas Miller');
    expect(first?.groups).toBeUndefined();
    expect(second?.token).toBe('c39f99de-cb8f-4661-a206-b282a4830cbf');
    expect(second?.version).toBe(21);
    expect(second?.name).toBe('Creating a user account');
    expect(second?.hash).toBe('a6341d6a498de2ecb609d168179d4dc4f1e273ad');
    expect(second?.created).toBe('2020-03-30T05:55:26Z');
    expect(second?.uploaded).toBe('2020-06-05T05:44:12Z');
    expect(second?.groups).toEqual(['8f6895c5-70a5-498f-b813-ab72e2b6e5f0']);
  });

  it('the documented list exactly as printed (trailing comma) is not JSON: UnexpectedResponseError', async () => {
    const verbatim = readFileSync(
      new URL('../../../specs/elma-rpa/samples/process-actual.documented.response.txt', import.meta.url),
      'utf8',
    );
    server.use(
      http.post(
        `${baseUrl}/v1/repository/actual`,
        () => new HttpResponse(verbatim, { headers: { 'content-type': 'application/json' } }),
      ),
    );
    const error = await client()
      .listProcesses()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).operation).toBe('listProcesses');
  });

  it('findProcess sends {auth_tkn, token, version} as ELMA’s client does and decodes every field', async () => {
    const process = await client().findProcess(found.token);
    const request = await onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${baseUrl}/v1/repository/find`);
    expect(request.contentType).toBe('application/json');
    expect(request.body).toEqual({ ...(sample('process-find.request.json') as object), auth_tkn: TOKEN });
    expect(process).toEqual((sample('process-find.response.json') as { process: unknown }).process);
    expect(process.uuid).toBe('cb2540fc-ce3a-4ffc-bb36-9f040c0d9ad8');
    expect(process.version).toBe(21);
    expect(process.desc).toBe('Creates a user account from a form (jobwire fixture)');
    expect(process.fullname).toBe('Thomas Miller');
    sent.length = 0;
    await client().findProcess(found.token, { version: 21 });
    expect((await onlyRequest()).body).toEqual({ auth_tkn: TOKEN, token: found.token, version: 21 });
  });

  it('findProcess of an unknown token → NotFoundError from the body status', async () => {
    const error = await client()
      .findProcess('00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('process not found');
  });

  it('getProcessContext sends {auth_tkn, uuid} and types every variable, split into inputs and outputs', async () => {
    const context = await client().getProcessContext(found.uuid);
    const request = await onlyRequest();
    expect(request.url).toBe(`${baseUrl}/v1/repository/context`);
    expect(request.body).toEqual({ ...(sample('process-context.request.json') as object), auth_tkn: TOKEN });
    expect(context.variables).toHaveLength(8);
    expect(context.variables[0]).toEqual({
      name: 'stringvalue_in',
      caption: 'User name',
      desc: 'Full name of the new user (jobwire fixture)',
      type: 'string',
      isArray: false,
      scope: 'In',
      input: true,
      output: false,
    });
    expect(context.variables.map((v) => [v.name, v.type, v.isArray, v.scope])).toEqual([
      ['stringvalue_in', 'string', false, 'In'],
      ['filevalue_in', 'file', false, 'In'],
      ['datetimevalue_in', 'datetime', false, 'In'],
      ['intvalue_in', 'int', true, 'In'],
      ['mailvalue_inout', 'mail', false, 'InOut'],
      ['stringvalue_out', 'string', false, 'Out'],
      ['boolvalue_out', 'bool', false, 'Out'],
      ['doublevalue_out', 'double', false, 'Out'],
    ]);
    expect(context.inputs.map((v) => v.name)).toEqual([
      'stringvalue_in',
      'filevalue_in',
      'datetimevalue_in',
      'intvalue_in',
      'mailvalue_inout',
    ]);
    expect(context.outputs.map((v) => v.name)).toEqual([
      'mailvalue_inout',
      'stringvalue_out',
      'boolvalue_out',
      'doublevalue_out',
    ]);
  });

  it('the documented context variable decodes field by field', async () => {
    server.use(
      http.post(`${baseUrl}/v1/repository/context`, () =>
        HttpResponse.json({ status: 200, ctx: [elmaRpaSamples.contextVariable] }),
      ),
    );
    const context = await client().getProcessContext(found.uuid);
    expect(context.variables).toEqual([
      {
        name: 'name_property',
        caption: 'description_property',
        type: 'int',
        isArray: true,
        scope: 'In',
        input: true,
        output: false,
      },
    ]);
  });

  it('the documented input context is sent as ctx exactly as printed (encodeContext round trip)', async () => {
    const documented = sample('input-context.documented.json') as TaskContext;
    await client().createTask({ process: found.token, context: documented });
    const body = (await onlyRequest()).body as { task: { ctx: string; process: string; version: number } };
    expect(body.task.process).toBe(found.token);
    expect(body.task.version).toBe(0);
    expect(JSON.parse(body.task.ctx)).toEqual(documented);
    expect(encodeContext(documented)).toBe(body.task.ctx);
    expect(Object.keys(documented)).toHaveLength(14);
  });

  it('getProcessContext of an unknown version → NotFoundError', async () => {
    const error = await client()
      .getProcessContext('00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });
});

const live = {
  url: process.env.JOBWIRE_ELMA_RPA_URL,
  authToken: process.env.JOBWIRE_ELMA_RPA_AUTH_TOKEN,
  taskId: process.env.JOBWIRE_ELMA_RPA_TASK_ID,
};

describe.runIf(live.url && live.authToken)('ELMA RPA conformance (live, read-only)', () => {
  beforeAll(() => server.close());
  const liveClient = () => createElmaRpaClient({ baseUrl: live.url ?? '', authToken: live.authToken ?? '' });

  it('the system is approved', async () => {
    expect((await liveClient().getSystemStatus()).approved).toBe(true);
  });

  it('lists processes, finds the first and reads its context variables', async () => {
    const page = await liveClient().listProcesses({ limit: 5 });
    expect(Array.isArray(page.processes)).toBe(true);
    const first = page.processes.find((p) => typeof p.token === 'string');
    if (!first?.token) return;
    const process = await liveClient().findProcess(first.token);
    expect(process.token).toBe(first.token);
    if (typeof process.uuid !== 'string') return;
    const context = await liveClient().getProcessContext(process.uuid);
    for (const variable of context.variables) expect(typeof variable.name).toBe('string');
  });

  it.runIf(live.taskId)('reads a task and normalizes its status', async () => {
    const status = await liveClient().getJobStatus(live.taskId ?? '');
    expect(status.id).toBe(live.taskId);
    expect(typeof status.vendorStatus).toBe('string');
  });
});
