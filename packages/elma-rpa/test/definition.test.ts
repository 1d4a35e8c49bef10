import { createProbeContext, MissingSettingsError, type Settings } from '@jobwire/core/definition';
import type { Simulator } from '@jobwire/core/simulator';
import { startSteppedSession } from '@jobwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import definition, { definition as named } from '../src/definition.js';
import type { ElmaRpaClient, ElmaTask } from '../src/index.js';

// The definition against the package's own simulator, over real HTTP on 127.0.0.1. Simulated time
// moves 100 ms per request, so what each call sees does not depend on the machine's speed.
const PROCESS = 'c39f99de-cb8f-4661-a206-b282a4830cbf';
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function connect(extra: Settings = {}, lifecycle = { queuedMs: 1000, runningMs: 400 }) {
  const started = await startSteppedSession(definition, { lifecycle, settings: extra });
  sim = started.simulator;
  return started;
}

describe('ELMA RPA definition', () => {
  it('describes the vendor: id, REST, cancel and browser capable, the start fields and a demo the simulator runs', () => {
    expect(named).toBe(definition);
    expect(definition.id).toBe('elma-rpa');
    expect(definition.title).toBe('ELMA RPA Orchestrator');
    expect(definition.protocol).toBe('rest');
    expect(definition.idHelp).toBe('the task id, an integer, e.g. 955');
    expect(definition.capabilities).toEqual({ cancel: true, browser: true });
    expect(definition.cannotCancel).toBeUndefined();
    expect(definition.openapi).toBe('@jobwire/elma-rpa/openapi.json');
    expect(definition.wsdl).toBeUndefined();
    expect(definition.start.what).toBe('a task');
    expect(definition.start.fields.map((f) => [f.key, f.required ?? false, f.json ?? false])).toEqual([
      ['process', true, false],
      ['context', false, true],
    ]);
    expect(definition.start.demo).toEqual({ process: PROCESS, context: { Name_in: 'jobwire demo' } });
    expect(definition.settings.map((s) => s.key)).toEqual(['authToken', 'cancelPath', 'process', 'taskId']);
    expect(definition.settings.filter((s) => s.secret).map((s) => s.key)).toEqual(['authToken']);
    expect(definition.settings.filter((s) => s.checkOnly).map((s) => s.key)).toEqual(['process', 'taskId']);
  });

  it('the simulator settings: url, the approved system identifier and the documented process', async () => {
    const { settings } = await connect();
    expect(settings).toEqual({ url: sim?.url, authToken: sim?.credentials.authToken, process: PROCESS });
    expect(settings.authToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new URL(settings.url ?? '').hostname).toBe('127.0.0.1');
  });

  it('starts the demo, reads the task and waits for the end; the system identifier is scrubbed from every status', async () => {
    const { settings, session } = await connect();
    const client = session.client as ElmaRpaClient;
    expect(client.vendor).toBe('elma-rpa');
    const id = await session.startJob(definition.start.demo);
    expect(id).toMatch(/^\d+$/);
    const task = await client.getTask(id);
    expect(task.process).toBe(PROCESS);
    expect(JSON.parse(task.ctx ?? '')).toEqual({ Name_in: 'jobwire demo' });
    const first = await session.getJobStatus(id);
    expect(first.vendor).toBe('elma-rpa');
    expect(first.id).toBe(id);
    expect(first.state).toBe('queued');
    expect(first.done).toBe(false);
    expect(first.vendorStatus).toBe('PREPARE');
    expect((first.raw as ElmaTask).system).toBe('***');
    const progress: string[] = [];
    const polled: string[] = [];
    const final = await session.waitForJob(id, {
      minDelayMs: 1,
      maxDelayMs: 2,
      onProgress: (status) => progress.push(`${status.vendorStatus} ${(status.raw as ElmaTask).system}`),
      onPoll: (event) => polled.push(String((event.status?.raw as ElmaTask | undefined)?.system)),
    });
    expect(final.id).toBe(id);
    expect(final.state).toBe('succeeded');
    expect(final.done).toBe(true);
    expect(final.vendorStatus).toBe('DONE');
    expect(final.outputs.result_out).toBe('processed by Creating profiles');
    expect(progress.at(-1)).toBe('DONE ***');
    expect(polled.length).toBeGreaterThan(0);
    expect(new Set(polled)).toEqual(new Set(['***']));
    const seen = JSON.stringify([first, final, progress, polled]);
    expect(seen).not.toContain(settings.authToken);
  });

  it('a start takes the context as an object or JSON text, and refuses what is not one', async () => {
    const { session } = await connect();
    const client = session.client as ElmaRpaClient;
    const fromText = await session.startJob({ process: PROCESS, context: '{"count_in":3,"names_in":["a","b"]}' });
    expect(JSON.parse((await client.getTask(fromText)).ctx ?? '')).toEqual({ count_in: 3, names_in: ['a', 'b'] });
    const bare = await session.startJob({ process: PROCESS });
    expect(JSON.parse((await client.getTask(bare)).ctx ?? '')).toEqual({});
    expect(Number(bare)).toBe(Number(fromText) + 1);
    await expect(session.startJob({})).rejects.toThrow(/process/);
    await expect(session.startJob({ process: PROCESS, context: 'not json' })).rejects.toThrow(RangeError);
    await expect(session.startJob({ process: PROCESS, context: [1, 2] })).rejects.toThrow(RangeError);
  });

  it('cancels a queued task, saying what the server did; a finished one is an InvalidStateError', async () => {
    const { session } = await connect();
    const queued = await session.startJob(definition.start.demo);
    expect(await session.cancelJob?.(queued)).toBe(`cancel accepted: task ${queued} is CANCEL`);
    expect((await session.getJobStatus(queued)).state).toBe('cancelled');
    const other = await session.startJob(definition.start.demo);
    const done = await session.waitForJob(other, { minDelayMs: 1, maxDelayMs: 2 });
    expect(done.state).toBe('succeeded');
    await expect(session.cancelJob?.(other)).rejects.toMatchObject({
      name: 'InvalidStateError',
      vendor: 'elma-rpa',
      operation: 'cancelTask',
      status: 409,
    });
  });

  it('takes the cancel path from the settings', async () => {
    const { session } = await connect({ cancelPath: '/v2/cancel' });
    const id = await session.startJob(definition.start.demo);
    await expect(session.cancelJob?.(id)).rejects.toMatchObject({ name: 'NotFoundError', status: 404 });
  });

  it('refuses to connect without what it needs, naming the settings that would do', () => {
    const missing = (settings: Settings) => {
      try {
        definition.connect(settings);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const noToken = missing({ url: 'http://127.0.0.1:1' });
    expect(noToken).toBeInstanceOf(MissingSettingsError);
    expect((noToken as MissingSettingsError).vendor).toBe('elma-rpa');
    expect((noToken as MissingSettingsError).groups).toEqual([['authToken']]);
    expect((missing({ url: 'http://127.0.0.1:1', authToken: '' }) as MissingSettingsError).groups).toEqual([['authToken']]);
    expect((missing({ authToken: 'a-system-identifier' }) as MissingSettingsError).groups).toEqual([['url']]);
    expect((missing({}) as MissingSettingsError).groups).toEqual([['url', 'authToken']]);
    expect(missing({ url: 'http://127.0.0.1:1', authToken: 'a-system-identifier', cancelPath: 'cancel' })).toBeInstanceOf(
      RangeError,
    );
    expect(missing({ url: 'http://127.0.0.1:1', authToken: 'a-system-identifier' })).toBeUndefined();
  });

  it('every probe runs green against the simulator with writes on', async () => {
    // A short queue: the wait probe's delays (200 ms and up) are real time.
    const { settings, session } = await connect({}, { queuedMs: 400, runningMs: 100 });
    const context = createProbeContext(definition, settings, { writes: true });
    const { ids } = context;
    const report: Array<[string, string]> = [];
    for (const probe of session.probes) report.push([probe.name, await probe.run(context)]);
    expect(report.map(([name]) => name)).toEqual([
      'system approved',
      'an unknown task → 404 (in the body)',
      'processes',
      'find a process (current version)',
      'process context variables',
      'create a task',
      'task status',
      'wait for the task',
      'create and cancel a second task',
    ]);
    const line = Object.fromEntries(report);
    expect(line['system approved']).toBe('approved (status 200)');
    expect(line['an unknown task → 404 (in the body)']).toBe(
      '404: elma-rpa getTask failed: HTTP 404 (status in the body; HTTP 200): task 0 not found',
    );
    expect(line.processes).toMatch(/^\d+ processes of \d+$/);
    expect(ids.listedProcess).toBe(PROCESS);
    expect(line['find a process (current version)']).toBe('"Creating profiles" version 3 (active)');
    expect(ids.processVersion).toMatch(/^[0-9a-f-]{36}$/);
    expect(line['process context variables']).toBe(
      '8 variables; in: stringvalue_in, filevalue_in, datetimevalue_in, intvalue_in, mailvalue_inout; out: mailvalue_inout, stringvalue_out, boolvalue_out, doublevalue_out',
    );
    expect(line['create a task']).toBe(`task ${ids.taskId} PREPARE`);
    expect(line['task status']).toBe('queued (PREPARE)');
    expect(line['wait for the task']).toBe('succeeded (DONE)');
    expect(line['create and cancel a second task']).toMatch(/^task \d+ CANCEL$/);
    expect(session.probes.filter((p) => p.write).map((p) => p.name)).toEqual([
      'create a task',
      'wait for the task',
      'create and cancel a second task',
    ]);
  });
});
