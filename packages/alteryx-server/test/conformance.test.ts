/**
 * Conformance: the client against the documented Alteryx samples, served by msw from
 * @jobwire/testkit. Every sample is decoded and asserted field by field, and every request the
 * client sends is checked (method, path, query, headers, body).
 *
 * Live mode: with JOBWIRE_ALTERYX_SERVER_URL, _CLIENT_ID and _CLIENT_SECRET set, read-only probes
 * also run against that server (and _JOB_ID / _WORKFLOW_ID, when given, pick what to read).
 */

import { readdirSync } from 'node:fs';
import { AuthenticationError, InvalidStateError, NotFoundError, PermissionError } from '@jobwire/core';
import { alteryxServerCredentials, alteryxServerJobIds, alteryxServerSamples, handlers } from '@jobwire/testkit';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlteryxServerClient, toJobStatus, type WorkflowQuestion } from '../src/index.js';

const baseUrl = 'http://alteryx.test/webapi';
const server = setupServer(...handlers.alteryxServer({ baseUrl }));
const sent: Request[] = [];
server.events.on('request:start', ({ request }) => {
  sent.push(request.clone());
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  sent.length = 0;
});
afterAll(() => server.close());

const client = () => createAlteryxServerClient({ baseUrl, ...alteryxServerCredentials }, { retry: false });
const bearer = `Bearer ${alteryxServerSamples.tokenResponse.access_token}`;
const JOB = '66ebd18d3d6200007e000d8c';

function apiRequests() {
  return sent.filter((r) => !r.url.endsWith('/oauth2/token'));
}

describe('Alteryx Server conformance (documented samples via msw)', () => {
  it('asks for a token with the client-credentials grant, then sends it as Bearer', async () => {
    await client().getJob(JOB);
    expect(sent).toHaveLength(2);
    const [token, call] = sent as [Request, Request];
    expect(token.method).toBe('POST');
    expect(token.url).toBe(`${baseUrl}/oauth2/token`);
    expect(token.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(token.headers.get('authorization')).toBe(`Basic ${btoa('fake-client-id:fake-client-secret')}`);
    expect(await token.text()).toBe('grant_type=client_credentials');
    expect(call.headers.get('authorization')).toBe(bearer);
  });

  it('GET /v3/jobs/{jobId}: decodes the documented JobView field by field', async () => {
    const job = await client().getJob(JOB);
    const [request] = apiRequests() as [Request];
    expect(request.method).toBe('GET');
    expect(request.url).toBe(`${baseUrl}/v3/jobs/${JOB}?includeMessages=true`);
    expect(job.id).toBe('string');
    expect(job.appId).toBe('string');
    expect(job.createDateTime).toBe('2024-09-19T10:02:54.589Z');
    expect(job.status).toBe('string');
    expect(job.disposition).toBe('string');
    expect(job.outputs).toEqual([{ id: 'string', availableFormats: ['string'], fileName: 'string' }]);
    expect(job.messages).toEqual([{ status: 0, text: 'string', toolId: 0 }]);
    expect(job.priority).toBe('Default');
    expect(job.workerTag).toBe('string');
    expect(job.runWithE2).toBe(true);
  });

  it('GET /v3/jobs/{jobId}?includeMessages=false', async () => {
    await client().getJob(JOB, { includeMessages: false });
    expect(apiRequests()[0]?.url).toBe(`${baseUrl}/v3/jobs/${JOB}?includeMessages=false`);
  });

  it('getJobStatus normalizes the documented sample (its placeholder status is unknown, kept verbatim)', async () => {
    const status = await client().getJobStatus(JOB);
    expect(status.vendor).toBe('alteryx-server');
    expect(status.id).toBe('string');
    expect(status.state).toBe('unknown');
    expect(status.done).toBe(false);
    expect(status.vendorStatus).toBe('string');
    expect(status.detail).toBe('string');
    expect(status.outputs).toEqual({ string: { fileName: 'string', availableFormats: ['string'] } });
    expect(status.raw.priority).toBe('Default');
  });

  it('GET /v3/jobs/{jobId}/messages: the documented single JobMessageView, as a one-element list', async () => {
    const messages = await client().getJobMessages(JOB);
    const [request] = apiRequests() as [Request];
    expect(request.method).toBe('GET');
    expect(request.url).toBe(`${baseUrl}/v3/jobs/${JOB}/messages`);
    expect(request.headers.get('authorization')).toBe(bearer);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.status).toBe(0);
    expect(messages[0]?.text).toBe('string');
    expect(messages[0]?.toolId).toBe(0);
    expect(Object.keys(messages[0] ?? {}).sort()).toEqual(['status', 'text', 'toolId']);
  });

  it('DELETE a running job: cancelled', async () => {
    const result = await client().cancelJob(alteryxServerJobIds.running);
    const [request] = apiRequests() as [Request];
    expect(request.method).toBe('DELETE');
    expect(request.url).toBe(`${baseUrl}/v3/jobs/${alteryxServerJobIds.running}`);
    expect(request.headers.get('authorization')).toBe(bearer);
    expect(result).toEqual({ outcome: 'cancelled', message: 'Cancelled Successfully.' });
  });

  it('DELETE a queued job: deleted', async () => {
    expect(await client().cancelJob(alteryxServerJobIds.queued)).toEqual({
      outcome: 'deleted',
      message: 'Deleted Successfully.',
    });
  });

  it("DELETE a finished job: 400 → InvalidStateError with the server's message", async () => {
    const error = await client()
      .cancelJob(alteryxServerJobIds.finished)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidStateError);
    const e = error as InvalidStateError;
    expect(e.status).toBe(400);
    expect(e.operation).toBe('cancelJob');
    expect(e.body).toEqual({ message: "This job is not in 'Queued' or 'Running' state." });
    expect(e.message).toBe(
      "alteryx-server cancelJob failed: HTTP 400 Bad Request: This job is not in 'Queued' or 'Running' state.",
    );
  });

  it('DELETE without permission: 400 → PermissionError', async () => {
    const error = await client()
      .cancelJob(alteryxServerJobIds.forbidden)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).status).toBe(400);
    expect((error as PermissionError).body).toEqual({ message: 'You do not have permission to cancel this job.' });
  });

  it('404 → NotFoundError on every job route', async () => {
    const c = client();
    for (const call of [
      () => c.getJob(alteryxServerJobIds.missing),
      () => c.getJobMessages(alteryxServerJobIds.missing),
      () => c.cancelJob(alteryxServerJobIds.missing),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).status).toBe(404);
      expect((error as NotFoundError).message).toContain('Job not found.');
    }
  });

  it('401 from the token endpoint with bad credentials → AuthenticationError', async () => {
    const bad = createAlteryxServerClient({ baseUrl, clientId: 'fake-client-id', clientSecret: 'wrong' }, { retry: false });
    const error = await bad.getJob(JOB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).operation).toBe('requestToken');
    expect((error as AuthenticationError).status).toBe(401);
  });

  it('401 with a wrong static token → AuthenticationError (no token request)', async () => {
    const bad = createAlteryxServerClient({ baseUrl, accessToken: 'not-the-token' }, { retry: false });
    const error = await bad.getJob(JOB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(sent.map((r) => new URL(r.url).pathname)).toEqual([`/webapi/v3/jobs/${JOB}`]);
  });

  it('POST /v3/workflows/{workflowId}/jobs: sends the EnqueueJobContract, decodes the queued job', async () => {
    const job = await client().runWorkflow('66e1f0a23d6200007e000aa1', {
      workerTag: 'fake-worker-tag',
      questions: [
        { name: 'Region', value: 'EMEA' },
        { name: 'StartDate', value: '2024-09-01' },
      ],
      priority: 'Default',
    });
    const [request] = apiRequests() as [Request];
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${baseUrl}/v3/workflows/66e1f0a23d6200007e000aa1/jobs`);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({
      workerTag: 'fake-worker-tag',
      questions: [
        { name: 'Region', value: 'EMEA' },
        { name: 'StartDate', value: '2024-09-01' },
      ],
      priority: 'Default',
    });
    expect(job.id).toBe('66ebd18d3d6200007e000d8c');
    expect(job.appId).toBe('66e1f0a23d6200007e000aa1');
    expect(job.createDateTime).toBe('2024-09-19T10:02:54.589Z');
    expect(job.status).toBe('Queued');
    expect(job.disposition).toBe('None');
    expect(job.outputs).toEqual([]);
    expect(job.messages).toEqual([]);
    expect(job.priority).toBe('Default');
    expect(job.workerTag).toBe('fake-worker-tag');
    expect(job.runWithE2).toBe(true);
  });

  it('the queued job of runWorkflow (no contract: an empty body) normalizes to queued, not done', async () => {
    const job = await client().runWorkflow('66e1f0a23d6200007e000aa1');
    expect(await apiRequests()[0]?.json()).toEqual({});
    const status = toJobStatus(job);
    expect([status.id, status.state, status.done, status.vendorStatus, status.detail]).toEqual([
      '66ebd18d3d6200007e000d8c',
      'queued',
      false,
      'Queued',
      'None',
    ]);
    expect(status.outputs).toEqual({});
  });

  it('GET /v3/workflows/{workflowId}/jobs with filters', async () => {
    const jobs = await client().listWorkflowJobs('wf1', { status: 'Completed', direction: 'desc', offset: 0, limit: 10 });
    expect(apiRequests()[0]?.url).toBe(`${baseUrl}/v3/workflows/wf1/jobs?status=Completed&direction=desc&offset=0&limit=10`);
    expect(jobs.map((j) => [j.id, j.createDate, j.status, j.priority, j.workerTag, j.runWithE2])).toEqual([
      ['66ebd18d3d6200007e000d8c', '2024-09-19T10:02:54.589Z', 'Completed', 'Default', '', true],
      ['66ebd1aa3d6200007e000d8d', '2024-09-19T10:03:22.104Z', 'Running', 'High', 'fake-worker-tag', true],
      ['66ebd1c53d6200007e000d8e', '2024-09-19T10:03:49.871Z', 'Queued', 'Low', '', false],
    ]);
  });

  it('GET /v3/workflows/{workflowId}/jobs: offset and limit as the strings the Swagger document types them as', async () => {
    await client().listWorkflowJobs('wf1', { offset: '20', limit: '10' });
    expect(apiRequests()[0]?.url).toBe(`${baseUrl}/v3/workflows/wf1/jobs?offset=20&limit=10`);
  });

  it('GET /v3/workflows/{workflowId}/questions', async () => {
    const questions = await client().getWorkflowQuestions('wf1');
    expect(apiRequests()[0]?.url).toBe(`${baseUrl}/v3/workflows/wf1/questions`);
    expect(questions).toHaveLength(2);
    const [region, start] = questions as [WorkflowQuestion, WorkflowQuestion];
    expect(region.name).toBe('Region');
    expect(region.questionType).toBe('QuestionDropDown');
    expect(region.description).toBe('Which sales region should the report cover?');
    expect(region.value).toBe('EMEA');
    expect(region.multiple).toBe(false);
    expect(region.items).toEqual([
      { key: 'EMEA', value: 'EMEA' },
      { key: 'AMER', value: 'AMER' },
    ]);
    expect(start.name).toBe('StartDate');
    expect(start.questionType).toBe('QuestionDate');
    expect(start.description).toBe('First day of the reporting period');
    expect(start.value).toBe('2024-09-01');
    expect(start.multiple).toBe(false);
    expect(start.items).toEqual([]);
  });

  it('GET /v3/workflows/{workflowId}/questions?versionId= (Swagger document)', async () => {
    await client().getWorkflowQuestions('wf1', { versionId: '2' });
    expect(apiRequests()[0]?.url).toBe(`${baseUrl}/v3/workflows/wf1/questions?versionId=2`);
  });

  it('GET /v1/jobs/{jobId}/output/{outputId}?format= streams the bytes', async () => {
    const output = await client().downloadJobOutput(JOB, 'out1', { format: 'Csv' });
    expect(apiRequests()[0]?.url).toBe(`${baseUrl}/v1/jobs/${JOB}/output/out1?format=Csv`);
    expect(output.contentType).toBe('text/csv');
    expect(output.fileName).toBe('out1.csv');
    expect(new TextDecoder().decode(await output.arrayBuffer())).toBe('Region,Total\nEMEA,42\n');
  });

  it('GET /v1/jobs/{jobId}/output/{outputId}: format is required, a call without it sends nothing', async () => {
    const loose = client().downloadJobOutput as (jobId: string, outputId: string, options?: object) => Promise<unknown>;
    await expect(loose(JOB, 'out1')).rejects.toBeInstanceOf(RangeError);
    expect(sent).toHaveLength(0);
  });

  it('the token response: access_token sent as Bearer, expires_in and token_type kept', async () => {
    const { tokenResponse } = alteryxServerSamples;
    expect(tokenResponse).toEqual({
      access_token: 'FAKE-ACCESS-TOKEN-jobwire-fixture-not-a-real-token',
      expires_in: 3600,
      token_type: 'bearer',
    });
    await client().getJob(JOB);
    expect(apiRequests()[0]?.headers.get('authorization')).toBe(`Bearer ${tokenResponse.access_token}`);
  });

  it('every stored answer in specs/alteryx-server/samples is served and checked above', () => {
    // A new sample file must join this list, with a test that runs it through the client.
    const checked = [
      'cancel-no-permission.json',
      'cancel-not-queued-or-running.json',
      'cancel-queued.json',
      'cancel-running.json',
      'job-messages.json',
      'job-view.json',
      'run-workflow.request.json',
      'run-workflow.response.json',
      'token-response.json',
      'workflow-jobs.json',
      'workflow-questions.json',
    ];
    const files = readdirSync(new URL('../../../specs/alteryx-server/samples/', import.meta.url)).filter((f) =>
      f.endsWith('.json'),
    );
    expect(files.sort()).toEqual(checked);
    expect(Object.keys(alteryxServerSamples).sort()).toEqual(
      [
        'cancelNoPermission',
        'cancelNotQueuedOrRunning',
        'cancelQueued',
        'cancelRunning',
        'jobMessages',
        'jobView',
        'runWorkflowResponse',
        'tokenResponse',
        'workflowJobs',
        'workflowQuestions',
      ].sort(),
    );
  });

  it('reuses one token for many calls', async () => {
    const c = client();
    await Promise.all([c.getJob(JOB), c.getJob(JOB), c.listWorkflowJobs('wf1')]);
    expect(sent.filter((r) => r.url.endsWith('/oauth2/token'))).toHaveLength(1);
    expect(apiRequests()).toHaveLength(3);
  });
});

const live = {
  url: process.env.JOBWIRE_ALTERYX_SERVER_URL,
  clientId: process.env.JOBWIRE_ALTERYX_SERVER_CLIENT_ID,
  clientSecret: process.env.JOBWIRE_ALTERYX_SERVER_CLIENT_SECRET,
  jobId: process.env.JOBWIRE_ALTERYX_SERVER_JOB_ID,
  workflowId: process.env.JOBWIRE_ALTERYX_SERVER_WORKFLOW_ID,
};

describe.runIf(live.url && live.clientId && live.clientSecret)('Alteryx Server conformance (live, read-only)', () => {
  beforeAll(() => server.close());
  const liveClient = () =>
    createAlteryxServerClient({ baseUrl: live.url ?? '', clientId: live.clientId ?? '', clientSecret: live.clientSecret ?? '' });

  it.runIf(live.jobId)('reads a job and normalizes its status', async () => {
    const status = await liveClient().getJobStatus(live.jobId ?? '');
    expect(status.id).toBe(live.jobId);
    expect(typeof status.vendorStatus).toBe('string');
  });

  it.runIf(live.workflowId)("lists a workflow's jobs", async () => {
    const jobs = await liveClient().listWorkflowJobs(live.workflowId ?? '', { limit: 5 });
    expect(Array.isArray(jobs)).toBe(true);
  });
});
