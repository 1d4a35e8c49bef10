import {
  type CallOptions,
  type ClientOptions,
  createRedactor,
  type JobSource,
  type JobStatus,
  type WaitOptions,
  waitForJob,
} from '@jobwire/core';
import {
  clientTransportOptions,
  createHttpTransport,
  lazyModule,
  type OperationOptions,
  pathSegment,
  requestUrl,
  urlCache,
} from '@jobwire/core/internal';
import createClient, { type Client } from 'openapi-fetch';
import { type AsperaAuth, authenticatorFor, secretsOf, withAuthQuery, withQueryAuth } from './auth.js';
import { type DecodeContext, decodeBareText, decodeWorkOrder, decodeWorkStepStatus, JSON_WIRE, type Wire } from './decode.js';
import { mapAsperaError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { loadXml } from './load-xml.js';
import { workOrderJobStatus, workStepJobStatus } from './status.js';
import type {
  AsperaFormat,
  AsperaJobRef,
  PingResult,
  PriorityName,
  StartWorkOrderOptions,
  StepOutput,
  WorkflowDetails,
  WorkflowInputs,
  WorkflowOutputs,
  WorkflowSummary,
  WorkOrder,
  WorkOrderOutput,
  WorkOrderSummary,
  WorkStepChange,
  WorkStepReset,
  WorkStepStatus,
} from './types.js';
import { VERSION } from './version.js';

/** The decoders a status poll never needs, imported on the first call that does (see decode-more.ts). */
const loadDecoders = lazyModule(() => import('./decode-more.js'));

/** Where the Orchestrator is and how to log in: the first argument of `createAsperaOrchestratorClient`. */
export interface AsperaOrchestratorConnection {
  /** The Orchestrator root, e.g. `https://HOST/aspera/orchestrator` (a trailing slash is dropped). */
  baseUrl: string;
  /** How to authenticate: HTTP Basic (`{ username, password }`) or query (`login` + password or API key). */
  auth: AsperaAuth;
}

/**
 * Options of `createAsperaOrchestratorClient`: core's `ClientOptions` (fetch, timeouts, retries,
 * logger, limits, redirects, User-Agent) and the wire format. The writes `retryWrites` covers are
 * start, cancel and reset — GET requests on this product. The stream timeouts are unused (no downloads).
 */
export interface AsperaOrchestratorClientOptions extends ClientOptions {
  /** The wire format (default JSON). Both decode to the same objects. */
  format?: AsperaFormat;
}

/**
 * The one-object form of 0.1: the connection and options in one object (with at least one option;
 * `{ baseUrl, auth }` alone is the connection).
 * @deprecated Pass the connection and the options apart: `createAsperaOrchestratorClient({ baseUrl, auth }, { format, … })`.
 */
export type AsperaOrchestratorClientConfig = AsperaOrchestratorConnection &
  AsperaOrchestratorClientOptions &
  // At least one option present: only then is a call the deprecated form. The overload that takes
  // it comes first so that its options give inline functions (`fetch: (request) => …`) their types.
  {
    [K in keyof AsperaOrchestratorClientOptions]-?: Record<K, AsperaOrchestratorClientOptions[K]>;
  }[keyof AsperaOrchestratorClientOptions];

/** A work order or one of its steps: the reference `getJobStatus`, `waitForJob` and `cancelJob` take. */
export type AsperaJobStatus = JobStatus<WorkOrder | WorkStepStatus>;

/** The IBM Aspera Orchestrator client: start, read, wait for, cancel and reset work orders and work steps. Made by `createAsperaOrchestratorClient`. */
export interface AsperaOrchestratorClient extends JobSource<AsperaJobRef | string> {
  /** The vendor this talks to or came from. */
  readonly vendor: 'aspera-orchestrator';
  /** The generated openapi-fetch client, authenticated, with typed errors and retries. */
  readonly api: Client<paths>;
  /** The wire format the client asks for (`json` or `xml`). */
  readonly format: AsperaFormat;
  /** GET work_step_status/work_order.{fmt}?work_order_id=&step_name=. */
  getWorkStepStatus(workOrderId: string | number, stepName: string, options?: CallOptions): Promise<WorkStepStatus>;
  /** The same with `status_only=true`: the bare status text, e.g. "Complete". */
  getWorkStepStatusText(workOrderId: string | number, stepName: string, options?: CallOptions): Promise<string>;
  /** GET work_step_status/{stepId}.{fmt}: a step's status by its own id (no output name), as IBM's aspera-cli reads it. */
  getWorkStepStatusById(stepId: string | number, options?: CallOptions): Promise<WorkStepStatus>;
  /** GET work_step_status/{stepId}.{fmt}?output_name=: one output, decoded (a `hash` is an object). */
  getStepOutput(stepId: string | number, outputName: string, options?: CallOptions): Promise<StepOutput>;
  /** GET work_step_status/{stepId}.txt?output_name=: the bare value. */
  getStepOutputText(stepId: string | number, outputName: string, options?: CallOptions): Promise<string>;
  /** GET work_order_status/{id}.{fmt}. */
  getWorkOrder(workOrderId: string | number, options?: CallOptions): Promise<WorkOrder>;
  /** Starts a work order of a workflow: GET initiate/{workflowId}, or POST initiate (IBM 3.0.1 documents it; its body shape is a guess). Never retried. */
  startWorkOrder(workflowId: string | number, start?: StartWorkOrderOptions, options?: CallOptions): Promise<WorkOrder>;
  /** GET work_order_cancel/{id}: the work order goes Canceling → Canceled. */
  cancelWorkOrder(workOrderId: string | number, options?: CallOptions): Promise<WorkOrder>;
  /** GET work_order_reset/{id}: restarts the work order. */
  resetWorkOrder(workOrderId: string | number, options?: CallOptions): Promise<WorkOrder>;
  /** GET work_step_cancel/{stepId}: the step with its status (`Canceling`) and timestamps. */
  cancelWorkStep(stepId: string | number, options?: CallOptions): Promise<WorkStepChange>;
  /** GET workstep_reset/{stepId} (the route has no underscore): restarts the work order from that step. */
  resetWorkStep(stepId: string | number, options?: CallOptions): Promise<WorkStepReset>;
  /** GET work_order_output/{id}.{fmt}, optionally narrowed to one step and/or variable. */
  getWorkOrderOutputs(
    workOrderId: string | number,
    filter?: { stepName?: string; variableName?: string },
    options?: CallOptions,
  ): Promise<WorkOrderOutput[]>;
  /** GET workflows_list.{fmt}. */
  listWorkflows(options?: CallOptions): Promise<WorkflowSummary[]>;
  /** GET `work_orders_list/{workflowId}.{fmt}[?max_results=]`: the work orders of a workflow. */
  listWorkOrders(
    workflowId: string | number,
    filter?: { maxResults?: number },
    options?: CallOptions,
  ): Promise<WorkOrderSummary[]>;
  /** GET workflow_details/{workflowId}.{fmt}: how many work orders are in each status. */
  getWorkflowDetails(workflowId: string | number, options?: CallOptions): Promise<WorkflowDetails>;
  /** GET workflow_inputs_spec/{workflowId}.{fmt}: the run-time parameters a work order takes. */
  getWorkflowInputs(workflowId: string | number, options?: CallOptions): Promise<WorkflowInputs>;
  /** GET workflow_outputs_spec/{workflowId}.{fmt}: the outputs a work order will have. */
  getWorkflowOutputs(workflowId: string | number, options?: CallOptions): Promise<WorkflowOutputs>;
  /** GET remote_node_ping.{fmt}: the server's version. */
  ping(options?: CallOptions): Promise<PingResult>;
  /** A work order's status (`{ workOrderId }`), or one step's (`{ workOrderId, stepName }`). A string is a work order id. */
  getJobStatus(ref: AsperaJobRef | string, options?: CallOptions): Promise<AsperaJobStatus>;
  /** Cancels the work order, or (with `stepName`) that step. */
  cancelJob(ref: AsperaJobRef | string, options?: CallOptions): Promise<WorkOrder | WorkStepChange>;
  /** Polls until the work order (or step) is done and resolves with its final status, whatever it is. */
  waitForJob(ref: AsperaJobRef | string, options?: WaitOptions): Promise<AsperaJobStatus>;
}

/** Encodes every key and value (`external_parameters[my param]` included) and drops absent values. */
function querySerializer(query: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    parts.push(`${name}=${encodeURIComponent(String(value))}`);
  };
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) add(`${encodeURIComponent(name)}[${encodeURIComponent(key)}]`, item);
    } else {
      add(encodeURIComponent(name), value);
    }
  }
  return parts.join('&');
}

const id = (value: string | number, name: string) => pathSegment(String(value), name);
const refOf = (ref: AsperaJobRef | string): AsperaJobRef => (typeof ref === 'string' ? { workOrderId: ref } : ref);
const PRIORITIES: Record<PriorityName, number> = { low: 1, normal: 2, high: 3 };
/** `work_order[priority]` is documented as an integer from 1 (low) to 3 (high); names map onto it. */
const priorityNumber = (priority: StartWorkOrderOptions['priority']) =>
  typeof priority === 'string' ? PRIORITIES[priority] : priority;

/**
 * The one-object form of 0.1: connection and options together.
 * @deprecated Pass the connection and the options apart: `createAsperaOrchestratorClient({ baseUrl, auth }, { format, … })`.
 */
export function createAsperaOrchestratorClient(options: AsperaOrchestratorClientConfig): AsperaOrchestratorClient;
/**
 * A client for IBM Aspera Orchestrator work orders and work steps, over JSON or XML.
 *
 * ```ts
 * const orchestrator = createAsperaOrchestratorClient(
 *   { baseUrl: 'https://ao.example.com/aspera/orchestrator', auth: { username, password } },
 *   { format: 'xml' },
 * );
 * const order = await orchestrator.startWorkOrder(256, { parameters: { source_file: '/in/a.mxf' } });
 * const final = await orchestrator.waitForJob({ workOrderId: order.id });
 * ```
 */
export function createAsperaOrchestratorClient(
  connection: AsperaOrchestratorConnection,
  options?: AsperaOrchestratorClientOptions,
): AsperaOrchestratorClient;
export function createAsperaOrchestratorClient(
  connection: AsperaOrchestratorConnection & AsperaOrchestratorClientOptions,
  clientOptions?: AsperaOrchestratorClientOptions,
): AsperaOrchestratorClient {
  // Without a second argument the options (if any) are in the first: the deprecated one-object form.
  const options: AsperaOrchestratorClientOptions = clientOptions ?? connection;
  const { auth } = connection;
  const format: AsperaFormat = options.format ?? 'json';
  const redactor = createRedactor(secretsOf(auth));
  const transport = createHttpTransport({
    ...clientTransportOptions(options),
    vendor: 'aspera-orchestrator',
    version: VERSION,
    redactor,
    mapError: mapAsperaError,
    authenticator: authenticatorFor(auth, redactor),
  });
  const baseUrl = connection.baseUrl.replace(/\/+$/, '');
  const api = createClient<paths>({ baseUrl, fetch: withQueryAuth(auth, transport.fetch), querySerializer });
  /** Reads are retried by the transport's policy; `write` marks the GETs that change things. */
  const op = (operation: string, extra: Omit<OperationOptions, 'operation'> = {}) =>
    withQueryAuth(auth, transport.forOperation({ operation, body: 'text', ...extra }));
  const write = (operation: string) => op(operation, { idempotent: false });
  const context = (operation: string): DecodeContext => ({ vendor: 'aspera-orchestrator', operation, redact: redactor.text });
  const text = (data: unknown) => (typeof data === 'string' ? data : '');
  /** How bodies are decoded: JSON at once; XML with `@jobwire/xml`, imported on the first XML body (only then). */
  const wire = (): Wire | Promise<Wire> =>
    format === 'xml' ? loadXml().then((xml): Wire => ({ format: 'xml', xml })) : JSON_WIRE;

  // The reads waitForJob polls (work order and step status) go straight through the transport,
  // not openapi-fetch (~10 % per call on loopback, bench/README.md): same request, errors, retries.
  const statusRead = async (url: string, operation: string, signal: AbortSignal | undefined, jobId: string): Promise<string> => {
    const { body } = await transport.request({ url }, { operation, body: 'text', jobId, signal });
    return text(body);
  };
  const workOrderUrl = urlCache((workOrderId) =>
    withAuthQuery(auth, requestUrl<paths>(baseUrl, '/api/work_order_status/{workOrderId}.{format}', { workOrderId, format })),
  );

  // Errors and log lines name the method called: `getJobStatus` when it reads a work order, `cancelJob`
  // when it cancels one; hence the operation argument of these helpers.
  const readWorkStepStatus = async (
    workOrderId: string | number,
    stepName: string,
    signal: AbortSignal | undefined,
    operation: string,
  ): Promise<WorkStepStatus> => {
    const path = '/api/work_step_status/work_order.{format}';
    const query = { work_order_id: String(workOrderId), step_name: stepName };
    const url = withAuthQuery(auth, requestUrl<paths>(baseUrl, path, { format }, query));
    return decodeWorkStepStatus(await statusRead(url, operation, signal, String(workOrderId)), await wire(), context(operation));
  };

  const readWorkOrder = async (workOrderId: string | number, signal: AbortSignal | undefined, operation: string) => {
    const url = workOrderUrl(String(workOrderId));
    return decodeWorkOrder(await statusRead(url, operation, signal, String(workOrderId)), await wire(), context(operation));
  };

  const cancelStep = async (stepId: string | number, signal: AbortSignal | undefined, operation: string) => {
    const { data } = await api.GET('/api/work_step_cancel/{stepId}.{format}', {
      params: { path: { stepId: id(stepId, 'stepId'), format } },
      fetch: write(operation),
      parseAs: 'text',
      signal,
    });
    return (await loadDecoders()).decodeWorkStepChange(text(data), await wire(), String(stepId), context(operation));
  };

  const changeWorkOrder = async (
    change: 'cancelWorkOrder' | 'resetWorkOrder',
    workOrderId: string | number,
    signal: AbortSignal | undefined,
    operation: string = change,
  ) => {
    const path =
      change === 'cancelWorkOrder'
        ? '/api/work_order_cancel/{workOrderId}.{format}'
        : '/api/work_order_reset/{workOrderId}.{format}';
    const { data } = await api.GET(path, {
      params: { path: { workOrderId: id(workOrderId, 'workOrderId'), format } },
      fetch: op(operation, { idempotent: false, jobId: String(workOrderId) }),
      parseAs: 'text',
      signal,
    });
    return decodeWorkOrder(text(data), await wire(), context(operation));
  };

  const client: AsperaOrchestratorClient = {
    vendor: 'aspera-orchestrator',
    api,
    format,
    getWorkStepStatus: (workOrderId, stepName, { signal } = {}) =>
      readWorkStepStatus(workOrderId, stepName, signal, 'getWorkStepStatus'),
    async getWorkStepStatusText(workOrderId, stepName, { signal } = {}) {
      const { data } = await api.GET('/api/work_step_status/work_order.{format}', {
        params: { path: { format }, query: { work_order_id: String(workOrderId), step_name: stepName, status_only: true } },
        fetch: op('getWorkStepStatusText'),
        parseAs: 'text',
        signal,
      });
      return decodeBareText(text(data), context('getWorkStepStatusText'));
    },
    async getWorkStepStatusById(stepId, { signal } = {}) {
      const { data } = await api.GET('/api/work_step_status/{stepId}.{outputFormat}', {
        params: { path: { stepId: id(stepId, 'stepId'), outputFormat: format } },
        fetch: op('getWorkStepStatusById'),
        parseAs: 'text',
        signal,
      });
      return decodeWorkStepStatus(text(data), await wire(), context('getWorkStepStatusById'));
    },
    async getStepOutput(stepId, outputName, { signal } = {}) {
      const { data } = await api.GET('/api/work_step_status/{stepId}.{outputFormat}', {
        params: { path: { stepId: id(stepId, 'stepId'), outputFormat: format }, query: { output_name: outputName } },
        fetch: op('getStepOutput'),
        parseAs: 'text',
        signal,
      });
      return (await loadDecoders()).decodeStepOutput(text(data), await wire(), outputName, context('getStepOutput'));
    },
    async getStepOutputText(stepId, outputName, { signal } = {}) {
      const { data } = await api.GET('/api/work_step_status/{stepId}.{outputFormat}', {
        params: { path: { stepId: id(stepId, 'stepId'), outputFormat: 'txt' }, query: { output_name: outputName } },
        fetch: op('getStepOutputText'),
        parseAs: 'text',
        signal,
      });
      // A text output is the value itself (an empty value is an empty string, not an error); a
      // final line break is the response's, not the value's.
      return text(data).replace(/\r?\n$/, '');
    },
    getWorkOrder: (workOrderId, { signal } = {}) => readWorkOrder(workOrderId, signal, 'getWorkOrder'),
    async startWorkOrder(workflowId, start = {}, { signal } = {}) {
      const workflow = id(workflowId, 'workflowId');
      const parameters = Object.fromEntries(Object.entries(start.parameters ?? {}).map(([k, v]) => [k, String(v)]));
      const settings = { name: start.name, priority: priorityNumber(start.priority) };
      if (start.method === 'POST') {
        const { data } = await api.POST('/api/initiate', {
          params: { query: { format, work_order: settings } },
          body: { workflow_id: workflow, external_parameters: parameters },
          fetch: write('startWorkOrder'),
          parseAs: 'text',
          signal,
        });
        return decodeWorkOrder(text(data), await wire(), context('startWorkOrder'));
      }
      const { data } = await api.GET('/api/initiate/{workflowId}.{format}', {
        params: { path: { workflowId: workflow, format }, query: { external_parameters: parameters, work_order: settings } },
        fetch: write('startWorkOrder'),
        parseAs: 'text',
        signal,
      });
      return decodeWorkOrder(text(data), await wire(), context('startWorkOrder'));
    },
    cancelWorkOrder: (workOrderId, { signal } = {}) => changeWorkOrder('cancelWorkOrder', workOrderId, signal),
    resetWorkOrder: (workOrderId, { signal } = {}) => changeWorkOrder('resetWorkOrder', workOrderId, signal),
    cancelWorkStep: (stepId, { signal } = {}) => cancelStep(stepId, signal, 'cancelWorkStep'),
    async resetWorkStep(stepId, { signal } = {}) {
      const { data } = await api.GET('/api/workstep_reset/{stepId}.{format}', {
        params: { path: { stepId: id(stepId, 'stepId'), format } },
        fetch: write('resetWorkStep'),
        parseAs: 'text',
        signal,
      });
      return (await loadDecoders()).decodeWorkStepReset(text(data), await wire(), context('resetWorkStep'));
    },
    async getWorkOrderOutputs(workOrderId, filter = {}, { signal } = {}) {
      const { data } = await api.GET('/api/work_order_output/{workOrderId}.{format}', {
        params: {
          path: { workOrderId: id(workOrderId, 'workOrderId'), format },
          query: { step_name: filter.stepName, variable_name: filter.variableName },
        },
        fetch: op('getWorkOrderOutputs'),
        parseAs: 'text',
        signal,
      });
      return (await loadDecoders()).decodeWorkOrderOutputs(text(data), await wire(), context('getWorkOrderOutputs'));
    },
    async listWorkflows({ signal } = {}) {
      const { data } = await api.GET('/api/workflows_list.{format}', {
        params: { path: { format } },
        fetch: op('listWorkflows'),
        parseAs: 'text',
        signal,
      });
      return (await loadDecoders()).decodeWorkflows(text(data), await wire(), context('listWorkflows'));
    },
    async listWorkOrders(workflowId, filter = {}, { signal } = {}) {
      const { data } = await api.GET('/api/work_orders_list/{workflowId}.{format}', {
        params: { path: { workflowId: id(workflowId, 'workflowId'), format }, query: { max_results: filter.maxResults } },
        fetch: op('listWorkOrders'),
        parseAs: 'text',
        signal,
      });
      return (await loadDecoders()).decodeWorkOrders(text(data), await wire(), context('listWorkOrders'));
    },
    async getWorkflowDetails(workflowId, { signal } = {}) {
      const { data } = await api.GET('/api/workflow_details/{workflowId}.{format}', {
        params: { path: { workflowId: id(workflowId, 'workflowId'), format } },
        fetch: op('getWorkflowDetails'),
        parseAs: 'text',
        signal,
      });
      return (await loadDecoders()).decodeWorkflowDetails(text(data), await wire(), context('getWorkflowDetails'));
    },
    async getWorkflowInputs(workflowId, { signal } = {}) {
      const { data } = await api.GET('/api/workflow_inputs_spec/{workflowId}.{format}', {
        params: { path: { workflowId: id(workflowId, 'workflowId'), format } },
        fetch: op('getWorkflowInputs'),
        parseAs: 'text',
        signal,
      });
      return (await loadDecoders()).decodeWorkflowInputs(text(data), await wire(), context('getWorkflowInputs'));
    },
    async getWorkflowOutputs(workflowId, { signal } = {}) {
      const { data } = await api.GET('/api/workflow_outputs_spec/{workflowId}.{format}', {
        params: { path: { workflowId: id(workflowId, 'workflowId'), format } },
        fetch: op('getWorkflowOutputs'),
        parseAs: 'text',
        signal,
      });
      return (await loadDecoders()).decodeWorkflowOutputs(text(data), await wire(), context('getWorkflowOutputs'));
    },
    async ping({ signal } = {}) {
      const { data } = await api.GET('/api/remote_node_ping.{format}', {
        params: { path: { format } },
        fetch: op('ping'),
        parseAs: 'text',
        signal,
      });
      return (await loadDecoders()).decodePing(text(data), await wire(), context('ping'));
    },
    async getJobStatus(ref, { signal } = {}) {
      const { workOrderId, stepName } = refOf(ref);
      if (stepName === undefined) return workOrderJobStatus(await readWorkOrder(workOrderId, signal, 'getJobStatus'));
      return workStepJobStatus(await readWorkStepStatus(workOrderId, stepName, signal, 'getJobStatus'));
    },
    async cancelJob(ref, { signal } = {}) {
      const { workOrderId, stepName } = refOf(ref);
      if (stepName === undefined) return changeWorkOrder('cancelWorkOrder', workOrderId, signal, 'cancelJob');
      // Steps are cancelled by their own id, which the step status gives.
      const step = await readWorkStepStatus(workOrderId, stepName, signal, 'cancelJob');
      return cancelStep(step.work_step.id, signal, 'cancelJob');
    },
    waitForJob(ref, waitOptions) {
      return waitForJob(client, ref, waitOptions, options.instrumentation) as Promise<AsperaJobStatus>;
    },
  };
  return client;
}
