import { fileURLToPath } from 'node:url';
import { type RunningPrism, startPrism } from '@jobwire/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlteryxServerClient, ApiError, createAlteryxServerClient } from '../src/index.js';

// Prism serves the spec: it checks every request the client sends against it (a request the spec
// does not allow gets a 4xx and fails the test) and answers from the spec's examples.
const spec = fileURLToPath(new URL('../../../specs/alteryx-server/openapi.yaml', import.meta.url));
let prism: RunningPrism;
let client: AlteryxServerClient;

beforeAll(async () => {
  prism = await startPrism({ spec });
  client = createAlteryxServerClient({ baseUrl: prism.url, clientId: 'id', clientSecret: 'secret' }, { retry: false });
}, 60_000);
afterAll(() => prism?.close());

describe('Alteryx client against Prism serving the spec', () => {
  // The documented JobView sample is Swagger's placeholder ("string" everywhere): Prism answers
  // with it, and the client must decode it without inventing a state.
  it('getJob and getJobStatus', async () => {
    const job = await client.getJob('66ebd18d3d6200007e000d8c');
    expect(job.id).toBe('string');
    expect(job.createDateTime).toBe('2024-09-19T10:02:54.589Z');
    expect(job.priority).toBe('Default');
    expect(job.messages?.[0]).toEqual({ status: 0, text: 'string', toolId: 0 });
    const status = await client.getJobStatus('66ebd18d3d6200007e000d8c');
    expect(status.state).toBe('unknown');
    expect(status.vendorStatus).toBe('string');
    expect(status.done).toBe(false);
  });

  it('getJobMessages', async () => {
    const messages = await client.getJobMessages('66ebd18d3d6200007e000d8c');
    expect(Array.isArray(messages)).toBe(true);
  });

  it('cancelJob', async () => {
    // Prism answers with the first example, the documented "cancelled" sample.
    const result = await client.cancelJob('678f97baa15300008c0039fc');
    expect(result).toEqual({ outcome: 'cancelled', message: 'Cancelled Successfully.' });
  });

  it('runWorkflow, listWorkflowJobs, getWorkflowQuestions', async () => {
    const job = await client.runWorkflow('66e1f0a23d6200007e000aa1', {
      priority: 'High',
      questions: [{ name: 'a', value: 'b' }],
    });
    expect(typeof job.id).toBe('string');
    const jobs = await client.listWorkflowJobs('66e1f0a23d6200007e000aa1', { status: 'Complete', sortField: 'createdate' });
    expect(Array.isArray(jobs)).toBe(true);
    const questions = await client.getWorkflowQuestions('66e1f0a23d6200007e000aa1');
    expect(Array.isArray(questions)).toBe(true);
  });

  it('downloadJobOutput', async () => {
    const output = await client.downloadJobOutput('66ebd18d3d6200007e000d8c', 'out1', { format: 'Csv' });
    expect(output.body).toBeDefined();
  });
});

describe('Prism holds the client to the spec', () => {
  it('refuses a request the spec does not allow, and the client reports it as a typed error', async () => {
    // A v3 call without a bearer token breaks the spec's security requirement.
    const response = await fetch(`${prism.url}/v3/jobs/66ebd18d3d6200007e000d8c`);
    expect(response.status).toBe(401);
    const run = client.api.POST('/v3/workflows/{workflowId}/jobs', {
      params: { path: { workflowId: 'wf' } },
      body: { priority: 42 } as never,
    });
    const error: unknown = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    // Prism answers an invalid request with the operation's own 400 when the spec declares one, else 422.
    expect((error as ApiError).status).toBe(400);
  });
});
