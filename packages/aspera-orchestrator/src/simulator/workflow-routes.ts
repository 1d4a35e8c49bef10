// Routes about workflows and the server: workflows list (with and without `.{fmt}` under
// `/api/:file`), a workflow's work orders, details (status counts), inputs and outputs, and ping.
import { json, type Route, type SimRequest, type SimResponse } from '@jobwire/core/simulator';
import { escapeXml } from '@jobwire/xml';
import { ORCHESTRATOR_VERSION, WORKFLOW_INPUTS, WORKFLOW_OUTPUTS, WORKFLOWS } from './catalog.js';
import { formatOf, split } from './requests.js';
import { denied, failure, railsTime, xmlBody, xmlScalar } from './wire.js';
import type { RouteContext } from './work-order-routes.js';

/** The workflow routes and ping. */
export function workflowRoutes({ orders, authorized, lookups: { onWorkflow } }: RouteContext): Route[] {
  const { book } = orders;

  /** `workflows_list` (what IBM's aspera-cli calls, and the fields it shows). */
  const workflowsList = (request: SimRequest): SimResponse => {
    if (!authorized(request)) return denied();
    const format = formatOf(request, split(request.params.file).suffix);
    const list = WORKFLOWS.map((w) => ({
      id: w.id,
      portable_id: w.portableId,
      name: w.name,
      published_status: 'published',
      published_revision_id: 12,
      latest_revision_id: 12,
      last_modification: '2014-11-20 09:12:00 UTC',
    }));
    if (format === 'json') return json({ workflows: { workflow: list } });
    return xmlBody(`<workflows>${list.map((w) => xmlScalar('workflow', w)).join('')}</workflows>`);
  };

  return [
    { method: 'GET', path: '/api/workflows_list/:file', handler: workflowsList },
    {
      method: 'GET',
      path: '/api/work_orders_list/:file',
      handler: onWorkflow((workflow, format, request) => {
        const max = Number(request.url.searchParams.get('max_results') ?? Number.NaN);
        const all = [...book.jobs.values()].filter((o) => o.extra.workflowId === workflow.id);
        const list = (Number.isInteger(max) && max > 0 ? all.slice(0, max) : all).map((o) => ({
          id: Number(o.id),
          name: o.extra.title,
          workflow_id: o.extra.workflowId,
          status: orders.status(o).state,
          created_at: railsTime(o.createdAt),
        }));
        // The list as IBM's aspera-cli reads it: `result['work_orders']`.
        if (format === 'json') return json({ work_orders: list });
        return xmlBody(xmlScalar('work_orders', list));
      }),
    },
    {
      method: 'GET',
      path: '/api/workflow_details/:file',
      handler: onWorkflow((workflow, format) => {
        const counts = new Map<string, { count: number; last: number }>();
        for (const o of book.jobs.values()) {
          if (o.extra.workflowId !== workflow.id) continue;
          const state = orders.status(o).state;
          const entry = counts.get(state) ?? { count: 0, last: 0 };
          counts.set(state, { count: entry.count + 1, last: Math.max(entry.last, o.createdAt) });
        }
        const at = (ms: number) => railsTime(ms).replace(' UTC', '');
        if (format === 'json') {
          return json({
            workflows: {
              action: 'status',
              id: String(workflow.id),
              workflow: {
                id: String(workflow.id),
                statuses: [...counts].map(([status, c]) => ({
                  count: String(c.count),
                  workflowName: workflow.name,
                  status,
                  last_activity: at(c.last),
                })),
              },
            },
          });
        }
        return xmlBody(
          `<workflows time="${railsTime(book.now())}" action="details" id="${workflow.id}"><workflow id="${workflow.id}" name="${escapeXml(workflow.name)}">${[
            ...counts,
          ]
            .map(([status, c]) => `<status type="${escapeXml(status)}" count="${c.count}" last_activity="${at(c.last)}"/>`)
            .join('')}</workflow></workflows>`,
        );
      }),
    },
    {
      method: 'GET',
      path: '/api/workflow_inputs_spec/:file',
      handler: onWorkflow((workflow, format) => {
        if (format === 'json') {
          return json({
            workflow_inputs_spec: {
              workflow_id: workflow.id,
              time: railsTime(book.now()).replace(' UTC', ''),
              parameter: WORKFLOW_INPUTS.map((p, i) => ({ ...p, id: workflow.id * 10 + i })),
              action: 'inputs_spec',
              workflow_name: workflow.name,
            },
          });
        }
        return xmlBody(
          `<workflow_inputs_spec time="${railsTime(book.now())}" action="inputs_spec"><workflow_name>${escapeXml(workflow.name)}</workflow_name><workflow_id>${workflow.id}</workflow_id>${WORKFLOW_INPUTS.map(
            (p, i) =>
              `<parameter id="${workflow.id * 10 + i}" name="${p.name}"><workflow_id>${workflow.id}</workflow_id><value_type>${p.value_type}</value_type><optional>${p.optional}</optional><value>${escapeXml(p.value)}</value></parameter>`,
          ).join('')}</workflow_inputs_spec>`,
        );
      }),
    },
    {
      method: 'GET',
      path: '/api/workflow_outputs_spec/:file',
      handler: onWorkflow((workflow, format) => {
        const outputs = WORKFLOW_OUTPUTS.map((o, i) => ({ id: workflow.id * 100 + i, workflow_id: workflow.id, ...o }));
        if (format === 'json') return json({ workflow_outputs_spec: { action: 'opspec', context: outputs } });
        return xmlBody(
          `<workflow_outputs_spec time="${railsTime(book.now())}" action="opspec">${outputs
            .map(
              (o) =>
                `<context id="${o.id}"><workflow_id>${o.workflow_id}</workflow_id><step_name>${escapeXml(o.step_name)}</step_name><variable_name>${o.variable_name}</variable_name><value_type>${o.value_type}</value_type><variable_type></variable_type></context>`,
            )
            .join('')}</workflow_outputs_spec>`,
        );
      }),
    },
    {
      // `workflows_list.json` and `remote_node_ping.json` sit right under /api.
      method: 'GET',
      path: '/api/:file',
      handler: (request) => {
        const { id, suffix } = split(request.params.file);
        if (id === 'workflows_list') return workflowsList(request);
        if (id !== 'remote_node_ping') return failure(`No route matches [GET] "${request.url.pathname}"`, 404);
        if (!authorized(request)) return denied();
        if (formatOf(request, suffix) === 'json') {
          return json({ remote_orchestrator_info: { 'orchestrator-version': ORCHESTRATOR_VERSION } });
        }
        return xmlBody(
          `<remote_orchestrator_info><orchestrator-version>${ORCHESTRATOR_VERSION}</orchestrator-version></remote_orchestrator_info>`,
        );
      },
    },
  ];
}
