import type { SimOutcome } from '@jobwire/core/simulator';
import { createSpecValidator, type OpenApiDocument } from '@jobwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import openapi from '../src/generated/openapi.json' with { type: 'json' };
import { startAlteryxSimulator } from '../src/simulator.js';

// Every answer of the Alteryx simulator (the server itself, no client), checked against the spec's
// own schemas over real HTTP. test/simulator.test.ts drives it through the client.
const spec = createSpecValidator(openapi as unknown as OpenApiDocument);
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(outcome: SimOutcome = 'succeeded') {
  let clock = 1_000_000;
  const sim = await startAlteryxSimulator({ queuedMs: 100, runningMs: 1000, outcome, now: () => clock });
  close = sim.close;
  /** Calls the simulator and checks the answer against the spec's response schema for `path`. */
  const call = async (method: string, path: string, url: string, init: RequestInit = {}) => {
    const response = await fetch(`${sim.url}${url}`, { method, ...init });
    const body: unknown = await response.json();
    const check = spec.checkResponse({ method, path, status: response.status, body });
    expect({ url, status: response.status, problems: check.problems, undocumented: check.undocumented }).toEqual({
      url,
      status: response.status,
      problems: [],
      undocumented: [],
    });
    return { status: response.status, body: body as Record<string, unknown> & Array<Record<string, unknown>> };
  };
  const token = await call('POST', '/oauth2/token', '/oauth2/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      ...{ client_id: sim.credentials.clientId, client_secret: sim.credentials.clientSecret },
    }),
  });
  const auth = { authorization: `Bearer ${String(token.body.access_token)}` };
  const advance = (ms: number) => {
    clock += ms;
  };
  return { sim, call, auth, advance };
}

describe('Alteryx simulator answers as the spec says', () => {
  for (const outcome of ['succeeded', 'failed', 'cancelled'] as const) {
    it(`a job that ends ${outcome}: every phase of GET /v3/jobs/{jobId}, messages and the workflow's job list`, async () => {
      const { call, auth, advance } = await start(outcome);
      const job = await call('POST', '/v3/workflows/{workflowId}/jobs', '/v3/workflows/wf-1/jobs', {
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ priority: 'High', questions: [{ name: 'Region', value: 'EMEA' }] }),
      });
      const id = String(job.body.id);
      const statuses: string[] = [];
      for (const step of [0, 100, 1000]) {
        advance(step);
        const view = await call('GET', '/v3/jobs/{jobId}', `/v3/jobs/${id}?includeMessages=true`, { headers: auth });
        statuses.push(`${String(view.body.status)}/${String(view.body.disposition)}`);
      }
      const final = { succeeded: 'Completed/Success', failed: 'Completed/Error', cancelled: 'Completed/Cancelled' }[outcome];
      expect(statuses).toEqual(['Queued/None', 'Running/None', final]);
      await call('GET', '/v3/jobs/{jobId}/messages', `/v3/jobs/${id}/messages`, { headers: auth });
      const list = await call('GET', '/v3/workflows/{workflowId}/jobs', '/v3/workflows/wf-1/jobs', { headers: auth });
      expect(list.body.map((j) => j.id)).toEqual([id]);
    });
  }

  it('cancel: queued → deleted, running → cancelled, finished → 400, all in the documented shapes', async () => {
    const { call, auth, advance } = await start();
    const run = () => call('POST', '/v3/workflows/{workflowId}/jobs', '/v3/workflows/wf-1/jobs', { headers: auth });
    const queued = String((await run()).body.id);
    const deleted = await call('DELETE', '/v3/jobs/{jobId}', `/v3/jobs/${queued}`, { headers: auth });
    expect(deleted.body).toEqual({ message: 'Deleted Successfully.' });
    const running = String((await run()).body.id);
    advance(100);
    const cancelled = await call('DELETE', '/v3/jobs/{jobId}', `/v3/jobs/${running}`, { headers: auth });
    expect(cancelled.status).toBe(200);
    advance(2000);
    const refused = await call('DELETE', '/v3/jobs/{jobId}', `/v3/jobs/${running}`, { headers: auth });
    expect(refused.status).toBe(400);
  });

  it('unknown ids, bad tokens and bad credentials get the vendor’s error bodies', async () => {
    const { sim, call, auth } = await start();
    expect((await call('GET', '/v3/jobs/{jobId}', '/v3/jobs/000000000000000000000000', { headers: auth })).status).toBe(404);
    expect((await call('GET', '/v3/jobs/{jobId}', '/v3/jobs/x', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const badLogin = await call('POST', '/oauth2/token', '/oauth2/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sim.credentials.clientId,
        client_secret: 'wrong',
      }),
    });
    expect(badLogin.status).toBe(401);
  });
});
