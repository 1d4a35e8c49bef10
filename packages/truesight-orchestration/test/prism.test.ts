import { fileURLToPath } from 'node:url';
import { type RunningPrism, startPrism } from '@jobwire/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createTrueSightOrchestrationClient, type TrueSightOrchestrationClient } from '../src/index.js';

// Prism serves the spec: it checks every request the client sends against it (a request the spec
// does not allow gets a 4xx and fails the test) and answers from the spec's examples.
const spec = fileURLToPath(new URL('../../../specs/truesight-orchestration/openapi.yaml', import.meta.url));
let prism: RunningPrism;
let client: TrueSightOrchestrationClient;

/** Prism serves the spec's paths at its root, without the server's `/{component}/rest` prefix. */
const withoutRestRoot = async (request: Request) => {
  const body = request.body ? await request.arrayBuffer() : undefined;
  return fetch(request.url.replace('/baocdp/rest/', '/'), {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
  });
};

beforeAll(async () => {
  prism = await startPrism({ spec });
  client = createTrueSightOrchestrationClient(
    { baseUrl: prism.url, username: 'fake-user', password: 'fake-password' },
    { retry: false, fetch: withoutRestRoot },
  );
}, 60_000);
afterAll(() => prism?.close());

describe('TrueSight client against Prism serving the spec', () => {
  it('logs in, reads the job status example and decodes it', async () => {
    const status = await client.getJobStatus('a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607');
    expect(status.state).toBe('succeeded');
    expect(status.vendorStatus).toBe('COMPLETED');
    expect(status.outputs['status code']).toBe('200');
  });

  it('executes a process synchronously, its name encoded', async () => {
    const result = await client.executeProcess(':AutoPilot-AD-Utilities:HTTP:Get', { url: 'http://www.google.com' });
    expect(result.outputs).toEqual({ 'status reason': 'OK', 'status code': '200' });
  });

  it('the async answer through client.api (Prism picks the example by Prefer)', async () => {
    const { data } = await client.api.POST('/process/{processName}/execute', {
      params: { path: { processName: ':AutoPilot-AD-Utilities:HTTP:Get' }, query: { mode: 'async' } },
      body: { inputParameters: [] },
      headers: { Prefer: 'example=async' },
    });
    expect(data).toEqual({ jobId: 'a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f607' });
  });

  it('logs out', async () => {
    await client.logout();
  });
});

describe('Prism holds the client to the spec', () => {
  it('a call without the Authentication-Token header breaks the security requirement', async () => {
    const response = await fetch(`${prism.url}/job/abc/status`);
    expect(response.status).toBe(401);
  });

  it('a body the spec does not allow is refused, and the client reports it as a typed error', async () => {
    const run = client.api.POST('/process/{processName}/execute', {
      params: { path: { processName: ':M:P' } },
      body: { inputParameters: 'none' } as never,
    });
    const error: unknown = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
  });
});
