import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError, createAlteryxServerClient, InvalidStateError, NotFoundError } from '../src/index.js';
import { type AlteryxSimulatorOptions, startAlteryxSimulator } from '../src/simulator.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(options: AlteryxSimulatorOptions = {}) {
  let clock = 1_000_000;
  const sim = await startAlteryxSimulator({ queuedMs: 100, runningMs: 1000, now: () => clock, ...options });
  close = sim.close;
  const client = createAlteryxServerClient({ baseUrl: sim.url, ...sim.credentials }, { retry: false });
  return { sim, client, advance: (ms: number) => (clock += ms) };
}

describe('Alteryx simulator', () => {
  it('listens on 127.0.0.1 and moves a job Queued → Running → Completed/Success', async () => {
    const { sim, client, advance } = await start();
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
    const job = await client.runWorkflow('wf-1', { priority: 'High' });
    expect(job.status).toBe('Queued');
    expect(job.id).toMatch(/^[0-9a-f]{24}$/);
    expect((await client.getJobStatus(job.id)).state).toBe('queued');
    advance(100);
    expect((await client.getJobStatus(job.id)).vendorStatus).toBe('Running');
    advance(1000);
    const done = await client.getJobStatus(job.id);
    expect(done.state).toBe('succeeded');
    expect(done.vendorStatus).toBe('Completed');
    expect(done.detail).toBe('Success');
    expect(done.raw.priority).toBe('High');
    const output = await client.downloadJobOutput(job.id, `${job.id}-out1`, { format: 'Csv' });
    expect(new TextDecoder().decode(await output.arrayBuffer())).toBe('Region,Total\nEMEA,42\nAMER,17\n');
  });

  it('reports Completed + Error as a failure with the last error message', async () => {
    const { client, advance } = await start({ outcome: 'failed' });
    const job = await client.runWorkflow('wf-1');
    advance(5000);
    const status = await client.getJobStatus(job.id);
    expect(status.state).toBe('failed');
    expect(status.vendorStatus).toBe('Completed');
    expect(status.detail).toBe('Error: Error: Input Data (1): File not found "\\\\share\\sales.csv"');
  });

  it('cancels as documented: queued → deleted, running → cancelled, finished → 400', async () => {
    const { client, advance } = await start();
    const queued = await client.runWorkflow('wf-1');
    expect(await client.cancelJob(queued.id)).toEqual({ outcome: 'deleted', message: 'Deleted Successfully.' });
    await expect(client.getJob(queued.id)).rejects.toBeInstanceOf(NotFoundError);

    const running = await client.runWorkflow('wf-1');
    advance(500);
    expect(await client.cancelJob(running.id)).toEqual({ outcome: 'cancelled', message: 'Cancelled Successfully.' });
    const cancelled = await client.getJobStatus(running.id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.detail).toBe('Cancelled');

    const finished = await client.runWorkflow('wf-1');
    advance(5000);
    await expect(client.cancelJob(finished.id)).rejects.toBeInstanceOf(InvalidStateError);
  });

  it('rejects bad credentials with 401', async () => {
    const { sim } = await start();
    const bad = createAlteryxServerClient({ baseUrl: sim.url, clientId: 'x', clientSecret: 'y' }, { retry: false });
    const error = await bad.getJob('abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).operation).toBe('requestToken');
  });

  it('answers 404 for an unknown job', async () => {
    const { client } = await start();
    const error = await client.getJob('66ebd18d3d6200007e00dead').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toContain('Job 66ebd18d3d6200007e00dead was not found.');
  });

  it('lists the jobs of a workflow', async () => {
    const { client } = await start();
    const a = await client.runWorkflow('wf-a');
    await client.runWorkflow('wf-b');
    const jobs = await client.listWorkflowJobs('wf-a');
    expect(jobs.map((j) => j.id)).toEqual([a.id]);
    expect(jobs[0]?.status).toBe('Queued');
  });
});
