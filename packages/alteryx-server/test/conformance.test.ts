/**
 * Conformance: the client against the documented Alteryx samples, served by msw from
 * @jobwire/testkit.
 *
 * The sample-driven cases — one stored answer to one call, decoded field by field, with the request
 * sent — are data: one folder per case under test/samples/, run by sample-cases.test.ts. What stays
 * here does not fit that shape: the OAuth2 token exchange (two requests, credentials), answers that
 * are no stored sample (404, 401, output bytes), a result normalized in a second step
 * (`toJobStatus`), calls refused before anything is sent, the sample inventory, and the live probes.
 *
 * Live mode: with JOBWIRE_ALTERYX_SERVER_URL, _CLIENT_ID and _CLIENT_SECRET set, read-only probes
 * also run against that server (and _JOB_ID / _WORKFLOW_ID, when given, pick what to read).
 */

import { readdirSync } from 'node:fs';
import { AuthenticationError, NotFoundError } from '@jobwire/core';
import { alteryxServerCredentials, alteryxServerJobIds, alteryxServerSamples, handlers } from '@jobwire/testkit';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlteryxServerClient, toJobStatus } from '../src/index.js';

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

  it('every stored answer in specs/alteryx-server/samples is served and checked (here or in test/samples/)', () => {
    // A new sample file must join this list, with a case folder in test/samples/ (or a test here)
    // that runs it through the client.
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
