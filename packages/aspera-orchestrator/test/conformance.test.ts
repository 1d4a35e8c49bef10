/**
 * Conformance: the client against the documented Aspera Orchestrator samples, served by msw from
 * @jobwire/testkit, in JSON and in XML. Every sample is decoded and asserted field by field, the
 * XML and JSON of the same step must decode equal, and every request the client sends is checked.
 */

import { readFileSync } from 'node:fs';
import {
  asperaOrchestratorCredentials as creds,
  handlers,
  asperaOrchestratorIds as ids,
  asperaOrchestratorSamples as samples,
} from '@jobwire/testkit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  type AsperaAuth,
  type AsperaFormat,
  AuthenticationError,
  asperaErrorDetails,
  createAsperaOrchestratorClient,
  NotFoundError,
  UnexpectedResponseError,
} from '../src/index.js';
import { responseProblems } from './spec-schema.js';

/** The faithful fixture of the second documented workflow_inputs_spec JSON sample (no inputs). */
const EMPTY_INPUTS = JSON.parse(
  readFileSync(
    new URL('../../../specs/aspera-orchestrator/samples/workflow-inputs-spec-empty.fixture.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>;

const baseUrl = 'http://aspera.test/aspera/orchestrator';
const server = setupServer(...handlers.asperaOrchestrator({ baseUrl }));
const sent: Request[] = [];
server.events.on('request:start', ({ request }) => {
  sent.push(request.clone());
});
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  sent.length = 0;
  server.resetHandlers();
});
afterAll(() => server.close());

const basic: AsperaAuth = { username: creds.username, password: creds.password };
const client = (format: AsperaFormat = 'json', auth: AsperaAuth = basic) =>
  createAsperaOrchestratorClient({ baseUrl, auth }, { format, retry: false });
const STEP = encodeURIComponent(ids.stepName);
const PACKAGE_URL_JSON =
  'fasp://faspex@testchris2.sl.dev.asperacloud.net:33001/Transcoded - 5e0f9336-5e58-46a5-b944-a8253a956041.aspera-package/PKG - Transcoded?token=ATM3_ACsvFz3yt1byrRDQ7cEtFKg0wxWS6ubjsWnkA8IAxSlbKoAAEWHQkLFXfeLjDz5Eq8uDH7_3MTA&cookie=aspera.faspex20:u:90ce20d7-17c3-4672';

describe('work step status (documented samples)', () => {
  it('JSON: decodes every field of the documented sample and sends the documented request', async () => {
    const status = await client('json').getWorkStepStatus(ids.workOrder, ids.stepName);
    const [request] = sent as [Request];
    expect(request.method).toBe('GET');
    expect(request.url).toBe(`${baseUrl}/api/work_step_status/work_order.json?work_order_id=8461&step_name=${STEP}`);
    expect(request.headers.get('authorization')).toBe(`Basic ${btoa('admin:fake-password')}`);
    expect(status.inputs).toEqual([]);
    expect(status.carry_thrus).toEqual([
      { name: 'myfiles', id: 60067, type: 'string', value: '/root/chris/data_for_demos/shiporder.cmd' },
    ]);
    const step = status.work_step;
    expect(step.workOrder_id).toBe(8461);
    expect(step.preProcessing).toBeNull();
    expect(step.group).toBe(8461);
    expect(step.executionTimeout).toBe(0);
    expect(step.activable_date).toBe('2014-11-24T16:48:39Z');
    expect(step.stepName).toBeNull();
    expect(step.created_at).toBe('2014-11-24T16:48:37Z');
    expect(step.updated_at).toBe('2014-11-24T16:48:39Z');
    expect(step.timeout).toBeNull();
    expect(step.on_timeout).toBeNull();
    expect(step.step_type).toBe('FaspexDelivery');
    expect(step.attempt).toBe(1);
    expect(step.step_id).toBe(3810);
    expect(step.statusDetails).toBe('FASPEX Authorization received');
    expect(step.rank).toBe(1);
    expect(step.id).toBe(46756);
    expect(step.activation_date).toBe('2014-11-24T16:48:39Z');
    expect(step.workflow_id).toBe(256);
    expect(step.synch_filter).toBe(0);
    expect(step.completion_date).toBe('2014-11-24T16:48:39Z');
    expect(step.action_id).toBe(2);
    expect(step.status).toBe('Complete');
    expect(step.running_as).toBe(2);
    expect(step.original_activation_date).toBe('2014-11-24T16:48:39Z');
    expect(step.workStepName).toBe('Create faspex package');
    expect(step.postProcessing).toBeNull();
    expect(Object.keys(step)).toHaveLength(26);
    expect(status.outputs).toEqual([
      { name: 'package_id', id: 60070, type: 'string', value: '5e0f9336-5e58-46a5-b944-a8253a956041' },
      { name: 'package_post_url', id: 60071, type: 'string', value: PACKAGE_URL_JSON },
    ]);
  });

  it('XML: the documented sample decodes to the JSON sample, except the value the excerpt cut short', async () => {
    const fromJson = await client('json').getWorkStepStatus(ids.workOrder, ids.stepName);
    const fromXml = await client('xml').getWorkStepStatus(ids.workOrder, ids.stepName);
    expect(sent[1]?.url).toBe(`${baseUrl}/api/work_step_status/work_order.xml?work_order_id=8461&step_name=${STEP}`);
    // CDATA kept: the URL with its `&` and spaces, as the XML sample has it.
    expect(fromXml.outputs[1]?.value).toBe(PACKAGE_URL_JSON.replace('90ce20d7-17c3-4672', '90ce20d7'));
    const patched = structuredClone(fromXml);
    (patched.outputs[1] as { value: string }).value = PACKAGE_URL_JSON;
    expect(patched).toEqual(fromJson);
  });

  it('XML: the faithful fixture decodes exactly equal to the JSON sample', async () => {
    server.use(
      http.get(`${baseUrl}/api/work_step_status/work_order.xml`, () =>
        HttpResponse.text(samples.workStepStatusFixtureXml, { headers: { 'content-type': 'application/xml' } }),
      ),
    );
    const fromJson = await client('json').getWorkStepStatus(ids.workOrder, ids.stepName);
    const fromXml = await client('xml').getWorkStepStatus(ids.workOrder, ids.stepName);
    expect(fromXml).toEqual(fromJson);
    expect(fromXml.work_step.id).toBe(46756);
    expect(fromXml.work_step.stepName).toBeNull();
  });

  it('getJobStatus with a step: Complete → succeeded, statusDetails → detail, outputs by name', async () => {
    for (const format of ['json', 'xml'] as const) {
      const status = await client(format).getJobStatus({ workOrderId: 8461, stepName: ids.stepName });
      expect(status.vendor).toBe('aspera-orchestrator');
      expect(status.id).toBe('46756');
      expect(status.state).toBe('succeeded');
      expect(status.done).toBe(true);
      expect(status.vendorStatus).toBe('Complete');
      expect(status.detail).toBe('FASPEX Authorization received');
      expect(status.outputs.package_id).toBe('5e0f9336-5e58-46a5-b944-a8253a956041');
      expect(Object.keys(status.outputs)).toEqual(['package_id', 'package_post_url']);
    }
  });

  it('status_only=true: the bare status text', async () => {
    expect(await client('xml').getWorkStepStatusText(ids.workOrder, ids.stepName)).toBe('Complete');
    expect(sent[0]?.url).toBe(
      `${baseUrl}/api/work_step_status/work_order.xml?work_order_id=8461&step_name=${STEP}&status_only=true`,
    );
  });
});

describe('step outputs (documented samples)', () => {
  const TABLE = {
    'Transcode server': { node_id: 'transcoder', node: 'Transcode server', capacity_kb: '30000' },
    Mac: { node_id: 'localhost', node: 'Mac', capacity_kb: '20000' },
  };

  it('.txt: the bare value', async () => {
    expect(await client().getStepOutputText(ids.step, 'package_id')).toBe('5e0f9336-5e58-46a5-b944-a8253a956041');
    expect(sent[0]?.url).toBe(`${baseUrl}/api/work_step_status/46756.txt?output_name=package_id`);
  });

  it('JSON: the hash output is the object itself', async () => {
    const output = await client('json').getStepOutput(ids.hashStep, 'IndexedTable');
    expect(sent[0]?.url).toBe(`${baseUrl}/api/work_step_status/252158.json?output_name=IndexedTable`);
    expect(output).toEqual({ name: 'IndexedTable', value: TABLE });
  });

  it('XML: the Ruby hash literal decodes to the same object, with name, id and type', async () => {
    const output = await client('xml').getStepOutput(ids.hashStep, 'IndexedTable');
    expect(sent[0]?.url).toBe(`${baseUrl}/api/work_step_status/252158.xml?output_name=IndexedTable`);
    expect(output.name).toBe('IndexedTable');
    expect(output.id).toBe(301979);
    expect(output.type).toBe('hash');
    expect(output.value).toEqual(TABLE);
    expect(output.value).toEqual((await client('json').getStepOutput(ids.hashStep, 'IndexedTable')).value);
  });
});

const DOCUMENTED_ORDER = {
  id: '8461',
  masterId: '8461',
  name: 'tf1 demo duplicate',
  workflowId: '256',
  workflowRevisionId: '5',
  workflowName: 'tf1 demo duplicate',
  priority: 2,
  priorityName: 'normal',
  dedicatedWorker: false,
  status: 'In Progress',
  statusDetails: 'Executing Step: user input (46755)',
  ownership: { initiatedBy: 'admin', runningAs: 'system', launchedBy: 'admin' },
  createdAt: '2014-11-24 16:48:37 UTC',
  initiatedAt: '2014-11-24 16:48:38 UTC',
  updatedAt: '2014-11-24 16:48:40 UTC',
  // The documented step has no status: it is kept, without one.
  steps: [{ id: '46756', name: 'Create faspex package' }],
};

describe('work order status (documented sample, 3.0.1)', () => {
  it('XML (the faithful fixture) and its JSON spelling decode to the same object, every field surfaced', async () => {
    const fromJson = await client('json').getWorkOrder(ids.workOrder);
    const fromXml = await client('xml').getWorkOrder(ids.workOrder);
    expect(sent.map((r) => r.url)).toEqual([
      `${baseUrl}/api/work_order_status/8461.json`,
      `${baseUrl}/api/work_order_status/8461.xml`,
    ]);
    expect(fromXml).toEqual(fromJson);
    const { raw, ...typed } = fromXml;
    expect(typed).toEqual(DOCUMENTED_ORDER);
    expect(raw.time).toBe('2014-11-25 13:11:35 UTC');
    expect(raw.action).toBe('status');
    expect(raw.comments).toBe('');
    const status = await client('xml').getJobStatus({ workOrderId: ids.workOrder });
    expect(status.id).toBe('8461');
    expect(status.state).toBe('running');
    expect(status.done).toBe(false);
    expect(status.vendorStatus).toBe('In Progress');
    expect(status.detail).toBe('Executing Step: user input (46755)');
    expect(status.outputs).toEqual({});
  });

  it('the verbatim page (cut short) is refused with UnexpectedResponseError, not a TypeError', async () => {
    server.use(
      http.get(`${baseUrl}/api/work_order_status/:file`, () =>
        HttpResponse.text(samples.workOrderStatusXml, { headers: { 'content-type': 'application/xml' } }),
      ),
    );
    const error = await client('xml')
      .getWorkOrder(ids.workOrder)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });

  it('a priority as a plain number, one status string and top-level dates are read too', async () => {
    server.use(
      http.get(`${baseUrl}/api/work_order_status/:file`, () =>
        HttpResponse.json({
          work_order: { id: 7, workflow_id: 9, priority: 3, status: 'Complete', created_at: 'c', work_steps: [] },
        }),
      ),
    );
    const { raw: _raw, ...order } = await client().getWorkOrder(7);
    expect(order).toEqual({
      id: '7',
      workflowId: '9',
      priority: 3,
      priorityName: 'high',
      status: 'Complete',
      createdAt: 'c',
      steps: [],
    });
  });
});

describe('starting, cancelling, resetting', () => {
  it('starts a work order with GET initiate; priority names go as 1 (low) … 3 (high), never retried', async () => {
    const order = await client().startWorkOrder(256, {
      parameters: { source_file: '/in/a b.mxf', 'odd&name': 'x=1' },
      priority: 'low',
    });
    await client().startWorkOrder(256, { priority: 'high' });
    await client().startWorkOrder(256, { priority: 2 });
    expect(sent.map((r) => r.url)).toEqual([
      `${baseUrl}/api/initiate/256.json?external_parameters[source_file]=%2Fin%2Fa%20b.mxf&external_parameters[odd%26name]=x%3D1&work_order[priority]=1`,
      `${baseUrl}/api/initiate/256.json?work_order[priority]=3`,
      `${baseUrl}/api/initiate/256.json?work_order[priority]=2`,
    ]);
    expect(order.id).toBe('8462');
    expect(order.status).toBe('Inactive');
    expect(order.statusDetails).toBe('Waiting to start');
    expect(order.priorityName).toBe('normal');
    expect(order.steps).toEqual([]);
  });

  it('starts a work order with the POST form', async () => {
    const order = await client().startWorkOrder('256', { method: 'POST', parameters: { recipient: 'ops@example.com' } });
    const [request] = sent as [Request];
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${baseUrl}/api/initiate?format=json`);
    expect(await request.json()).toEqual({ workflow_id: '256', external_parameters: { recipient: 'ops@example.com' } });
    expect(order.id).toBe('8462');
  });

  it('a JSON error body → a typed error carrying statusDetails and missing_parameters', async () => {
    const error = await client()
      .startWorkOrder(ids.incompleteWorkflow)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe(
      'aspera-orchestrator startWorkOrder failed: HTTP 400 Bad Request: Work order could not be created: missing required parameters; missing parameter: source_file',
    );
    expect(asperaErrorDetails(error)).toEqual({
      statusDetails: 'Work order could not be created: missing required parameters',
      missingParameters: ['source_file'],
    });
    expect(asperaErrorDetails(new Error('plain'))).toBeUndefined();
  });

  it('cancels and resets a work order', async () => {
    const c = client();
    const cancelled = await c.cancelWorkOrder(8461);
    expect(cancelled.status).toBe('Canceling');
    expect(cancelled.statusDetails).toBe('Cancel requested');
    expect(cancelled.updatedAt).toBe('2014-11-24 16:49:10 UTC');
    expect((await c.resetWorkOrder(8461)).status).toBe('In Progress');
    expect(sent.map((r) => new URL(r.url).pathname.replace('/aspera/orchestrator', ''))).toEqual([
      '/api/work_order_cancel/8461.json',
      '/api/work_order_reset/8461.json',
    ]);
  });

  it('cancels a step: the documented answer (3.0.3, id="", two <status>) decodes, the asked id stands in', async () => {
    const { raw, ...step } = await client('xml').cancelWorkStep(46756);
    expect(sent[0]?.url).toBe(`${baseUrl}/api/work_step_cancel/46756.xml`);
    expect(step).toEqual({
      id: '46756',
      name: 'Test input',
      status: 'Canceling',
      statusDetails: 'Awaiting user input at Sun May 17 21:53:17 PDT 2015',
      workflowId: '553',
      action: { type: 'UserInput', id: '20' },
      attempt: 1,
      createdAt: '2015-05-13 15:22:38 UTC',
      initiatedAt: '2015-05-13 15:22:41 UTC',
      updatedAt: '2015-05-18 04:53:20 UTC',
    });
    expect(raw.id).toBe('');
    expect(raw.time).toBe('2015-05-18 04:53:20 UTC');
  });

  it('resets from a step: the documented XML (3.0.2, <WorkStep_Reset>) and the JSON rooted at work_order', async () => {
    const fromXml = await client('xml').resetWorkStep(549781);
    expect(sent[0]?.url).toBe(`${baseUrl}/api/workstep_reset/549781.xml`);
    expect(fromXml.reset).toBe(true);
    expect(fromXml.workOrderId).toBe('69312');
    // The second <work_steps> of the page is cut short before its id: kept in raw only.
    expect(fromXml.steps).toEqual([
      {
        id: '549780',
        name: 'Error Encountered',
        status: 'Inactive',
        statusDetails: "Work-order manually restarted from 'step2' on",
      },
    ]);
    expect((fromXml.raw.work_steps as unknown[]).length).toBe(2);
    const fromJson = await client('json').resetWorkStep(549781);
    expect(fromJson.reset).toBeUndefined();
    expect(fromJson.workOrderId).toBe('8461');
    expect(fromJson.steps).toEqual([{ id: '46756', name: 'Create faspex package' }]);
    server.use(
      http.get(`${baseUrl}/api/workstep_reset/:file`, () =>
        HttpResponse.json({ work_order: { branchedFrom: null, branchedFromOrder: null } }),
      ),
    );
    // The documented JSON, as far as the page shows it: no id, no steps, still an answer.
    const partial = await client('json').resetWorkStep(549781);
    expect(partial).toEqual({ steps: [], raw: { branchedFrom: null, branchedFromOrder: null } });
  });

  it('cancelJob: the work order, or a step by name (looked up, then cancelled by its id)', async () => {
    expect(await client().cancelJob({ workOrderId: 8461 })).toMatchObject({ id: '8461', status: 'Canceling' });
    sent.length = 0;
    expect(await client('xml').cancelJob({ workOrderId: 8461, stepName: ids.stepName })).toMatchObject({
      id: '46756',
      status: 'Canceling',
    });
    expect(sent.map((r) => new URL(r.url).pathname)).toEqual([
      '/aspera/orchestrator/api/work_step_status/work_order.xml',
      '/aspera/orchestrator/api/work_step_cancel/46756.xml',
    ]);
  });

  it('work order outputs: one variable each, typed', async () => {
    const outputs = await client('xml').getWorkOrderOutputs(8461, { stepName: ids.stepName });
    expect(sent[0]?.url).toBe(`${baseUrl}/api/work_order_output/8461.xml?step_name=${STEP}`);
    expect(outputs).toEqual([
      { name: 'package_id', stepName: 'Create faspex package', type: 'string', value: '5e0f9336-5e58-46a5-b944-a8253a956041' },
      { name: 'attempts', stepName: 'Create faspex package', type: 'integer', value: 1 },
    ]);
  });
});

describe('workflows and lists (documented samples and IBM aspera-cli)', () => {
  it('workflow_details: the documented XML and JSON decode to the same shape', async () => {
    const fromXml = await client('xml').getWorkflowDetails(13);
    expect(sent[0]?.url).toBe(`${baseUrl}/api/workflow_details/13.xml`);
    expect(fromXml.id).toBe('13');
    expect(fromXml.name).toBe('test mapping');
    expect(fromXml.statuses).toEqual([
      { status: 'Complete', count: 1, lastActivity: '2012-01-23 19:11:33' },
      { status: 'Failed', count: 1764, lastActivity: '2012-01-25 07:11:15' },
      { status: 'In Progress', count: 2, lastActivity: '2012-01-25 07:11:29' },
      { status: 'Error', count: 1, lastActivity: '2012-01-23 19:05:51' },
    ]);
    const fromJson = await client('json').getWorkflowDetails(13);
    expect(fromJson.id).toBe('13');
    expect(fromJson.name).toBeUndefined();
    expect(fromJson.statuses).toEqual([
      { status: 'Canceled', count: 614, lastActivity: '2016-01-04 23:07:29', workflowName: 'label workflow' },
      { status: 'Complete', count: 493, lastActivity: '2016-01-08 01:08:38', workflowName: 'label workflow' },
      { status: 'Error', count: 198, lastActivity: '2016-01-04 23:04:13', workflowName: 'label workflow' },
      { status: 'Failed', count: 4, lastActivity: '2015-12-22 23:26:40', workflowName: 'label workflow' },
    ]);
  });

  it('workflow_inputs_spec: the documented XML and JSON', async () => {
    const fromXml = await client('xml').getWorkflowInputs(158);
    expect(sent[0]?.url).toBe(`${baseUrl}/api/workflow_inputs_spec/158.xml`);
    expect(fromXml.workflowId).toBe('158');
    expect(fromXml.workflowName).toBe('ADI Ingest');
    expect(fromXml.parameters).toEqual([
      { name: 'md5_check', id: '288', valueType: 'flag', optional: false, value: '' },
      { name: 'filesize_check', id: '290', valueType: 'flag', optional: false, value: '' },
      { name: 'dtd_check', id: '289', valueType: 'flag', optional: false, value: '' },
    ]);
    const fromJson = await client('json').getWorkflowInputs(122);
    expect(fromJson.workflowId).toBe('122');
    expect(fromJson.workflowName).toBe('Sub_Fileprep_action');
    expect(fromJson.parameters).toEqual([
      { name: 'path_to_xml', id: '246', valueType: 'string', optional: true, value: 'undefi' },
      { name: 'asset_path', id: '247', valueType: 'string', optional: true, value: 'undef' },
    ]);
    server.use(http.get(`${baseUrl}/api/workflow_inputs_spec/:file`, () => HttpResponse.json(EMPTY_INPUTS)));
    const none = await client('json').getWorkflowInputs(1);
    expect(none.workflowId).toBe('1');
    expect(none.parameters).toEqual([]);
  });

  it('workflow_outputs_spec: the documented <context> elements (fixture with the closing tag corrected)', async () => {
    const outputs = await client('xml').getWorkflowOutputs(878);
    expect(sent[0]?.url).toBe(`${baseUrl}/api/workflow_outputs_spec/878.xml`);
    expect(outputs.outputs).toEqual([
      { variableName: 'input', stepName: 'Parameter', id: '5513', valueType: 'string' },
      { variableName: 'message', stepName: 'Test FedWF', id: '5512', valueType: 'string' },
    ]);
  });

  it('the verbatim outputs page (wrong closing tag) is an UnexpectedResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/api/workflow_outputs_spec/:file`, () =>
        HttpResponse.text(samples.workflowOutputsSpecXml, { headers: { 'content-type': 'application/xml' } }),
      ),
    );
    expect(
      await client('xml')
        .getWorkflowOutputs(878)
        .catch((e: unknown) => e),
    ).toBeInstanceOf(UnexpectedResponseError);
  });

  it('step status by step id, without an output name (what aspera-cli `workstep status` calls)', async () => {
    const byId = await client('json').getWorkStepStatusById(ids.step);
    expect(sent[0]?.url).toBe(`${baseUrl}/api/work_step_status/46756.json`);
    expect(byId.work_step.id).toBe(46756);
    expect(byId.work_step.status).toBe('Complete');
    expect(await client('xml').getWorkStepStatusById(ids.step)).toEqual(byId);
  });

  it('lists workflows (no /0) and work orders (with max_results), pings', async () => {
    const c = client();
    const workflows = await c.listWorkflows();
    expect(workflows).toHaveLength(1);
    expect(workflows[0]?.id).toBe(256);
    expect(workflows[0]?.name).toBe('Deliver to Faspex');
    expect(workflows[0]?.published_status).toBe('published');
    const orders = await c.listWorkOrders(256);
    expect(orders.map(({ raw: _raw, ...o }) => o)).toEqual([
      { id: '8461', name: 'tf1 demo duplicate', status: 'In Progress', workflowId: '256', createdAt: '2014-11-24 16:48:37 UTC' },
      { id: '8460', name: 'tf1 demo duplicate', status: 'Complete', workflowId: '256', createdAt: '2014-11-24 15:02:11 UTC' },
    ]);
    expect((await c.listWorkOrders(256, { maxResults: 1 })).map((o) => o.id)).toEqual(['8461']);
    expect(await c.ping()).toEqual({
      orchestratorVersion: '4.0.1.75432',
      info: { 'orchestrator-version': '4.0.1.75432' },
    });
    expect(sent.map((r) => r.url.replace(baseUrl, ''))).toEqual([
      '/api/workflows_list.json',
      '/api/work_orders_list/256.json',
      '/api/work_orders_list/256.json?max_results=1',
      '/api/remote_node_ping.json',
    ]);
  });
});

describe('auth modes and errors', () => {
  it('query login + password and login + api_key go in the query string', async () => {
    await client('json', { type: 'query', login: 'admin', password: creds.password }).getWorkOrder(8461);
    await client('json', { type: 'query', login: 'admin', apiKey: creds.apiKey }).getWorkOrder(8461);
    expect(sent[0]?.url).toBe(`${baseUrl}/api/work_order_status/8461.json?login=admin&password=fake-password`);
    expect(sent[1]?.url).toBe(`${baseUrl}/api/work_order_status/8461.json?login=admin&api_key=fake-api-key`);
    expect(sent.every((r) => r.headers.get('authorization') === null)).toBe(true);
  });

  it("401 → AuthenticationError with Rails' message, no secret anywhere", async () => {
    const error = await client('json', { type: 'query', login: 'admin', password: 'wrong-secret' })
      .getWorkOrder(8461)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe(
      'aspera-orchestrator getWorkOrder failed: HTTP 401 Unauthorized: HTTP Basic: Access denied.',
    );
    expect(JSON.stringify(error)).not.toContain('wrong-secret');
  });

  it('404 with a stack trace → NotFoundError whose message is the first line', async () => {
    const error = await client()
      .getWorkOrder(ids.missing)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe(
      "aspera-orchestrator getWorkOrder failed: HTTP 404 Not Found: Couldn't find WorkOrder with id=999999",
    );
    expect((error as NotFoundError).body).toBe(samples.errorNotFoundText);
  });
});

describe('the spec schemas accept the JSON samples and reject a broken one', () => {
  it.each([
    ['/api/work_step_status/work_order.{format}', samples.workStepStatusJson],
    ['/api/work_order_status/{workOrderId}.{format}', samples.workOrderStatus],
    ['/api/initiate/{workflowId}.{format}', samples.initiate],
    ['/api/work_order_cancel/{workOrderId}.{format}', samples.workOrderCancel],
    ['/api/workflows_list.{format}', samples.workflowsList],
    ['/api/workflow_details/{workflowId}.{format}', samples.workflowDetails],
    ['/api/workflow_inputs_spec/{workflowId}.{format}', samples.workflowInputsSpec],
    ['/api/workflow_inputs_spec/{workflowId}.{format}', EMPTY_INPUTS],
    ['/api/work_orders_list/{workflowId}.{format}', samples.workOrdersList],
    ['/api/remote_node_ping.{format}', samples.remoteNodePing],
    ['/api/work_step_status/{stepId}.{outputFormat}', samples.stepOutputHashJson],
  ])('%s', (path, value) => {
    expect(responseProblems(path, value)).toEqual([]);
  });

  it('a step id as text is reported', () => {
    const broken = structuredClone(samples.workStepStatusJson) as { work_step: { id: unknown } };
    broken.work_step.id = '46756';
    const problems = responseProblems('/api/work_step_status/work_order.{format}', broken);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/work_step\/id: must be integer/);
  });
});

/*
 * Live mode: with JOBWIRE_ASPERA_ORCHESTRATOR_URL and credentials set, read-only probes also run
 * against that server. _AUTH is basic (default) or query; _USERNAME with _PASSWORD, or
 * _API_KEY for query auth; _FORMAT json (default) or xml; _WORK_ORDER_ID and _STEP_NAME pick what
 * to read. Bodies the server sends in JSON are checked against the spec's schemas.
 */
const live = {
  url: process.env.JOBWIRE_ASPERA_ORCHESTRATOR_URL,
  auth: process.env.JOBWIRE_ASPERA_ORCHESTRATOR_AUTH ?? 'basic',
  username: process.env.JOBWIRE_ASPERA_ORCHESTRATOR_USERNAME ?? '',
  password: process.env.JOBWIRE_ASPERA_ORCHESTRATOR_PASSWORD,
  apiKey: process.env.JOBWIRE_ASPERA_ORCHESTRATOR_API_KEY,
  format: process.env.JOBWIRE_ASPERA_ORCHESTRATOR_FORMAT === 'xml' ? ('xml' as const) : ('json' as const),
  workOrderId: process.env.JOBWIRE_ASPERA_ORCHESTRATOR_WORK_ORDER_ID,
  stepName: process.env.JOBWIRE_ASPERA_ORCHESTRATOR_STEP_NAME,
};

describe.runIf(live.url && (live.password || live.apiKey))('Aspera Orchestrator conformance (live, read-only)', () => {
  beforeAll(() => server.close());
  const liveAuth = (): AsperaAuth => {
    if (live.auth === 'query') {
      return live.apiKey
        ? { type: 'query', login: live.username, apiKey: live.apiKey }
        : { type: 'query', login: live.username, password: live.password ?? '' };
    }
    return { username: live.username, password: live.password ?? '' };
  };
  const liveClient = () => createAsperaOrchestratorClient({ baseUrl: live.url ?? '', auth: liveAuth() }, { format: live.format });

  it('pings', async () => {
    const ping = await liveClient().ping();
    expect(typeof ping.info).toBe('object');
  });

  it.runIf(live.workOrderId)('reads a work order and normalizes its status', async () => {
    const status = await liveClient().getJobStatus({ workOrderId: live.workOrderId ?? '' });
    expect(status.id).toBe(live.workOrderId);
    expect(typeof status.vendorStatus).toBe('string');
  });

  it.runIf(live.workOrderId && live.stepName)('reads a step; its JSON matches the spec', async () => {
    const c = liveClient();
    const status = await c.getJobStatus({ workOrderId: live.workOrderId ?? '', stepName: live.stepName ?? '' });
    expect(typeof status.vendorStatus).toBe('string');
    if (live.format === 'json') {
      const { data } = await c.api.GET('/api/work_step_status/work_order.{format}', {
        params: { path: { format: 'json' }, query: { work_order_id: live.workOrderId ?? '', step_name: live.stepName ?? '' } },
      });
      expect(responseProblems('/api/work_step_status/work_order.{format}', data)).toEqual([]);
    }
  });
});
