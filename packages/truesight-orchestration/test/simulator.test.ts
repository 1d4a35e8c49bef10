import { readFileSync } from 'node:fs';
import { createSpecValidator, type OpenApiDocument } from '@jobwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  createTrueSightOrchestrationClient,
  NotFoundError,
} from '../src/index.js';
import { startTrueSightSimulator } from '../src/simulator.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const PROCESS = ':AutoPilot-AD-Utilities:HTTP:Get';

async function start(options: Parameters<typeof startTrueSightSimulator>[0] = {}) {
  let clock = 1_000_000;
  const sim = await startTrueSightSimulator({ queuedMs: 100, runningMs: 1000, now: () => clock, ...options });
  close = sim.close;
  const client = createTrueSightOrchestrationClient({ baseUrl: sim.url, ...sim.credentials }, { retry: false });
  return { sim, client, advance: (ms: number) => (clock += ms) };
}

describe('TrueSight simulator, driven by the client', () => {
  it('runs an async job ASSIGNED → COMPLETED with decoded outputs', async () => {
    const { sim, client, advance } = await start();
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
    const { jobId } = await client.executeProcess(PROCESS, { url: 'http://www.google.com' }, { mode: 'async' });
    const first = await client.getJobStatus(jobId);
    expect([first.state, first.vendorStatus, first.outputs]).toEqual(['running', 'ASSIGNED', {}]);
    advance(1100);
    const job = await client.getJob(jobId);
    expect(job.status).toBe('COMPLETED');
    expect(job.processName).toBe(PROCESS);
    expect(job.name).toBe('Get');
    expect(job.startTime).toBe('Thu Jan 01 00:16:40 UTC 1970');
    expect(job.startedAt?.getTime()).toBe(1_000_000);
    expect(job.outputs['status code']).toBe('200');
    expect(job.outputs.process).toBe(PROCESS);
    expect(job.outputs.inputs).toBe('1');
    expect(job.outputs['header lines']).toEqual({
      'header-lines': { Date: 'Thu, 01 Jan 1970 00:16:41 GMT', Server: 'simulator' },
    });
  });

  it("the simulator's job statuses and outputs, as the client received them, match the spec's schemas", async () => {
    const specText = readFileSync(new URL('../../../specs/truesight-orchestration/openapi.yaml', import.meta.url), 'utf8');
    const spec = createSpecValidator(parse(specText) as OpenApiDocument);
    const problems: string[] = [];
    for (const outcome of ['succeeded', 'failed', 'cancelled'] as const) {
      const { client, advance } = await start({ outcome });
      const sync = await client.executeProcess(PROCESS, [], { mode: 'sync' });
      const syncCheck = spec.checkResponse({
        method: 'POST',
        path: '/process/{processName}/execute',
        status: 200,
        body: sync.outputParameters,
      });
      problems.push(...syncCheck.problems, ...syncCheck.undocumented);
      const { jobId } = await client.executeProcess(PROCESS, [], { mode: 'async' });
      for (const step of [0, 5000]) {
        advance(step);
        const { raw } = await client.getJob(jobId);
        const check = spec.checkResponse({ method: 'GET', path: '/job/{jobId}/status', status: 200, body: raw });
        problems.push(...check.problems, ...check.undocumented);
      }
      await close?.();
      close = undefined;
    }
    expect(problems).toEqual([]);
  });

  it('decodes entity-escaped outputs the same way', async () => {
    const { client } = await start({ escapeOutputs: true });
    const result = await client.executeProcess(PROCESS, [], { mode: 'sync' });
    expect(result.outputParameters[1]).toEqual({ name: 'status reason', value: '&lt;result&gt;OK&lt;/result&gt;' });
    expect(result.outputs['status reason']).toBe('OK');
    expect(result.outputs['header lines']).toEqual({
      'header-lines': { Date: 'Thu, 01 Jan 1970 00:16:41 GMT', Server: 'simulator' },
    });
  });

  it('reports COMPENSATED as failed, with the error message as detail', async () => {
    const { client, advance } = await start({ outcome: 'failed' });
    const { jobId } = await client.executeProcess(PROCESS, [], { mode: 'async' });
    advance(5000);
    const status = await client.getJobStatus(jobId);
    expect([status.state, status.vendorStatus, status.detail]).toEqual([
      'failed',
      'COMPENSATED',
      'Connection refused: host unreachable',
    ]);
  });

  it('reports CANCELLED as cancelled', async () => {
    const { client, advance } = await start({ outcome: 'cancelled' });
    const { jobId } = await client.executeProcess(PROCESS, [], { mode: 'async' });
    advance(5000);
    expect((await client.getJobStatus(jobId)).state).toBe('cancelled');
  });

  it('logs in once for concurrent calls, and again once after the server drops the tokens', async () => {
    const { sim, client } = await start();
    const { jobId } = await client.executeProcess(PROCESS, [], { mode: 'async' });
    sim.expireTokens();
    const before = sim.requestCount;
    const statuses = await Promise.all([client.getJob(jobId), client.getJob(jobId), client.getJob(jobId)]);
    expect(statuses.map((s) => s.status)).toEqual(['ASSIGNED', 'ASSIGNED', 'ASSIGNED']);
    // Three refused reads, one new login, three repeated reads.
    expect(sim.requestCount - before).toBe(7);
  });

  it('logout ends the session; the next call logs in again', async () => {
    const { sim, client } = await start();
    const { jobId } = await client.executeProcess(PROCESS, [], { mode: 'async' });
    await client.logout();
    const before = sim.requestCount;
    expect((await client.getJob(jobId)).status).toBe('ASSIGNED');
    expect(sim.requestCount - before).toBe(2);
  });

  it('bad credentials → AuthenticationError from login', async () => {
    const { sim } = await start();
    const bad = createTrueSightOrchestrationClient({ baseUrl: sim.url, username: 'x', password: 'y' }, { retry: false });
    const error = await bad.getJob('abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).operation).toBe('login');
    expect((error as AuthenticationError).message).toBe(
      'truesight-orchestration login failed: HTTP 401 Unauthorized: Unauthorized',
    );
  });

  it('an unknown job → NotFoundError', async () => {
    const { client } = await start();
    const error = await client.getJobStatus('no-such-job').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe(
      'truesight-orchestration getJobStatus failed: HTTP 200: Invalid input. No result generated',
    );
  });

  it('an activity peer before 7.9.01 answers job status with 405', async () => {
    const { sim } = await start({ activityPeerJobStatus: false });
    const ap = createTrueSightOrchestrationClient({ baseUrl: sim.url, component: 'baoap', ...sim.credentials }, { retry: false });
    const { jobId } = await ap.executeProcess(PROCESS, [], { mode: 'async' });
    const error = await ap.getJob(jobId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(405);
    expect((error as ApiError).message).toContain('only executes processes before TrueSight Orchestration 7.9.01');
  });

  // Writes not repeated by default, waits to the end, through chaos: the vendor contract (contract.test.ts).
  it('an execute whose connection drops is sent again only when the caller opted in (retryWrites)', async () => {
    const { sim } = await start();
    const optedIn = createTrueSightOrchestrationClient(
      { baseUrl: sim.url, ...sim.credentials },
      { retryWrites: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 } },
    );
    // Log in first, so that the only requests under chaos are the execute's.
    await optedIn.getJob('warm-up').catch(() => undefined);
    sim.setChaos({ seed: 1, rate: 1, kinds: ['drop'] });
    const before = sim.requestCount;
    await expect(optedIn.executeProcess(':Sim:Thrice', {}, { mode: 'async' })).rejects.toBeInstanceOf(ConnectionError);
    expect(sim.requestCount - before).toBe(3);
  });
});
