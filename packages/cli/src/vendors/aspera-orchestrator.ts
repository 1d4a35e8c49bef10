import {
  type AsperaAuth,
  type AsperaJobRef,
  type AsperaOrchestratorClient,
  createAsperaOrchestratorClient,
  NotFoundError,
} from '@jobwire/aspera-orchestrator';
import { UsageError } from '../errors.js';
import { missingSettings } from '../settings.js';
import { statusProbe, waitProbe } from './probes.js';
import type { Probe, VendorAdapter } from './types.js';

/** The simulator's (and the documentation's) workflow: `jobwire demo` starts it. */
const DEMO_WORKFLOW = '256';

/** `8461` is a work order; `8461:Create faspex package` one of its steps (ids are numbers, names may hold anything). */
export function parseAsperaRef(id: string): AsperaJobRef {
  const colon = id.indexOf(':');
  if (colon < 0) return { workOrderId: id };
  const stepName = id.slice(colon + 1);
  if (stepName === '') throw new UsageError(`aspera-orchestrator: no step name after ":" in ${JSON.stringify(id)}`);
  return { workOrderId: id.slice(0, colon), stepName };
}

/** The auth mode from the settings (the ways IBM documents): `auth` when given, else what the secrets present imply. */
function authFrom(settings: Readonly<Record<string, string | undefined>>, adapter: VendorAdapter): AsperaAuth {
  const { username, password, apiKey, auth } = settings;
  const mode = auth ?? (apiKey !== undefined ? 'query' : 'basic');
  if (!['basic', 'query'].includes(mode)) {
    throw new UsageError(`aspera-orchestrator: --auth must be basic or query (got ${JSON.stringify(mode)})`);
  }
  if (mode === 'query' && username !== undefined && apiKey !== undefined) return { type: 'query', login: username, apiKey };
  if (username !== undefined && password !== undefined) {
    return mode === 'query' ? { type: 'query', login: username, password } : { username, password };
  }
  throw missingSettings(adapter, ['username', 'password'], ['username', 'apiKey']);
}

/** What `jobwire check aspera-orchestrator` asks the server, in order; the writes make ids for the reads. */
function probes(client: AsperaOrchestratorClient): Probe[] {
  return [
    {
      name: 'credentials, and an unknown work order → 404',
      async run({ signal }) {
        const error = await client.getWorkOrder('999999999', { signal }).catch((e: unknown) => e);
        if (!(error instanceof NotFoundError))
          throw error instanceof Error ? error : new Error('an unknown work order was found');
        return `${error.status}: ${error.message}`;
      },
    },
    {
      name: 'server version (remote_node_ping)',
      async run({ signal }) {
        return (await client.ping({ signal })).orchestratorVersion ?? 'no version given';
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

export const asperaOrchestrator: VendorAdapter<'aspera-orchestrator'> = {
  vendor: 'aspera-orchestrator',
  title: 'IBM Aspera Orchestrator',
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
  connect(settings, tuning) {
    const { url: baseUrl = '', format = 'json' } = settings;
    if (format !== 'json' && format !== 'xml') {
      throw new UsageError(`aspera-orchestrator: --format must be json or xml (got ${JSON.stringify(format)})`);
    }
    const client = createAsperaOrchestratorClient({
      baseUrl,
      auth: authFrom(settings, this),
      format,
      timeoutMs: tuning.timeoutMs,
      fetch: tuning.fetch,
    });
    return {
      getJobStatus: (id, options) => client.getJobStatus(parseAsperaRef(id), options),
      waitForJob: (id, options) => client.waitForJob(parseAsperaRef(id), options),
      async cancelJob(id, options) {
        const result = await client.cancelJob(parseAsperaRef(id), options);
        return 'steps' in result ? `work order ${result.id}: ${result.status}` : `step ${result.id}: ${result.status}`;
      },
      async startDemoJob(options) {
        return (await client.startWorkOrder(DEMO_WORKFLOW, { parameters: { source_file: '/demo/in.mxf' } }, options)).id;
      },
      probes: probes(client),
    };
  },
  // The simulator runs workflows 256 and 257; its credentials work with Basic (the default).
  simulatorSettings: (simulator) => ({
    url: simulator.url,
    username: simulator.credentials.username,
    password: simulator.credentials.password,
    workflowId: DEMO_WORKFLOW,
  }),
};
