import { fileURLToPath } from 'node:url';
import { type RunningPrism, startPrism } from '@jobwire/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createElmaRpaClient, type ElmaRpaClient } from '../src/index.js';

// Prism serves the spec: it checks every request the client sends against it (a request the spec
// does not allow gets a 4xx and fails the test) and answers from the spec's first examples.
const spec = fileURLToPath(new URL('../../../specs/elma-rpa/openapi.yaml', import.meta.url));
const TOKEN = '5d5ec66f-357d-4c2d-bbc1-2012278d2361';
let prism: RunningPrism;
let client: ElmaRpaClient;

beforeAll(async () => {
  prism = await startPrism({ spec });
  client = createElmaRpaClient({ baseUrl: prism.url, authToken: TOKEN }, { retry: false });
}, 60_000);
afterAll(() => prism?.close());

describe('ELMA client against Prism serving the spec', () => {
  it('createTask: the request is valid and the documented answer decodes', async () => {
    const task = await client.createTask({
      process: 'c39f99de-cb8f-4661-a206-b282a4830cbf',
      callback: 'https://128.145.149.111/v1/task/complete',
      context: { StringParam_in: 'String value', DateTimeParam_in: new Date('2020-03-22T00:00:00Z') },
    });
    expect(task.id).toBe(955);
    expect(task.status).toBe('PREPARE');
  });

  it('getTask and getJobStatus (the first example: the documented in-queue task)', async () => {
    const status = await client.getJobStatus(955);
    expect(status.id).toBe('955');
    expect(status.vendorStatus).toBe('PREPARE');
    expect(status.state).toBe('queued');
  });

  it('cancelTask on the spec path', async () => {
    expect((await client.cancelTask('955')).id).toBe(955);
  });

  it('registerSystem, getSystemStatus, listProcesses', async () => {
    await client.registerSystem({ name: 'System name', desc: 'System description' });
    expect(await client.getSystemStatus()).toEqual({ approved: true, status: 200 });
    const page = await client.listProcesses({ page: 1, limit: 10 });
    expect(page.processes.map((p) => p.name)).toEqual(['Creating profiles', 'Monthly report']);
  });

  it('downloadTaskFile', async () => {
    const file = await client.downloadTaskFile(717, '12.txt');
    expect(file.body).toBeDefined();
    await file.body.cancel();
  });
});

describe('Prism holds the client to the spec', () => {
  it('refuses a body the spec does not allow, and the client reports it as a typed error', async () => {
    const error: unknown = await client.api
      .POST('/v1/orchestra/task/status', { body: { auth_tkn: TOKEN, id: 'not-a-number' } as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect([400, 422]).toContain((error as ApiError).status);
  });
});
