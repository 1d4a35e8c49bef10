import {
  createProbeContext,
  MissingSettingsError,
  ProbeSkipped,
  type Settings,
  type VendorSession,
} from '@jobwire/core/definition';
import { afterEach, describe, expect, it } from 'vitest';
import definitionDefault, { definition } from '../src/definition.js';
import type { AlteryxSimulator } from '../src/simulator.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/**
 * The definition's simulator, and a session connected from its settings. Every answer moves the
 * simulator's clock 30 ms on, so each poll sees the job's next step however slow the machine is:
 * queued (30), running (60, 90), Completed/Success (120).
 */
async function start() {
  const simulator = await definition.simulator();
  let clock = 1_000_000;
  const sim = (await simulator.start({ queuedMs: 40, runningMs: 60, now: () => clock })) as AlteryxSimulator;
  close = () => sim.close();
  const fetch = async (request: Request) => {
    const response = await globalThis.fetch(request);
    clock += 30;
    return response;
  };
  const settings = simulator.settings(sim);
  const session = definition.connect(settings, { fetch, retry: false });
  return { sim, settings, session };
}

/** Runs the probes as `jobwire check` does: writes only when allowed, ids from the settings. */
async function runProbes(session: VendorSession, settings: Settings, writes: boolean) {
  const context = createProbeContext(definition, settings, { writes });
  const outcomes: Array<{ name: string; outcome: string; detail: string }> = [];
  for (const probe of session.probes) {
    if (probe.write && !writes) {
      outcomes.push({ name: probe.name, outcome: 'skipped', detail: 'writes are off' });
      continue;
    }
    try {
      outcomes.push({ name: probe.name, outcome: 'passed', detail: await probe.run(context) });
    } catch (error) {
      const outcome = error instanceof ProbeSkipped ? 'skipped' : 'failed';
      outcomes.push({ name: probe.name, outcome, detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return { outcomes, ids: context.ids };
}

describe('Alteryx Server definition', () => {
  it('says what the tools need: id, settings, capabilities and how a job is started', () => {
    expect(definitionDefault).toBe(definition);
    expect(definition.id).toBe('alteryx-server');
    expect(definition.title).toBe('Alteryx Server');
    expect(definition.protocol).toBe('rest');
    expect(definition.openapi).toBe('@jobwire/alteryx-server/openapi.json');
    expect(definition.capabilities).toEqual({ cancel: true, browser: true });
    expect(definition.cannotCancel).toBeUndefined();
    expect(definition.settings.map((s) => [s.key, s.secret === true, s.checkOnly === true])).toEqual([
      ['clientId', false, false],
      ['clientSecret', true, false],
      ['accessToken', true, false],
      ['jobId', false, true],
      ['workflowId', false, true],
    ]);
    expect(definition.start.what).toBe('a workflow');
    expect(definition.start.fields.map((f) => [f.key, f.required === true, f.json === true])).toEqual([
      ['workflowId', true, false],
      ['questions', false, true],
      ['priority', false, false],
      ['workerTag', false, false],
      ['credentialId', false, false],
    ]);
    expect(definition.start.demo).toEqual({ workflowId: 'demo-workflow' });
  });

  it("the simulator's settings reach it with its credentials and a workflow to probe", async () => {
    const { sim, settings } = await start();
    expect(settings).toEqual({
      url: sim.url,
      clientId: sim.credentials.clientId,
      clientSecret: sim.credentials.clientSecret,
      workflowId: 'conformance-workflow',
    });
    expect(sim.vendor).toBe('alteryx-server');
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
  });

  it('starts the demo, reads its status and waits for it to succeed', async () => {
    const { sim, session } = await start();
    const id = await session.startJob(definition.start.demo);
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(sim.jobs.get(id)?.name).toBe('demo-workflow');
    expect(sim.jobs.get(id)?.extra).toEqual({ priority: 'Default', workerTag: '', questions: [] });

    const status = await session.getJobStatus(id);
    expect(status.vendor).toBe('alteryx-server');
    expect(status.id).toBe(id);
    expect(status.state).toBe('queued');
    expect(status.vendorStatus).toBe('Queued');
    expect(status.done).toBe(false);

    const states: string[] = [];
    const final = await session.waitForJob(id, { minDelayMs: 10, maxDelayMs: 20, onProgress: (s) => states.push(s.state) });
    expect(final.state).toBe('succeeded');
    expect(final.vendorStatus).toBe('Completed');
    expect(final.detail).toBe('Success');
    expect(final.done).toBe(true);
    expect(states.at(-1)).toBe('succeeded');
    expect(states).toContain('running');
    expect(session.client.vendor).toBe('alteryx-server');
  });

  it('sends the start fields as the run contract: answers by name, priority, worker tag', async () => {
    const { sim, session } = await start();
    const id = await session.startJob({
      workflowId: 'wf-answers',
      questions: { Region: 'EMEA', Count: 5, Final: true },
      priority: 'High',
      workerTag: 'gpu',
    });
    expect(sim.jobs.get(id)?.name).toBe('wf-answers');
    expect(sim.jobs.get(id)?.extra).toEqual({
      priority: 'High',
      workerTag: 'gpu',
      questions: [
        { name: 'Region', value: 'EMEA' },
        { name: 'Count', value: '5' },
        { name: 'Final', value: 'true' },
      ],
    });
    // From the command line the answers come as JSON text.
    const fromText = await session.startJob({ workflowId: 'wf-text', questions: '{"Region":"AMER"}' });
    expect(sim.jobs.get(fromText)?.extra.questions).toEqual([{ name: 'Region', value: 'AMER' }]);
  });

  it('refuses a start that cannot be valid before any request', async () => {
    const { sim, session } = await start();
    const before = sim.requestCount;
    await expect(session.startJob({})).rejects.toThrow(new RangeError('the start needs workflowId (a string), got nothing'));
    await expect(session.startJob({ workflowId: 'wf', questions: [{ name: 'a', value: 'b' }] })).rejects.toThrow(
      "the start's questions must be a JSON object",
    );
    await expect(session.startJob({ workflowId: 'wf', questions: { Region: { nested: 1 } } })).rejects.toThrow(
      `the start's answer to question "Region" must be a string, number or boolean`,
    );
    await expect(session.startJob({ workflowId: 'wf', questions: '{not json' })).rejects.toBeInstanceOf(RangeError);
    await expect(session.startJob({ workflowId: 'wf', priority: { high: true } })).rejects.toThrow(
      'the start needs priority (a string), got object',
    );
    expect(sim.requestCount).toBe(before);
  });

  it('cancels: a queued job is deleted, a running one cancelled', async () => {
    const { session } = await start();
    const queued = await session.startJob({ workflowId: 'wf-1' });
    expect(await session.cancelJob?.(queued)).toBe('deleted: Deleted Successfully.');
    const running = await session.startJob({ workflowId: 'wf-1' });
    // Two answers on: 60 ms of simulated time, past the 40 ms in the queue.
    await session.getJobStatus(running);
    expect((await session.getJobStatus(running)).state).toBe('running');
    expect(await session.cancelJob?.(running)).toBe('cancelled: Cancelled Successfully.');
    expect((await session.getJobStatus(running)).state).toBe('cancelled');
  });

  it('names the settings it cannot connect without, and no secret', () => {
    const thrown = (settings: Settings) => {
      try {
        definition.connect(settings);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const noCredentials = thrown({ url: 'http://127.0.0.1:1/webapi', clientSecret: 'top-secret-value' });
    expect(noCredentials).toBeInstanceOf(MissingSettingsError);
    const missing = noCredentials as MissingSettingsError;
    expect(missing.vendor).toBe('alteryx-server');
    expect(missing.groups).toEqual([['clientId', 'clientSecret'], ['accessToken']]);
    expect(missing.message).toBe('alteryx-server needs clientId + clientSecret, or accessToken');
    const noUrl = thrown({ clientId: 'id', clientSecret: 'top-secret-value' });
    expect(noUrl).toBeInstanceOf(MissingSettingsError);
    expect((noUrl as MissingSettingsError).groups).toEqual([['url']]);
    expect((noUrl as MissingSettingsError).message).toBe('alteryx-server needs url');
  });

  it('connects with a token obtained elsewhere: sent as a bearer, no token request', async () => {
    const requests: Request[] = [];
    const session = definition.connect(
      { url: 'http://alteryx.test/webapi', accessToken: 'token-from-elsewhere' },
      {
        fetch: async (request: Request) => {
          requests.push(request);
          return Response.json({ id: 'job-1', status: 'Running', disposition: 'None' });
        },
      },
    );
    const status = await session.getJobStatus('job-1');
    expect(status.state).toBe('running');
    expect(requests.map((r) => r.url)).toEqual(['http://alteryx.test/webapi/v3/jobs/job-1?includeMessages=true']);
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer token-from-elsewhere');
  });

  it('probes run green against the simulator with writes on', async () => {
    const { session, settings } = await start();
    const { outcomes, ids } = await runProbes(session, settings, true);
    expect(outcomes.map((o) => [o.name, o.outcome])).toEqual([
      ['token, and an unknown job → 404', 'passed'],
      ['run a workflow', 'passed'],
      ['job status', 'passed'],
      ['job messages (2024.2+)', 'passed'],
      ["workflow's jobs", 'passed'],
      ['workflow questions', 'passed'],
      ['wait for the job', 'passed'],
      ['run and cancel a second job', 'passed'],
    ]);
    expect(outcomes[0]?.detail).toMatch(/^404: .*Job 000000000000000000000000 was not found\./);
    expect(outcomes[1]?.detail).toBe(`job ${ids.jobId} Queued`);
    expect(outcomes[4]?.detail).toBe('1 jobs');
    expect(outcomes[6]?.detail).toBe('succeeded (Completed, Success)');
    expect(outcomes[7]?.detail).toBe('deleted: Deleted Successfully.');
  }, 30_000);

  it('with writes off, the reads that need a job are skipped, saying so', async () => {
    const { session, settings } = await start();
    const { outcomes } = await runProbes(session, settings, false);
    expect(outcomes.map((o) => [o.name, o.outcome])).toEqual([
      ['token, and an unknown job → 404', 'passed'],
      ['run a workflow', 'skipped'],
      ['job status', 'skipped'],
      ['job messages (2024.2+)', 'skipped'],
      ["workflow's jobs", 'passed'],
      ['workflow questions', 'passed'],
      ['wait for the job', 'skipped'],
      ['run and cancel a second job', 'skipped'],
    ]);
    expect(outcomes[2]?.detail).toBe('needs jobId (a setting, or found by a write probe)');
    expect(outcomes[4]?.detail).toBe('0 jobs');
  });
});
