// Routes about work orders and their steps: initiate (GET and POST), status, cancel, reset,
// step status by work order and name or by id, step outputs, step cancel and reset, outputs.
import { json, type Route, type SimRequest } from '@jobwire/core/simulator';
import { escapeXml } from '@jobwire/xml';
import { type Bodies, jsonValue } from './bodies.js';
import { bracketed, formatOf, type lookups, split } from './requests.js';
import { denied, type Format, failure, text, xmlBody } from './wire.js';
import type { WorkOrders } from './work-orders.js';

/** What the routes share: the work orders, their answers, the credential check and the lookups. */
export interface RouteContext {
  orders: WorkOrders;
  bodies: Bodies;
  authorized: (request: SimRequest) => boolean;
  lookups: ReturnType<typeof lookups>;
}

/** The work order and work step routes. */
export function workOrderRoutes({ orders, bodies, authorized, lookups: { onOrder, onStep } }: RouteContext): Route[] {
  const start = (workflowId: string, parameters: Record<string, string>, settings: Record<string, string>, format: Format) => {
    const order = orders.create(workflowId, parameters, settings);
    return order ? bodies.workOrder(order, format, 'initiate') : failure(`Couldn't find Workflow with id=${workflowId}`, 404);
  };

  return [
    {
      method: 'GET',
      path: '/api/work_step_status/:file',
      handler: (request) => {
        if (!authorized(request)) return denied();
        const { id, suffix } = split(request.params.file);
        const format = formatOf(request, suffix);
        const query = request.url.searchParams;
        if (id === 'work_order') {
          if (format !== 'xml' && format !== 'json') return failure('Unknown format', 406);
          const orderId = query.get('work_order_id') ?? '';
          const order = orders.find(orderId);
          if (!order) return failure(`Couldn't find WorkOrder with id=${orderId}`, 404);
          const stepName = query.get('step_name') ?? '';
          const step = orders.stepViews(order).find((s) => s.name === stepName);
          if (!step) return failure(`Couldn't find WorkStep with name=${stepName} in work order ${order.id}`, 404);
          if (query.get('status_only') === 'true') return text(step.status);
          return bodies.stepStatus(order, step, format);
        }
        const found = orders.findStep(id);
        if (!format || !found) return failure(`Couldn't find WorkStep with id=${id}`, 404);
        // Without an output name: the step's status by its own id (IBM's aspera-cli `workstep status`).
        if (!query.has('output_name') && format !== 'txt') return bodies.stepStatus(found.order, found.step, format);
        const name = query.get('output_name') ?? '';
        const output = found.step.outputs.find((o) => o.name === name);
        if (!output) return failure(`Couldn't find output ${name} of work step ${id}`, 404);
        return format === 'txt' ? text(output.value) : bodies.stepOutput(output, format);
      },
    },
    { method: 'GET', path: '/api/work_order_status/:file', handler: onOrder((order, format) => bodies.workOrder(order, format)) },
    {
      method: 'GET',
      path: '/api/initiate/:file',
      handler: (request) => {
        if (!authorized(request)) return denied();
        const { id, suffix } = split(request.params.file);
        const format = formatOf(request, suffix);
        if (!format || format === 'txt') return failure('Unknown format', 406);
        return start(id, bracketed(request, 'external_parameters'), bracketed(request, 'work_order'), format);
      },
    },
    {
      method: 'POST',
      path: '/api/initiate',
      handler: (request) => {
        if (!authorized(request)) return denied();
        let body: { workflow_id?: unknown; external_parameters?: unknown } = {};
        try {
          body = JSON.parse(request.body || '{}') as typeof body;
        } catch {
          return failure('Invalid JSON in request body', 400);
        }
        const parameters: Record<string, string> = {};
        if (body.external_parameters && typeof body.external_parameters === 'object') {
          for (const [k, v] of Object.entries(body.external_parameters)) parameters[k] = String(v);
        }
        const format = formatOf(request, undefined) ?? 'xml';
        return start(String(body.workflow_id ?? ''), parameters, bracketed(request, 'work_order'), format);
      },
    },
    {
      method: 'GET',
      path: '/api/work_order_cancel/:file',
      handler: onOrder((order, format) => {
        const refused = orders.cancel(order);
        return refused ? failure(refused, 500) : bodies.workOrder(order, format, 'cancel');
      }),
    },
    {
      method: 'GET',
      path: '/api/work_order_reset/:file',
      handler: onOrder((order, format) => {
        const refused = orders.reset(order);
        return refused ? failure(refused, 500) : bodies.workOrder(order, format, 'reset');
      }),
    },
    {
      method: 'GET',
      path: '/api/work_step_cancel/:file',
      handler: onStep((order, step, format) => {
        if (step.status !== 'In Progress' && step.status !== 'Inactive') {
          return failure(`Work step ${step.id} cannot be canceled: it is ${step.status}`, 500);
        }
        // Cancelling a step stops its work order: the run cannot go on without it.
        orders.book.cancel(order);
        return bodies.stepCancel(order, step, format === 'txt' ? 'xml' : format);
      }),
    },
    {
      method: 'GET',
      path: '/api/workstep_reset/:file',
      handler: onStep((order, _step, format) => {
        const refused = orders.reset(order);
        return refused ? failure(refused, 500) : bodies.stepReset(order, format === 'txt' ? 'xml' : format);
      }),
    },
    {
      method: 'GET',
      path: '/api/work_order_output/:file',
      handler: onOrder((order, format, request) => {
        const stepName = request.url.searchParams.get('step_name');
        const variableName = request.url.searchParams.get('variable_name');
        const variables = orders
          .stepViews(order)
          .filter((s) => !stepName || s.name === stepName)
          .flatMap((s) => s.outputs.map((o) => ({ step: s.name, output: o })))
          .filter(({ output }) => !variableName || output.name === variableName);
        if (format === 'json') {
          return json({
            work_order_output: {
              work_order_id: Number(order.id),
              variable: variables.map(({ step, output }) => ({
                name: output.name,
                step_name: step,
                type: output.type,
                value: jsonValue(output),
              })),
            },
          });
        }
        return xmlBody(
          `<work_order_output work_order_id="${order.id}">${variables
            .map(
              ({ step, output }) =>
                `<variable name="${escapeXml(output.name)}" step_name="${escapeXml(step)}" type="${output.type}">${escapeXml(output.value)}</variable>`,
            )
            .join('')}</work_order_output>`,
        );
      }),
    },
  ];
}
