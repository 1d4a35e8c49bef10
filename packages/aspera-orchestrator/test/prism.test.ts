import { fileURLToPath } from 'node:url';
import { type RunningPrism, startPrism } from '@jobwire/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AsperaOrchestratorClient, createAsperaOrchestratorClient } from '../src/index.js';

// Prism serves the spec: it checks every request the client sends against it (a request the spec
// does not allow gets a 4xx and fails the test) and answers from the spec's examples (JSON).
const spec = fileURLToPath(new URL('../../../specs/aspera-orchestrator/openapi.yaml', import.meta.url));
let prism: RunningPrism;
let client: AsperaOrchestratorClient;

beforeAll(async () => {
  prism = await startPrism({ spec });
  client = createAsperaOrchestratorClient({ baseUrl: prism.url, auth: { username: 'admin', password: 'pw' } }, { retry: false });
}, 60_000);
afterAll(() => prism?.close());

describe('Aspera Orchestrator client against Prism serving the spec', () => {
  it('getWorkStepStatus and getJobStatus of a step (the documented JSON sample)', async () => {
    const status = await client.getJobStatus({ workOrderId: '8461', stepName: 'Create faspex package' });
    expect(status.id).toBe('46756');
    expect(status.state).toBe('succeeded');
    expect(status.detail).toBe('FASPEX Authorization received');
  });

  it('getStepOutput (the documented hash)', async () => {
    const output = await client.getStepOutput('252158', 'IndexedTable');
    expect(output.value).toEqual({
      Mac: { capacity_kb: '20000', node: 'Mac', node_id: 'localhost' },
      'Transcode server': { capacity_kb: '30000', node: 'Transcode server', node_id: 'transcoder' },
    });
  });

  it('work order status, start (GET and POST), cancel and reset', async () => {
    expect((await client.getWorkOrder('8461')).status).toBe('In Progress');
    expect((await client.startWorkOrder('256', { parameters: { a: 'b c' }, name: 'n', priority: 3 })).id).toBe('8462');
    expect((await client.startWorkOrder('256', { method: 'POST', parameters: { a: 'b' } })).id).toBe('8462');
    expect((await client.cancelWorkOrder('8461')).status).toBe('Canceling');
    expect((await client.resetWorkOrder('8461')).status).toBe('Canceling');
  });

  it('lists and ping', async () => {
    expect((await client.listWorkflows())[0]?.name).toBe('Deliver to Faspex');
    expect((await client.listWorkOrders('256')).map((o) => o.status)).toEqual(['In Progress', 'Complete']);
    expect((await client.ping()).orchestratorVersion).toBe('4.0.1.75432');
  });

  it('query auth is accepted by the spec too', async () => {
    const query = createAsperaOrchestratorClient(
      { baseUrl: prism.url, auth: { type: 'query', login: 'admin', apiKey: 'k' } },
      { retry: false },
    );
    expect((await query.getWorkOrder('8461')).id).toBe('8461');
  });
});
