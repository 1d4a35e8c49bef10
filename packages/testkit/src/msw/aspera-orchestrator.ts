// The samples served here are the files of specs/aspera-orchestrator/samples/ (outside this package),
// imported: the build inlines them into the testkit's dist (JSON, and the XML/text ones through
// ./aspera-orchestrator-samples.ts), so the published testkit reads no file.
import type { RequestHandler } from 'msw';
import errorMissingParameters from '../../../../specs/aspera-orchestrator/samples/error-missing-parameters.json' with {
  type: 'json',
};
import initiate from '../../../../specs/aspera-orchestrator/samples/initiate.json' with { type: 'json' };
import remoteNodePing from '../../../../specs/aspera-orchestrator/samples/remote-node-ping.json' with { type: 'json' };
import stepOutputHashJson from '../../../../specs/aspera-orchestrator/samples/step-output-hash.json' with { type: 'json' };
import workOrderCancel from '../../../../specs/aspera-orchestrator/samples/work-order-cancel.json' with { type: 'json' };
import workOrderStatus from '../../../../specs/aspera-orchestrator/samples/work-order-status.json' with { type: 'json' };
import workOrdersList from '../../../../specs/aspera-orchestrator/samples/work-orders-list.json' with { type: 'json' };
import workStepStatusJson from '../../../../specs/aspera-orchestrator/samples/work-step-status.json' with { type: 'json' };
import workflowDetails from '../../../../specs/aspera-orchestrator/samples/workflow-details.fixture.json' with { type: 'json' };
import workflowInputsSpec from '../../../../specs/aspera-orchestrator/samples/workflow-inputs-spec.json' with { type: 'json' };
import workflowsList from '../../../../specs/aspera-orchestrator/samples/workflows-list.json' with { type: 'json' };
import { asperaOrchestratorTextSamples as text } from './aspera-orchestrator-samples.js';
import { HttpResponse, http } from './msw-runtime.js';

export { asperaOrchestratorTextSamples } from './aspera-orchestrator-samples.js';

/** The documented Aspera Orchestrator samples (and fixtures), as served by `asperaOrchestratorHandlers`. */
export const asperaOrchestratorSamples = {
  ...text,
  workStepStatusJson,
  stepOutputHashJson,
  workOrderStatus,
  initiate,
  workOrderCancel,
  workflowsList,
  workOrdersList,
  remoteNodePing,
  workflowDetails,
  workflowInputsSpec,
  errorMissingParameters,
} as const;

/** Ids and names that choose which documented answer a request gets. */
export const asperaOrchestratorIds = {
  /** The work order of the documented samples. */
  workOrder: '8461',
  /** The step of the documented samples. */
  stepName: 'Create faspex package',
  /** Its step id: `.txt` gives the `package_id` output. */
  step: '46756',
  /** The step whose `IndexedTable` output is the documented `hash` sample. */
  hashStep: '252158',
  workflow: '256',
  /** Starting a work order of this workflow → 400 with the JSON error body (missing parameters). */
  incompleteWorkflow: '257',
  /** The documented workflow_details, inputs and outputs samples answer for any other workflow id. */
  /** Every route → 404 with a message and a stack trace. */
  missing: '999999',
} as const;

/** Credentials the handlers accept, for each auth mode. */
export const asperaOrchestratorCredentials = {
  username: 'admin',
  password: 'fake-password',
  apiKey: 'fake-api-key',
} as const;

/** Options of the Aspera Orchestrator msw handlers. */
export interface AsperaOrchestratorHandlerOptions {
  /** The root the client is given (default `http://aspera.test/aspera/orchestrator`). */
  baseUrl?: string;
}

const XML = { 'content-type': 'application/xml; charset=utf-8' };
const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const xml = (body: string) => new HttpResponse(body, { headers: XML });
const plain = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new HttpResponse(body, { status, headers: { ...TEXT, ...headers } });
const notFound = () => plain(text.errorNotFoundText, 404);
const noSample = (what: string) => plain(`No documented ${what} sample in this format\n`, 406);

/** Splits `8461.json` into its id and format; `work_order` stays literal. */
function split(file: unknown): { id: string; format: string } {
  const name = String(file);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? { id: name, format: 'xml' } : { id: name.slice(0, dot), format: name.slice(dot + 1) };
}

/**
 * msw handlers that answer like IBM Aspera Orchestrator from its documented samples, in XML and
 * JSON. Every route accepts the documented auth modes (HTTP Basic, `login`+`password` or
 * `login`+`api_key` in the query) and refuses anything else with Rails' plain-text 401.
 */
export function asperaOrchestratorHandlers(options: AsperaOrchestratorHandlerOptions = {}): RequestHandler[] {
  const base = (options.baseUrl ?? 'http://aspera.test/aspera/orchestrator').replace(/\/+$/, '');
  const c = asperaOrchestratorCredentials;
  const basic = `Basic ${btoa(`${c.username}:${c.password}`)}`;
  const authorized = (request: Request) => {
    const header = request.headers.get('authorization');
    if (header === basic) return true;
    const query = new URL(request.url).searchParams;
    return query.get('login') === c.username && (query.get('password') === c.password || query.get('api_key') === c.apiKey);
  };
  const guard =
    (handler: (request: Request, params: Record<string, string | readonly string[] | undefined>) => Response) =>
    ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) =>
      authorized(request)
        ? handler(request, params)
        : plain(text.errorUnauthorizedText, 401, { 'www-authenticate': 'Basic realm="Application"' });

  const workOrderRoute = (body: object) =>
    guard((_request, params) => {
      const { id, format } = split(params.file);
      if (id === asperaOrchestratorIds.missing) return notFound();
      if (id === asperaOrchestratorIds.incompleteWorkflow) return HttpResponse.json(errorMissingParameters, { status: 400 });
      if (format === 'json') return HttpResponse.json(body);
      return body === workOrderStatus ? xml(text.workOrderStatusFixtureXml) : noSample('work order');
    });
  const byWorkflow = (json: object | undefined, xmlText: string | undefined, what: string) =>
    guard((_request, params) => {
      const { id, format } = split(params.file);
      if (id === asperaOrchestratorIds.missing) return notFound();
      if (format === 'json' && json) return HttpResponse.json(json);
      if (format === 'xml' && xmlText) return xml(xmlText);
      return noSample(what);
    });

  return [
    http.get(
      `${base}/api/work_step_status/:file`,
      guard((request, params) => {
        const { id, format } = split(params.file);
        const query = new URL(request.url).searchParams;
        if (id === 'work_order') {
          if (
            query.get('work_order_id') !== asperaOrchestratorIds.workOrder ||
            query.get('step_name') !== asperaOrchestratorIds.stepName
          ) {
            return notFound();
          }
          if (query.get('status_only') === 'true') return plain(text.workStepStatusOnlyText);
          return format === 'json' ? HttpResponse.json(workStepStatusJson) : xml(text.workStepStatusXml);
        }
        if (id === asperaOrchestratorIds.step && !query.has('output_name') && format !== 'txt') {
          // The step's status by its own id (IBM's aspera-cli `workstep status`): the documented step status.
          return format === 'json' ? HttpResponse.json(workStepStatusJson) : xml(text.workStepStatusFixtureXml);
        }
        if (format === 'txt' && id === asperaOrchestratorIds.step && query.get('output_name') === 'package_id') {
          return plain(text.stepOutputText);
        }
        if (id === asperaOrchestratorIds.hashStep && query.get('output_name') === 'IndexedTable') {
          if (format === 'json') return HttpResponse.json(stepOutputHashJson);
          if (format === 'xml') return xml(text.stepOutputHashXml);
        }
        return notFound();
      }),
    ),
    http.get(`${base}/api/work_order_status/:file`, workOrderRoute(workOrderStatus)),
    http.get(`${base}/api/initiate/:file`, workOrderRoute(initiate)),
    http.post(
      `${base}/api/initiate`,
      guard((request) =>
        new URL(request.url).searchParams.get('format') === 'json' ? HttpResponse.json(initiate) : noSample('initiate'),
      ),
    ),
    http.get(`${base}/api/work_order_cancel/:file`, workOrderRoute(workOrderCancel)),
    http.get(`${base}/api/work_order_reset/:file`, workOrderRoute(workOrderStatus)),
    http.get(`${base}/api/work_step_cancel/:file`, byWorkflow(undefined, text.workStepCancelXml, 'work step cancel')),
    http.get(`${base}/api/workstep_reset/:file`, byWorkflow(workOrderStatus, text.workStepResetFixtureXml, 'reset')),
    http.get(
      `${base}/api/work_order_output/:file`,
      guard((_request, params) => {
        const { id, format } = split(params.file);
        if (id === asperaOrchestratorIds.missing) return notFound();
        return format === 'xml' ? xml(text.workOrderOutputXml) : noSample('work order output');
      }),
    ),
    http.get(
      `${base}/api/workflows_list.:format`,
      guard((_request, params) => (params.format === 'json' ? HttpResponse.json(workflowsList) : noSample('workflows list'))),
    ),
    http.get(
      `${base}/api/work_orders_list/:file`,
      guard((request, params) => {
        const { id, format } = split(params.file);
        if (id === asperaOrchestratorIds.missing) return notFound();
        if (format !== 'json') return noSample('work orders list');
        const max = Number(new URL(request.url).searchParams.get('max_results') ?? Number.NaN);
        const list = workOrdersList.work_orders;
        return HttpResponse.json({ work_orders: Number.isInteger(max) && max > 0 ? list.slice(0, max) : list });
      }),
    ),
    http.get(`${base}/api/workflow_details/:file`, byWorkflow(workflowDetails, text.workflowDetailsXml, 'workflow details')),
    http.get(
      `${base}/api/workflow_inputs_spec/:file`,
      byWorkflow(workflowInputsSpec, text.workflowInputsSpecXml, 'workflow inputs'),
    ),
    http.get(
      `${base}/api/workflow_outputs_spec/:file`,
      byWorkflow(undefined, text.workflowOutputsSpecFixtureXml, 'workflow outputs'),
    ),
    http.get(
      `${base}/api/remote_node_ping.:format`,
      guard((_request, params) => (params.format === 'json' ? HttpResponse.json(remoteNodePing) : noSample('ping'))),
    ),
  ];
}
