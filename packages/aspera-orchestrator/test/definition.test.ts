import { createProbeContext, MissingSettingsError, type Settings } from '@jobwire/core/definition';
import type { Simulator } from '@jobwire/core/simulator';
import { startSteppedSession } from '@jobwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import definition, { definition as named } from '../src/definition.js';
import type { AsperaOrchestratorClient } from '../src/index.js';

// The definition against the package's own simulator, over real HTTP on 127.0.0.1. Simulated time
// moves 100 ms per request, so what each call sees does not depend on the machine's speed.
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function connect(extra: Settings = {}) {
  const started = await startSteppedSession(definition, { lifecycle: { queuedMs: 100, runningMs: 200 }, settings: extra });
  sim = started.simulator;
  return started;
}

describe('Aspera Orchestrator definition', () => {
  it('describes the vendor: id, REST, cancel and browser capable, the start fields and a demo the simulator runs', () => {
    expect(named).toBe(definition);
    expect(definition.id).toBe('aspera-orchestrator');
    expect(definition.title).toBe('IBM Aspera Orchestrator');
    expect(definition.protocol).toBe('rest');
    expect(definition.capabilities).toEqual({ cancel: true, browser: true });
    expect(definition.cannotCancel).toBeUndefined();
    expect(definition.openapi).toBe('@jobwire/aspera-orchestrator/openapi.json');
    expect(definition.start.what).toBe('a work order');
    expect(definition.start.fields.map((f) => [f.key, f.required ?? false, f.json ?? false])).toEqual([
      ['workflowId', true, false],
      ['parameters', false, true],
      ['priority', false, false],
    ]);
    expect(definition.start.demo).toEqual({ workflowId: '256', parameters: { source_file: '/demo/in.mxf' } });
    expect(definition.settings.filter((s) => s.secret).map((s) => s.key)).toEqual(['password', 'apiKey']);
    expect(definition.settings.filter((s) => s.checkOnly).map((s) => s.key)).toEqual(['workOrderId', 'stepName', 'workflowId']);
  });

  it('the simulator settings: url, Basic credentials and the demo workflow', async () => {
    const { settings } = await connect();
    expect(settings).toEqual({
      url: sim?.url,
      username: 'sim-admin',
      password: 'sim-password',
      workflowId: '256',
    });
    expect(new URL(settings.url ?? '').hostname).toBe('127.0.0.1');
  });

  it('starts the demo, reads the work order and one of its steps, and waits for the end', async () => {
    const { session } = await connect();
    expect((session.client as AsperaOrchestratorClient).vendor).toBe('aspera-orchestrator');
    const id = await session.startJob(definition.start.demo);
    expect(id).toMatch(/^\d+$/);
    const first = await session.getJobStatus(id);
    expect(first.vendor).toBe('aspera-orchestrator');
    expect(first.id).toBe(id);
    expect(first.state).toBe('running');
    expect(first.vendorStatus).toBe('In Progress');
    const step = await session.getJobStatus(`${id}:Create faspex package`);
    expect(step.state).toBe('running');
    expect(step.vendorStatus).toBe('In Progress');
    const final = await session.waitForJob(id, { minDelayMs: 1, maxDelayMs: 2 });
    expect(final.state).toBe('succeeded');
    expect(final.done).toBe(true);
    expect(final.vendorStatus).toBe('Complete');
    expect(final.detail).toBe('Work order completed');
    const finalStep = await session.getJobStatus(`${id}:Create faspex package`);
    expect(finalStep.state).toBe('succeeded');
    expect(finalStep.outputs.package_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a start takes parameters as an object or JSON text, and priority as 1–3 or a name', async () => {
    const { session } = await connect();
    const client = session.client as AsperaOrchestratorClient;
    const id = await session.startJob({ workflowId: 257, parameters: '{"source_file":"/in/a b.mxf"}', priority: 'high' });
    const order = await client.getWorkOrder(id);
    expect(order.workflowId).toBe('257');
    expect(order.priority).toBe(3);
    const step = await client.getWorkStepStatus(id, 'Check input');
    expect(step.carry_thrus.map((v) => [v.name, v.value])).toEqual([['source_file', '/in/a b.mxf']]);
    expect((await client.getWorkOrder(await session.startJob({ workflowId: '256', priority: '1' }))).priority).toBe(1);
    await expect(session.startJob({})).rejects.toThrow(/workflowId/);
    await expect(session.startJob({ workflowId: '256', priority: 'urgent' })).rejects.toThrow(RangeError);
    await expect(session.startJob({ workflowId: '256', parameters: { nested: { a: 1 } } })).rejects.toThrow(/"nested"/);
    await expect(session.startJob({ workflowId: '256', parameters: 'not json' })).rejects.toThrow(RangeError);
  });

  it('cancels a work order and a step, saying what the server did', async () => {
    const { session } = await connect();
    const order = await session.startJob(definition.start.demo);
    expect(await session.cancelJob?.(order)).toBe(`work order ${order}: Canceling`);
    const other = await session.startJob(definition.start.demo);
    expect(await session.cancelJob?.(`${other}:Create faspex package`)).toMatch(/^step \d+: Canceling$/);
    expect((await session.waitForJob(order, { minDelayMs: 1, maxDelayMs: 2 })).state).toBe('cancelled');
    await expect(session.getJobStatus(`${order}:`)).rejects.toThrow(RangeError);
  });

  it('connects with query auth (API key, or auth=query with a password) and XML on the wire', async () => {
    const { settings } = await connect();
    const apiKey = definition.connect({ url: settings.url, username: 'sim-admin', apiKey: 'sim-api-key', format: 'xml' });
    const client = apiKey.client as AsperaOrchestratorClient;
    expect(client.format).toBe('xml');
    expect((await client.ping()).orchestratorVersion).toBe('4.0.1.75432 (simulated)');
    const query = definition.connect({ ...settings, auth: 'query' });
    expect((await (query.client as AsperaOrchestratorClient).ping()).orchestratorVersion).toBe('4.0.1.75432 (simulated)');
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
    const noCredentials = missing({ url: 'http://127.0.0.1:1/aspera/orchestrator', username: 'admin' });
    expect(noCredentials).toBeInstanceOf(MissingSettingsError);
    expect((noCredentials as MissingSettingsError).vendor).toBe('aspera-orchestrator');
    expect((noCredentials as MissingSettingsError).groups).toEqual([
      ['username', 'password'],
      ['username', 'apiKey'],
    ]);
    expect((missing({ username: 'a', password: 'b' }) as MissingSettingsError).groups).toEqual([['url']]);
    expect(missing({ url: 'http://x', username: 'a', password: 'b', format: 'yaml' })).toBeInstanceOf(RangeError);
    expect(missing({ url: 'http://x', username: 'a', password: 'b', auth: 'bearer' })).toBeInstanceOf(RangeError);
  });

  it('every probe runs green against the simulator with writes on', async () => {
    const { settings, session } = await connect();
    const context = createProbeContext(definition, settings, { writes: true });
    const { ids } = context;
    const report: Array<[string, string]> = [];
    for (const probe of session.probes) report.push([probe.name, await probe.run(context)]);
    expect(report.map(([name]) => name)).toEqual([
      'credentials, and an unknown work order → 404',
      'server version (remote_node_ping)',
      'workflows',
      'start a work order',
      'work order status',
      'step status',
      "workflow's work orders",
      "workflow's inputs and status counts",
      'wait for the work order',
      'start and cancel a second work order',
    ]);
    const line = Object.fromEntries(report);
    expect(line['credentials, and an unknown work order → 404']).toBe(
      "404: aspera-orchestrator getWorkOrder failed: HTTP 404 Not Found: Couldn't find WorkOrder with id=999999999",
    );
    expect(line['server version (remote_node_ping)']).toBe('4.0.1.75432 (simulated)');
    expect(line.workflows).toBe('2 workflows');
    expect(line['start a work order']).toBe(`work order ${ids.workOrderId} Inactive`);
    expect(ids.stepName).toBe('Create faspex package');
    expect(line['work order status']).toBe('running (In Progress, Executing Step: Check input)');
    expect(line['step status']).toMatch(/^step \d+: (running|queued) \((In Progress|Inactive)\), 0 outputs$/);
    expect(line["workflow's work orders"]).toBe('1 work orders');
    expect(line["workflow's inputs and status counts"]).toBe('2 inputs, 1 statuses');
    expect(line['wait for the work order']).toBe('succeeded (Complete, Work order completed)');
    expect(line['start and cancel a second work order']).toMatch(/^work order \d+: Canceling$/);
    expect(session.probes.filter((p) => p.write).map((p) => p.name)).toEqual([
      'start a work order',
      'wait for the work order',
      'start and cancel a second work order',
    ]);
  });
});
