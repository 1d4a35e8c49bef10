// `@jobwire/aspera-orchestrator/definition`: what the tools (CLI, demo, benchmarks, browser and
// install checks, the contract suite) need to know about IBM Aspera Orchestrator. Browser-safe:
// the simulator (Node only) is imported only when `simulator()` is called.
import type { CallOptions, ClientOptions } from '@jobwire/core';
import {
  MissingSettingsError,
  type Probe,
  refusalProbe,
  type Settings,
  type StartInput,
  startScalars,
  startText,
  statusProbe,
  type VendorDefinition,
  waitProbe,
} from '@jobwire/core/definition';
import type { AsperaAuth } from './auth.js';
import { type AsperaOrchestratorClient, createAsperaOrchestratorClient } from './client.js';
import type { AsperaJobRef, AsperaPriority } from './types.js';

const VENDOR = 'aspera-orchestrator';

/** The simulator's workflow (and the documentation's): what the demo starts. */
const DEMO_WORKFLOW = '256';

/** `8461` is a work order; `8461:Create faspex package` one of its steps (ids are numbers, names may hold anything). */
function parseRef(id: string): AsperaJobRef {
  const colon = id.indexOf(':');
  if (colon < 0) return { workOrderId: id };
  const stepName = id.slice(colon + 1);
  if (stepName === '') throw new RangeError(`${VENDOR}: no step name after ":" in ${JSON.stringify(id)}`);
  return { workOrderId: id.slice(0, colon), stepName };
}

/** The auth mode from the settings (the ways IBM documents): `auth` when given, else what the secrets present imply. */
function authFrom(settings: Settings): AsperaAuth {
  const { username, password, apiKey, auth } = settings;
  const mode = auth ?? (apiKey !== undefined ? 'query' : 'basic');
  if (mode !== 'basic' && mode !== 'query') {
    throw new RangeError(`${VENDOR}: auth must be basic or query (got ${JSON.stringify(mode)})`);
  }
  if (mode === 'query' && username !== undefined && apiKey !== undefined) return { type: 'query', login: username, apiKey };
  if (username !== undefined && password !== undefined) {
    return mode === 'query' ? { type: 'query', login: username, password } : { username, password };
  }
  throw new MissingSettingsError(VENDOR, [
    ['username', 'password'],
    ['username', 'apiKey'],
  ]);
}

/** `priority` of a start: 1–3 (number or digit) or `low` / `normal` / `high`; absent when not given. */
function startPriority(input: StartInput): AsperaPriority | undefined {
  const value = input.priority;
  if (value === undefined) return undefined;
  if (value === 1 || value === 2 || value === 3) return value;
  if (value === '1' || value === '2' || value === '3') return Number(value) as AsperaPriority;
  if (value === 'low' || value === 'normal' || value === 'high') return value;
  throw new RangeError(`the start's priority must be 1, 2, 3, low, normal or high, got ${JSON.stringify(value)}`);
}

/** `parameters` of a start: external parameters are text on the wire, so only scalars are taken. */
function startParameters(input: StartInput): Record<string, string | number | boolean> {
  return startScalars(input, 'parameters', 'parameter');
}

/** What `jobwire check aspera-orchestrator` asks the server, in order; the writes make ids for the reads. */
function probes(client: AsperaOrchestratorClient): Probe[] {
  return [
    refusalProbe('credentials, and an unknown work order → 404', (signal) => client.getWorkOrder('999999999', { signal })),
    {
      name: 'server version (remote_node_ping)',
      async run(context) {
        const version = (await client.ping({ signal: context.signal })).orchestratorVersion;
        context.productVersion = version;
        return version ?? 'no version given';
      },
    },
    {
      name: 'workflows',
      async run({ signal }) {
        return `${(await client.listWorkflows({ signal })).length} workflows`;
      },
    },
    {
      name: 'start a work order',
      write: true,
      async run(context) {
        const order = await client.startWorkOrder(context.need('workflowId'), {}, { signal: context.signal });
        context.ids.workOrderId = order.id;
        context.ids.stepName ??= order.steps.at(-1)?.name;
        return `work order ${order.id} ${order.status}`;
      },
    },
    statusProbe('work order status', 'workOrderId', (workOrderId, options) => client.getJobStatus({ workOrderId }, options)),
    {
      name: 'step status',
      async run({ need, signal }) {
        const status = await client.getJobStatus({ workOrderId: need('workOrderId'), stepName: need('stepName') }, { signal });
        return `step ${status.id}: ${status.state} (${status.vendorStatus}), ${Object.keys(status.outputs).length} outputs`;
      },
    },
    {
      name: "workflow's work orders",
      async run({ need, signal }) {
        return `${(await client.listWorkOrders(need('workflowId'), { maxResults: 10 }, { signal })).length} work orders`;
      },
    },
    {
      name: "workflow's inputs and status counts",
      async run({ need, signal }) {
        const inputs = await client.getWorkflowInputs(need('workflowId'), { signal });
        const details = await client.getWorkflowDetails(need('workflowId'), { signal });
        return `${inputs.parameters.length} inputs, ${details.statuses.length} statuses`;
      },
    },
    waitProbe('wait for the work order', 'workOrderId', (workOrderId, options) => client.waitForJob({ workOrderId }, options)),
    {
      name: 'start and cancel a second work order',
      write: true,
      async run({ need, signal }) {
        const order = await client.startWorkOrder(need('workflowId'), {}, { signal });
        const cancelled = await client.cancelWorkOrder(order.id, { signal });
        return `work order ${cancelled.id}: ${cancelled.status}`;
      },
    },
  ];
}

/** IBM Aspera Orchestrator, for the tools: settings, connection, job starts, probes and simulator. */
export const definition: VendorDefinition = {
  id: VENDOR,
  title: 'IBM Aspera Orchestrator',
  protocol: 'rest',
  idHelp: 'a work order id, e.g. 8461, or one of its steps as ID:STEP NAME, e.g. "8461:Create faspex package"',
  openapi: '@jobwire/aspera-orchestrator/openapi.json',
  settings: [
    { key: 'username', description: 'Orchestrator user name (the query-string `login` for query auth)' },
    { key: 'password', description: 'password of that user', secret: true },
    { key: 'apiKey', description: "the user's API key, for query auth (login + api_key)", secret: true },
    { key: 'auth', description: 'basic (default) or query (login with password or api_key in the query string)' },
    { key: 'format', description: 'json (default) or xml on the wire' },
    { key: 'workOrderId', description: 'a work order to read', checkOnly: true },
    { key: 'stepName', description: 'a step of that work order to read', checkOnly: true },
    { key: 'workflowId', description: 'a workflow to list (and, with writes, to start)', checkOnly: true },
  ],
  capabilities: { cancel: true, browser: true },
  start: {
    what: 'a work order',
    fields: [
      { key: 'workflowId', description: 'the workflow to run (its numeric id)', required: true },
      {
        key: 'parameters',
        description: 'the workflow inputs (external_parameters), e.g. {"source_file":"/in/a.mxf"}',
        json: true,
      },
      { key: 'priority', description: 'work order priority: 1 (low), 2 (normal) or 3 (high), or low / normal / high' },
    ],
    demo: { workflowId: DEMO_WORKFLOW, parameters: { source_file: '/demo/in.mxf' } },
  },
  connect(settings: Settings, options: ClientOptions = {}) {
    const { url, format = 'json' } = settings;
    if (!url) throw new MissingSettingsError(VENDOR, [['url']]);
    if (format !== 'json' && format !== 'xml') {
      throw new RangeError(`${VENDOR}: format must be json or xml (got ${JSON.stringify(format)})`);
    }
    const client = createAsperaOrchestratorClient({ baseUrl: url, auth: authFrom(settings) }, { ...options, format });
    return {
      client,
      // Async, so that an id that cannot be parsed rejects like every other failure.
      getJobStatus: async (id: string, callOptions?: CallOptions) => client.getJobStatus(parseRef(id), callOptions),
      waitForJob: async (id, waitOptions) => client.waitForJob(parseRef(id), waitOptions),
      async cancelJob(id: string, callOptions?: CallOptions) {
        const result = await client.cancelJob(parseRef(id), callOptions);
        return 'steps' in result ? `work order ${result.id}: ${result.status}` : `step ${result.id}: ${result.status}`;
      },
      async startJob(input: StartInput, callOptions?: CallOptions) {
        const workflowId = startText(input, 'workflowId');
        const start = { parameters: startParameters(input), priority: startPriority(input) };
        return (await client.startWorkOrder(workflowId, start, callOptions)).id;
      },
      probes: probes(client),
    };
  },
  simulator: () =>
    import('./simulator.js').then(({ startAsperaOrchestratorSimulator }) => ({
      start: startAsperaOrchestratorSimulator,
      // Basic (the client's default) with the simulator's user; workflow 256 is one it runs.
      settings: (simulator) => ({
        url: simulator.url,
        username: simulator.credentials.username,
        password: simulator.credentials.password,
        workflowId: DEMO_WORKFLOW,
      }),
    })),
};

export default definition;
