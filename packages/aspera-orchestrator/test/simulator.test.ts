import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AsperaAuth,
  type AsperaFormat,
  AuthenticationError,
  createAsperaOrchestratorClient,
  InvalidStateError,
  NotFoundError,
} from '../src/index.js';
import { type AsperaOrchestratorSimulatorOptions, startAsperaOrchestratorSimulator } from '../src/simulator.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(options: AsperaOrchestratorSimulatorOptions = {}, format: AsperaFormat = 'json') {
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0);
  const sim = await startAsperaOrchestratorSimulator({ queuedMs: 100, runningMs: 1000, now: () => clock, ...options });
  close = sim.close;
  const auth: AsperaAuth = { username: sim.credentials.username, password: sim.credentials.password };
  const client = createAsperaOrchestratorClient({ baseUrl: sim.url, auth }, { format, retry: false });
  return { sim, client, advance: (ms: number) => (clock += ms) };
}

const STEP = 'Create faspex package';

describe('Aspera Orchestrator simulator', () => {
  it('listens on 127.0.0.1 and runs a work order Inactive → In Progress → Complete, step by step', async () => {
    const { sim, client, advance } = await start();
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
    expect(new URL(sim.url).pathname).toBe('/aspera/orchestrator');
    const order = await client.startWorkOrder(256, { parameters: { source_file: '/in/a b.mxf' }, name: 'nightly', priority: 1 });
    expect(order.status).toBe('Inactive');
    expect(order.name).toBe('nightly');
    expect(order.priority).toBe(1);
    expect(order.steps.map((s) => [s.name, s.status])).toEqual([
      ['Check input', 'Inactive'],
      [STEP, 'Inactive'],
    ]);
    expect((await client.getJobStatus({ workOrderId: order.id })).state).toBe('queued');

    advance(100);
    const running = await client.getJobStatus({ workOrderId: order.id });
    expect(running.vendorStatus).toBe('In Progress');
    expect(running.detail).toBe('Executing Step: Check input');
    expect((await client.getJobStatus({ workOrderId: order.id, stepName: STEP })).vendorStatus).toBe('Inactive');

    advance(600);
    const step = await client.getJobStatus({ workOrderId: order.id, stepName: STEP });
    expect(step.state).toBe('running');
    expect(step.detail).toBe('Uploading package');
    expect(await client.getWorkStepStatusText(order.id, STEP)).toBe('In Progress');

    advance(500);
    const done = await client.getJobStatus({ workOrderId: order.id });
    expect(done.state).toBe('succeeded');
    expect(done.vendorStatus).toBe('Complete');
    const final = await client.getWorkStepStatus(order.id, STEP);
    expect(final.work_step.status).toBe('Complete');
    expect(final.carry_thrus).toEqual([{ name: 'source_file', id: expect.any(Number), type: 'string', value: '/in/a b.mxf' }]);
    const packageId = final.outputs.find((o) => o.name === 'package_id')?.value;
    expect(packageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await client.getStepOutputText(final.work_step.id, 'package_id')).toBe(packageId);
  });

  it('XML and JSON of the same step and work order decode equal (outputs too, the hash from a Ruby literal)', async () => {
    const { sim, client, advance } = await start();
    const xmlClient = createAsperaOrchestratorClient(
      { baseUrl: sim.url, auth: { username: sim.credentials.username, password: sim.credentials.password } },
      { format: 'xml', retry: false },
    );
    const order = await client.startWorkOrder(256);
    advance(5000);
    expect(await xmlClient.getWorkStepStatus(order.id, 'Check input')).toEqual(
      await client.getWorkStepStatus(order.id, 'Check input'),
    );
    expect(await xmlClient.getWorkOrder(order.id)).toEqual(await client.getWorkOrder(order.id));
    const stepId = (await client.getWorkStepStatus(order.id, 'Check input')).work_step.id;
    const fromXml = await xmlClient.getStepOutput(stepId, 'IndexedTable');
    expect(fromXml.type).toBe('hash');
    expect(fromXml.value).toEqual({ Mac: { node_id: 'localhost', node: 'Mac', capacity_kb: '20000' } });
    expect((await client.getStepOutput(stepId, 'IndexedTable')).value).toEqual(fromXml.value);
    const status = await xmlClient.getJobStatus({ workOrderId: order.id, stepName: 'Check input' });
    expect(status.outputs).toEqual({
      file_count: 2,
      IndexedTable: { Mac: { node_id: 'localhost', node: 'Mac', capacity_kb: '20000' } },
    });
    expect(await xmlClient.getWorkOrderOutputs(order.id, { variableName: 'file_count' })).toEqual([
      { name: 'file_count', stepName: 'Check input', type: 'integer', value: 2 },
    ]);
  });

  it('a failed run: work order Failed with its prose, the step Failed with statusDetails', async () => {
    const { client, advance } = await start({ outcome: 'failed' });
    const order = await client.startWorkOrder(256, { method: 'POST', parameters: { source_file: '/in/x' } });
    advance(5000);
    const status = await client.getJobStatus({ workOrderId: order.id });
    expect(status.state).toBe('failed');
    expect(status.vendorStatus).toBe('Failed');
    expect(status.detail).toBe('Step "Create faspex package" failed: Faspex rejected the package: quota exceeded for user ops');
    const step = await client.getJobStatus({ workOrderId: order.id, stepName: STEP });
    expect(step.state).toBe('failed');
    expect(step.detail).toBe('Faspex rejected the package: quota exceeded for user ops');
    expect(step.outputs).toEqual({});
  });

  it('cancels: Canceling, then Canceled; a finished work order cannot be; reset runs it again', async () => {
    const { client, advance } = await start();
    const order = await client.startWorkOrder(256);
    advance(300);
    const cancelling = await client.cancelJob({ workOrderId: order.id });
    expect(cancelling).toMatchObject({ id: order.id, status: 'Canceling' });
    expect((await client.getJobStatus(order.id)).state).toBe('running');
    advance(100);
    const cancelled = await client.getJobStatus(order.id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.vendorStatus).toBe('Canceled');
    const error = (await client.cancelWorkOrder(order.id).catch((e: unknown) => e)) as InvalidStateError;
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(error.message).toBe(
      `aspera-orchestrator cancelWorkOrder failed: HTTP 500 Internal Server Error: Work order ${order.id} cannot be canceled: it is Canceled`,
    );
    expect((await client.resetWorkOrder(order.id)).status).toBe('Inactive');
  });

  it('cancels one step by name (through its id)', async () => {
    const { client, advance } = await start();
    const order = await client.startWorkOrder(257);
    advance(700);
    expect(await client.cancelJob({ workOrderId: order.id, stepName: STEP })).toMatchObject({ name: STEP, status: 'Canceling' });
    advance(1000);
    expect((await client.getJobStatus({ workOrderId: order.id, stepName: STEP })).vendorStatus).toBe('Canceled');
    expect((await client.getJobStatus({ workOrderId: order.id })).state).toBe('cancelled');
  });

  it('accepts the documented auth modes and refuses bad credentials with 401, secrets kept out of errors', async () => {
    const { sim } = await start();
    const { username, password, apiKey } = sim.credentials;
    const good: AsperaAuth[] = [
      { username, password },
      { type: 'query', login: username, password },
      { type: 'query', login: username, apiKey },
    ];
    for (const auth of good) {
      const ping = await createAsperaOrchestratorClient({ baseUrl: sim.url, auth }, { retry: false }).ping();
      expect(ping.orchestratorVersion).toBe('4.0.1.75432 (simulated)');
    }
    const bad: AsperaAuth[] = [
      { username, password: 'Wr0ng-pass' },
      { type: 'query', login: username, password: 'Wr0ng-pass' },
      { type: 'query', login: username, apiKey: 'Wr0ng-pass' },
    ];
    for (const auth of bad) {
      const error = (await createAsperaOrchestratorClient({ baseUrl: sim.url, auth }, { retry: false })
        .getWorkOrder(1)
        .catch((e: unknown) => e)) as AuthenticationError;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.status).toBe(401);
      expect(`${error.message}${error.stack}${JSON.stringify(error)}${inspect(error)}`).not.toContain('Wr0ng-pass');
    }
  });

  it("unknown ids: 404 whose message is the server's first line, not the trace", async () => {
    const { client } = await start();
    const error = (await client.getJobStatus({ workOrderId: 424242 }).catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe(
      "aspera-orchestrator getJobStatus failed: HTTP 404 Not Found: Couldn't find WorkOrder with id=424242",
    );
    expect(String(error.body)).toContain('api_controller.rb');
    await expect(client.getWorkStepStatus(424242, STEP)).rejects.toBeInstanceOf(NotFoundError);
    const order = await client.startWorkOrder(256);
    await expect(client.getWorkStepStatus(order.id, 'No such step')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.startWorkOrder(999)).rejects.toBeInstanceOf(NotFoundError);
  });
});
