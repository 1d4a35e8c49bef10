// Reading a request as Orchestrator does: credentials (Basic, or `login` with `password` /
// `api_key` in the query), the id and format in the last path segment, bracketed query parameters.
import { basicAuthorization } from '@jobwire/core';
import type { SimRequest, SimResponse } from '@jobwire/core/simulator';
import { WORKFLOWS, type Workflow } from './catalog.js';
import type { AsperaOrchestratorSimulatorCredentials } from './options.js';
import { denied, type Format, failure } from './wire.js';
import type { SimWorkOrder, StepView, WorkOrders } from './work-orders.js';

/** Whether a request carries the simulator's credentials, in any of the documented modes. */
export function authorizer(credentials: AsperaOrchestratorSimulatorCredentials): (request: SimRequest) => boolean {
  const basic = basicAuthorization(credentials.username, credentials.password);
  return (request) => {
    if (request.headers.authorization === basic) return true;
    const query = request.url.searchParams;
    return (
      query.get('login') === credentials.username &&
      (query.get('password') === credentials.password || query.get('api_key') === credentials.apiKey)
    );
  };
}

/** Splits `9001.json` into its id and URL suffix (undefined when there is none). */
export function split(file: string | undefined): { id: string; suffix: string | undefined } {
  const name = file ?? '';
  const dot = name.lastIndexOf('.');
  return dot < 0 ? { id: name, suffix: undefined } : { id: name.slice(0, dot), suffix: name.slice(dot + 1) };
}

/** As the product: the suffix wins, then `format=`, then `Accept: application/json`; XML by default. */
export function formatOf(request: SimRequest, suffix: string | undefined): Format | undefined {
  if (suffix !== undefined) return suffix === 'xml' || suffix === 'json' || suffix === 'txt' ? suffix : undefined;
  const param = request.url.searchParams.get('format');
  if (param === 'json' || param === 'xml') return param;
  return /application\/json/.test(request.headers.accept ?? '') ? 'json' : 'xml';
}

/** `external_parameters[NAME]=V` or `work_order[name]=` from the query string, by `prefix`. */
export function bracketed(request: SimRequest, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of request.url.searchParams) {
    const match = /^([^[]+)\[([^\]]*)\]$/.exec(key);
    if (match?.[1] === prefix && match[2] !== undefined) out[match[2]] = value;
  }
  return out;
}

/** Route wrappers that authenticate, read the format and find the object the URL names, or answer as Orchestrator does. */
export function lookups(orders: WorkOrders, authorized: (request: SimRequest) => boolean) {
  return {
    /** A route that names a work order by id (`.xml` or `.json`). */
    onOrder:
      (handler: (order: SimWorkOrder, format: 'xml' | 'json', request: SimRequest) => SimResponse) =>
      (request: SimRequest): SimResponse => {
        if (!authorized(request)) return denied();
        const { id, suffix } = split(request.params.file);
        const format = formatOf(request, suffix);
        if (!format || format === 'txt') return failure(`Unknown format for ${request.url.pathname}`, 406);
        const order = orders.find(id);
        return order ? handler(order, format, request) : failure(`Couldn't find WorkOrder with id=${id}`, 404);
      },
    /** A route that names a step by its own id. */
    onStep:
      (handler: (order: SimWorkOrder, step: StepView, format: Format, request: SimRequest) => SimResponse) =>
      (request: SimRequest): SimResponse => {
        if (!authorized(request)) return denied();
        const { id, suffix } = split(request.params.file);
        const format = formatOf(request, suffix);
        const found = orders.findStep(id);
        if (!format || !found) return failure(`Couldn't find WorkStep with id=${id}`, 404);
        return handler(found.order, found.step, format, request);
      },
    /** A route that names a workflow by id (`.xml` or `.json`). */
    onWorkflow:
      (handler: (workflow: Workflow, format: 'xml' | 'json', request: SimRequest) => SimResponse) =>
      (request: SimRequest): SimResponse => {
        if (!authorized(request)) return denied();
        const { id, suffix } = split(request.params.file);
        const format = formatOf(request, suffix);
        if (format !== 'xml' && format !== 'json') return failure(`Unknown format for ${request.url.pathname}`, 406);
        const workflow = WORKFLOWS.find((w) => String(w.id) === id);
        return workflow ? handler(workflow, format, request) : failure(`Couldn't find Workflow with id=${id}`, 404);
      },
  };
}
