import { basicAuthorization } from '@jobwire/core';
import type { SimOutcome } from '@jobwire/core/simulator';
import { parseXml } from '@jobwire/xml';
import { afterEach, describe, expect, it } from 'vitest';
import { startAsperaOrchestratorSimulator } from '../src/simulator.js';
import { responseProblems } from './spec-schema.js';

// The simulator as a server (test/simulator.test.ts runs the client against it): every JSON answer
// checked against the spec's own schemas, over real HTTP; XML answers must parse with core's
// hardened parser.
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(outcome: SimOutcome = 'succeeded') {
  let clock = 1_000_000;
  const sim = await startAsperaOrchestratorSimulator({ queuedMs: 100, runningMs: 1000, outcome, now: () => clock });
  close = sim.close;
  const basic = basicAuthorization(sim.credentials.username, sim.credentials.password);
  /** GETs `url` as JSON and checks the answer against the spec's schema for `path`. */
  const call = async (path: string, url: string, init: RequestInit = {}) => {
    const response = await fetch(`${sim.url}${url}`, { ...init, headers: { authorization: basic, ...init.headers } });
    const body: unknown = await response.json();
    const problems = responseProblems(path, body, response.status, init.method ?? 'GET');
    expect({ url, problems }).toEqual({ url, problems: [] });
    return { status: response.status, body: body as Record<string, Record<string, unknown>> };
  };
  const xml = async (url: string) => {
    const response = await fetch(`${sim.url}${url}`, { headers: { authorization: basic } });
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    return parseXml(await response.text(), { vendor: 'aspera-orchestrator', operation: 'test' });
  };
  return { sim, call, xml, advance: (ms: number) => (clock += ms) };
}

describe('Aspera Orchestrator simulator answers as the spec says', () => {
  for (const outcome of ['succeeded', 'failed', 'cancelled'] as const) {
    it(`a work order that ends ${outcome}: every phase of the work order and step routes`, async () => {
      const { call, xml, advance } = await start(outcome);
      const started = await call('/api/initiate/{workflowId}.{format}', '/api/initiate/256.json?external_parameters[file]=a.mxf');
      const id = String(started.body.work_order?.id);
      const states: string[] = [];
      for (const step of [0, 100, 600, 1000]) {
        advance(step);
        if (outcome === 'cancelled' && step === 600) {
          await call('/api/work_order_cancel/{workOrderId}.{format}', `/api/work_order_cancel/${id}.json`);
          advance(200);
        }
        const order = await call('/api/work_order_status/{workOrderId}.{format}', `/api/work_order_status/${id}.json`);
        states.push(String((order.body.work_order?.status as { state?: string } | undefined)?.state));
        await call(
          '/api/work_step_status/work_order.{format}',
          `/api/work_step_status/work_order.json?work_order_id=${id}&step_name=Create%20faspex%20package`,
        );
        const doc = await xml(`/api/work_order_status/${id}.xml`);
        expect((doc.work_order as Record<string, unknown>)['@id']).toBe(id);
        await xml(`/api/work_step_status/work_order.xml?work_order_id=${id}&step_name=Check%20input`);
      }
      const final = { succeeded: 'Complete', failed: 'Failed', cancelled: 'Canceled' }[outcome];
      expect(states).toEqual(['Inactive', 'In Progress', outcome === 'cancelled' ? 'Canceled' : 'In Progress', final]);
    });
  }

  it('lists (no /0, max_results), workflow details, inputs and outputs, ping and the POST initiate', async () => {
    const { call, xml } = await start();
    await call('/api/initiate', '/api/initiate?format=json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workflow_id: 256, external_parameters: { a: '1' } }),
    });
    await call('/api/initiate/{workflowId}.{format}', '/api/initiate/256.json');
    await call('/api/workflows_list.{format}', '/api/workflows_list.json');
    const orders = await call('/api/work_orders_list/{workflowId}.{format}', '/api/work_orders_list/256.json');
    expect(orders.body.work_orders).toHaveLength(2);
    const one = await call('/api/work_orders_list/{workflowId}.{format}', '/api/work_orders_list/256.json?max_results=1');
    expect(one.body.work_orders).toHaveLength(1);
    const details = await call('/api/workflow_details/{workflowId}.{format}', '/api/workflow_details/256.json');
    expect(details.body.workflows?.workflow).toMatchObject({ id: '256', statuses: [{ status: 'Inactive', count: '2' }] });
    await call('/api/workflow_inputs_spec/{workflowId}.{format}', '/api/workflow_inputs_spec/256.json');
    const detailsXml = await xml('/api/workflow_details/256.xml');
    expect((detailsXml.workflows as Record<string, Record<string, unknown>>).workflow?.['@name']).toBe('Deliver to Faspex');
    await xml('/api/workflow_inputs_spec/256.xml');
    await xml('/api/workflow_outputs_spec/256.xml');
    await call('/api/remote_node_ping.{format}', '/api/remote_node_ping.json');
  });

  it('a step cancelled and a work order reset from a step answer in the documented shapes', async () => {
    const { call, xml, advance } = await start();
    const started = await call('/api/initiate/{workflowId}.{format}', '/api/initiate/256.json');
    const id = String(started.body.work_order?.id);
    advance(200);
    const step = await call(
      '/api/work_step_status/work_order.{format}',
      `/api/work_step_status/work_order.json?work_order_id=${id}&step_name=Check%20input`,
    );
    const stepId = String(step.body.work_step?.id);
    const byId = await call('/api/work_step_status/{stepId}.{outputFormat}', `/api/work_step_status/${stepId}.json`);
    expect(byId.body.work_step?.id).toBe(Number(stepId));
    const cancelled = await xml(`/api/work_step_cancel/${stepId}.xml`);
    const workStep = cancelled.work_step as Record<string, unknown>;
    expect(workStep['@action']).toBe('cancel');
    expect(workStep['@id']).toBe('');
    expect(workStep.status).toHaveLength(2);
    advance(2000);
    const reset = await xml(`/api/workstep_reset/${stepId}.xml`);
    const root = reset.WorkStep_Reset as Record<string, unknown>;
    expect(root.workstep_reset).toBe('true');
    expect(root.work_steps).toHaveLength(2);
  });

  it("refuses bad credentials with Rails' 401 and answers unknown ids with a message and a trace", async () => {
    const { sim } = await start();
    const denied = await fetch(`${sim.url}/api/work_order_status/1.json?login=${sim.credentials.username}&password=nope`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Basic realm="Application"');
    expect(await denied.text()).toBe('HTTP Basic: Access denied.\n');
    const missing = await fetch(
      `${sim.url}/api/work_order_status/77.json?login=${sim.credentials.username}&api_key=${sim.credentials.apiKey}`,
    );
    expect(missing.status).toBe(404);
    const lines = (await missing.text()).split('\n');
    expect(lines[0]).toBe("Couldn't find WorkOrder with id=77");
    expect(lines[1]).toMatch(/\.rb:\d+:in `/);
  });
});
