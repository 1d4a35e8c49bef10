import {
  type ChaosOptions,
  hexId,
  JobBook,
  json,
  type LifecycleOptions,
  type SimJob,
  type SimPhase,
  type SimRequest,
  type SimResponse,
  seededRandom,
  startHttpServer,
} from '@jobwire/core/simulator';
import { escapeXml } from '@jobwire/core/xml';

/** Options of the Aspera Orchestrator simulator: job lifecycle, chaos, port, credentials. */
export interface AsperaOrchestratorSimulatorOptions extends LifecycleOptions {
  /** Seeded faults for reliability tests. */
  chaos?: ChaosOptions;
  /** Port to listen on (default: a free one). Always bound to 127.0.0.1. */
  port?: number;
  /** The user name accepted (or sent). */
  username?: string;
  /** The password accepted (or sent). A secret: never logged. */
  password?: string;
  /** The API key accepted for query authentication. A secret: never logged. */
  apiKey?: string;
  /** How long a cancelled work order shows `Canceling` before `Canceled` (default 100 ms, simulator clock). */
  cancelingMs?: number;
}

type Format = 'xml' | 'json' | 'txt';
type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

interface Variable {
  name: string;
  id: number;
  type: 'string' | 'integer' | 'hash';
  value: string;
}

interface AsperaWorkOrderExtra {
  workflowId: number;
  title: string;
  priority: number;
  parameters: Record<string, string>;
  /** Step ids, in rank order. */
  stepIds: number[];
  /** Output ids, so that they stay the same between polls. */
  outputBase: number;
  packageId: string;
}

interface StepView {
  id: number;
  rank: number;
  name: string;
  type: string;
  status: string;
  statusDetails: string | null;
  outputs: Variable[];
}

/** The workflows the simulator knows; each runs the same two steps. */
const WORKFLOWS = [
  { id: 256, portableId: 'd7a1b3c0-5c1e-4d8e-9a55-2f0e7a9c1b10', name: 'Deliver to Faspex' },
  { id: 257, portableId: '4b0f3a9e-0c55-4a7b-8d1e-6f2c9e0a7d21', name: 'Transcode and deliver' },
];
const STEPS = [
  { name: 'Check input', type: 'FileValidation' },
  { name: 'Create faspex package', type: 'FaspexDelivery' },
];
/** The run-time inputs every simulated workflow declares (`workflow_inputs_spec`). */
const WORKFLOW_INPUTS = [
  { name: 'source_file', value_type: 'string', optional: false, value: '' },
  { name: 'recipient', value_type: 'string', optional: true, value: 'ops@example.com' },
];
/** The outputs every simulated workflow declares (`workflow_outputs_spec`). */
const WORKFLOW_OUTPUTS = [
  { step_name: 'Check input', variable_name: 'file_count', value_type: 'integer' },
  { step_name: 'Create faspex package', variable_name: 'package_id', value_type: 'string' },
];
const ORCHESTRATOR_VERSION = '4.0.1.75432 (simulated)';
const FAILURE = 'Faspex rejected the package: quota exceeded for user ops';
const TRACE = [
  "/opt/aspera/orchestrator/vendor/rails/activerecord/lib/active_record/base.rb:1586:in `find_one'",
  "/opt/aspera/orchestrator/app/controllers/api_controller.rb:212:in `work_order_status'",
];

const text = (body: string, status = 200, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  body,
});
/** Orchestrator's errors: a message, then a Ruby stack trace, as plain text. */
const failure = (message: string, status: number) => text(`${message}\n${TRACE.join('\n')}\n`, status);
const denied = () => text('HTTP Basic: Access denied.\n', 401, { 'www-authenticate': 'Basic realm="Application"' });

/** `2014-11-24 16:48:37 UTC`, as work orders write times. */
const railsTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
/** `2014-11-24T16:48:39Z`, as steps write times. */
const isoTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

function uuid(random: () => number): string {
  const hex = hexId(random, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// --- XML in Rails' to_xml style: dashed names, type annotations, nil="true" -------------------

function xmlScalar(name: string, value: Value): string {
  const tag = name.replace(/_/g, '-');
  if (value === null) return `<${tag} nil="true"/>`;
  if (typeof value === 'number') return `<${tag} type="integer">${value}</${tag}>`;
  if (typeof value === 'boolean') return `<${tag} type="boolean">${value}</${tag}>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${tag} type="array"/>`;
    const item = tag.replace(/s$/, '');
    return `<${tag} type="array">${value.map((v) => xmlScalar(item, v)).join('')}</${tag}>`;
  }
  if (typeof value === 'object') {
    return `<${tag}>${Object.entries(value)
      .map(([k, v]) => xmlScalar(k, v))
      .join('')}</${tag}>`;
  }
  const datetime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value) ? ' type="datetime"' : '';
  // URLs and other text with markup characters go in CDATA, as the documented sample does.
  if (/[<>&]/.test(value) && !value.includes(']]>')) return `<${tag}${datetime}><![CDATA[${value}]]></${tag}>`;
  return `<${tag}${datetime}>${escapeXml(value)}</${tag}>`;
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The Ruby literal Orchestrator writes for a `hash` output in XML. */
function rubyHash(value: Value): string {
  if (value === null) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(rubyHash).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}=>${rubyHash(v)}`)
    .join(', ')}}`;
}

/**
 * IBM Aspera Orchestrator on 127.0.0.1: the documented auth modes (HTTP Basic, query login+password,
 * query login+api_key), XML and JSON on every route in the documented shapes, work orders that
 * go Inactive → In Progress → Complete / Failed (with statusDetails) / Canceled (through
 * Canceling), two steps per work order with outputs (a string, an integer and a `hash` written as a
 * Ruby literal in XML), and errors as Orchestrator sends them: a message and a stack trace.
 */
export async function startAsperaOrchestratorSimulator(options: AsperaOrchestratorSimulatorOptions = {}) {
  const credentials = {
    username: options.username ?? 'sim-admin',
    password: options.password ?? 'sim-password',
    apiKey: options.apiKey ?? 'sim-api-key',
  };
  const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const random = seededRandom(options.chaos?.seed ?? 4);
  const book = new JobBook<AsperaWorkOrderExtra>(options);
  const cancelingMs = options.cancelingMs ?? 100;
  const steps = new Map<number, { order: SimJob<AsperaWorkOrderExtra>; rank: number }>();
  let nextWorkOrder = 9000;
  let nextStep = 46_000;
  let nextOutput = 60_000;

  const authorized = (request: SimRequest) => {
    const header = request.headers.authorization ?? '';
    if (header === basic) return true;
    const query = request.url.searchParams;
    return (
      query.get('login') === credentials.username &&
      (query.get('password') === credentials.password || query.get('api_key') === credentials.apiKey)
    );
  };

  /** Splits `9001.json` into its id and URL suffix (undefined when there is none). */
  const split = (file: string | undefined): { id: string; suffix: string | undefined } => {
    const name = file ?? '';
    const dot = name.lastIndexOf('.');
    return dot < 0 ? { id: name, suffix: undefined } : { id: name.slice(0, dot), suffix: name.slice(dot + 1) };
  };
  /** As the product: the suffix wins, then `format=`, then `Accept: application/json`; XML by default. */
  const formatOf = (request: SimRequest, suffix: string | undefined): Format | undefined => {
    if (suffix !== undefined) return suffix === 'xml' || suffix === 'json' || suffix === 'txt' ? suffix : undefined;
    const param = request.url.searchParams.get('format');
    if (param === 'json' || param === 'xml') return param;
    return /application\/json/.test(request.headers.accept ?? '') ? 'json' : 'xml';
  };

  const findOrder = (id: string) => (/^\d+$/.test(id) ? book.get(id) : undefined);

  /** Phase with the Canceling window: a cancel takes a moment to land. */
  const orderStatus = (order: SimJob<AsperaWorkOrderExtra>): { state: string; prose: string; phase: SimPhase } => {
    const phase = book.phase(order);
    if (order.cancelled) {
      return book.now() - order.cancelled.at < cancelingMs
        ? { state: 'Canceling', prose: 'Cancel requested', phase }
        : { state: 'Canceled', prose: 'Canceled by user', phase };
    }
    if (phase === 'queued') return { state: 'Inactive', prose: 'Waiting to start', phase };
    if (phase === 'running')
      return {
        state: 'In Progress',
        prose: `Executing Step: ${stepViews(order).find((s) => s.status === 'In Progress')?.name ?? STEPS[0]?.name}`,
        phase,
      };
    if (phase === 'succeeded') return { state: 'Complete', prose: 'Work order completed', phase };
    // The outcome `cancelled` without a cancel request: an operator cancelled it in the web UI.
    if (phase === 'cancelled') return { state: 'Canceled', prose: 'Canceled by operator', phase };
    return { state: 'Failed', prose: `Step "${STEPS[1]?.name}" failed: ${FAILURE}`, phase };
  };

  /** Each step's status: the first runs the first half of the run, the second the rest. */
  const stepViews = (order: SimJob<AsperaWorkOrderExtra>): StepView[] => {
    const phase = book.phase(order);
    const elapsed = book.now() - order.createdAt - book.queuedMs;
    const half = book.runningMs / 2;
    const cancelledAt = order.cancelled ? order.cancelled.at - order.createdAt - book.queuedMs : undefined;
    return order.extra.stepIds.map((id, rank) => {
      const step = STEPS[rank] ?? { name: `Step ${rank + 1}`, type: 'Generic' };
      const startsAt = rank * half;
      const endsAt = startsAt + half;
      let status: string;
      let statusDetails: string | null = null;
      if (cancelledAt !== undefined && cancelledAt < endsAt) {
        status =
          cancelledAt < startsAt ? 'Inactive' : book.now() - (order.cancelled?.at ?? 0) < cancelingMs ? 'Canceling' : 'Canceled';
        if (status !== 'Inactive') statusDetails = 'Canceled by user';
      } else if (phase === 'failed' && rank === STEPS.length - 1) {
        status = 'Failed';
        statusDetails = FAILURE;
      } else if (phase === 'cancelled' && rank === STEPS.length - 1) {
        status = 'Canceled';
        statusDetails = 'Canceled by operator';
      } else if (phase === 'succeeded' || phase === 'failed' || phase === 'cancelled' || elapsed >= endsAt) {
        status = 'Complete';
        statusDetails = rank === 0 ? 'Input checked' : 'FASPEX Authorization received';
      } else if (phase === 'running' && elapsed >= startsAt) {
        status = 'In Progress';
        statusDetails = rank === 0 ? 'Checking input' : 'Uploading package';
      } else {
        status = 'Inactive';
      }
      const base = order.extra.outputBase + rank * 10;
      const outputs: Variable[] =
        status !== 'Complete'
          ? []
          : rank === 0
            ? [
                { name: 'file_count', id: base, type: 'integer', value: '2' },
                {
                  name: 'IndexedTable',
                  id: base + 1,
                  type: 'hash',
                  value: rubyHash({ Mac: { node_id: 'localhost', node: 'Mac', capacity_kb: '20000' } }),
                },
              ]
            : [
                { name: 'package_id', id: base, type: 'string', value: order.extra.packageId },
                {
                  name: 'package_post_url',
                  id: base + 1,
                  type: 'string',
                  value: `fasp://faspex@127.0.0.1:33001/${order.extra.packageId}.aspera-package?token=sim&cookie=aspera.faspex20:u:${order.id}`,
                },
              ];
      return { id, rank: rank + 1, name: step.name, type: step.type, status, statusDetails, outputs };
    });
  };

  /** One output's value in JSON: a hash is an object there, not a Ruby literal. */
  const jsonValue = (output: Variable): Value => {
    if (output.type === 'integer') return Number(output.value);
    if (output.type === 'hash') return { Mac: { node_id: 'localhost', node: 'Mac', capacity_kb: '20000' } };
    return output.value;
  };

  const workStepData = (order: SimJob<AsperaWorkOrderExtra>, step: StepView): Record<string, Value> => {
    const activated = order.createdAt + book.queuedMs + (step.rank - 1) * (book.runningMs / 2);
    const done = step.status === 'Complete' || step.status === 'Failed' || step.status === 'Canceled';
    return {
      workOrder_id: Number(order.id),
      preProcessing: null,
      group: Number(order.id),
      executionTimeout: 0,
      activable_date: step.status === 'Inactive' ? null : isoTime(activated),
      stepName: null,
      created_at: isoTime(order.createdAt),
      updated_at: isoTime(book.now()),
      timeout: null,
      on_timeout: null,
      step_type: step.type,
      attempt: 1,
      step_id: 3800 + step.rank,
      statusDetails: step.statusDetails,
      rank: step.rank,
      id: step.id,
      activation_date: step.status === 'Inactive' ? null : isoTime(activated),
      workflow_id: order.extra.workflowId,
      synch_filter: 0,
      completion_date: done ? isoTime(Math.min(book.now(), activated + book.runningMs / 2)) : null,
      action_id: step.rank,
      status: step.status,
      running_as: 2,
      original_activation_date: step.status === 'Inactive' ? null : isoTime(activated),
      workStepName: step.name,
      postProcessing: null,
    };
  };

  const variableJson = (output: Variable) => ({ name: output.name, id: output.id, type: output.type, value: output.value });
  const inputs = (order: SimJob<AsperaWorkOrderExtra>) =>
    Object.entries(order.extra.parameters).map(([name, value], i) => ({
      name,
      id: order.extra.outputBase - 100 + i,
      type: 'string' as const,
      value,
    }));

  const stepStatusBody = (order: SimJob<AsperaWorkOrderExtra>, step: StepView, format: Format): SimResponse => {
    const carry = inputs(order);
    if (format === 'json') {
      return json({
        inputs: [],
        carry_thrus: carry,
        work_step: workStepData(order, step),
        outputs: step.outputs.map(variableJson),
      });
    }
    const variables = (tag: string, list: Variable[]) =>
      list.length === 0
        ? `<${tag}s type="array"/>`
        : `<${tag}s type="array">${list
            .map(
              (v) =>
                `<${tag}><name>${escapeXml(v.name)}</name><id type="integer">${v.id}</id><type>${v.type}</type>${xmlScalar('value', v.value)}</${tag}>`,
            )
            .join('')}</${tag}s>`;
    const stepXml = xmlScalar('work_step', workStepData(order, step));
    return xmlBody(
      `<Work-step-status><inputs type="array"/>${variables('carry-thru', carry)}${stepXml}${variables('output', step.outputs)}</Work-step-status>`,
    );
  };
  const xmlBody = (body: string): SimResponse => ({
    status: 200,
    headers: { 'content-type': 'application/xml; charset=utf-8' },
    body: `${XML_HEADER}${body}`,
  });

  /** When the work order started and finished, for `<timestamps>` ('' while not yet). */
  const orderTimes = (order: SimJob<AsperaWorkOrderExtra>, phase: SimPhase) => {
    const initiated = order.createdAt + book.queuedMs;
    const finished = order.cancelled?.at ?? initiated + book.runningMs;
    const done = phase !== 'queued' && phase !== 'running';
    return {
      created_at: railsTime(order.createdAt),
      initiated_at: phase === 'queued' ? '' : railsTime(initiated),
      updated_at: railsTime(book.now()),
      completed_at: done || order.cancelled ? railsTime(Math.min(book.now(), finished)) : '',
    };
  };

  /**
   * A work order as documented (3.0.1 "status spec"): `<work_order time action id master_id>` with
   * `<workflow id revision_id>`, `<status state>`, `<ownership>`, `<priority dedicated_worker>`,
   * `<timestamps>` and `<work_steps>`. JSON: the same data wrapped in `work_order`, attributes as
   * fields and element text as `content` (the JSON form is not documented).
   */
  const workOrderBody = (order: SimJob<AsperaWorkOrderExtra>, format: Format, action = 'status'): SimResponse => {
    const status = orderStatus(order);
    const views = stepViews(order);
    const workflow = WORKFLOWS.find((w) => w.id === order.extra.workflowId);
    const times = orderTimes(order, status.phase);
    const owner = { initiated_by: credentials.username, running_as: 'system', launched_by: credentials.username };
    if (format === 'json') {
      return json({
        work_order: {
          time: railsTime(book.now()),
          action,
          id: order.id,
          master_id: order.id,
          name: order.extra.title,
          workflow: { id: String(order.extra.workflowId), revision_id: '12', content: workflow?.name ?? '' },
          status: { state: status.state, content: status.prose },
          comments: '',
          latest_update: '',
          ownership: owner,
          priority: { dedicated_worker: 'false', content: String(order.extra.priority) },
          timestamps: times,
          work_steps: {
            work_step: views.map((s) => ({
              id: String(s.id),
              name: s.name,
              status: { state: s.status, content: s.statusDetails ?? '' },
            })),
          },
        },
      });
    }
    const stepsXml = views
      .map(
        (s) =>
          `<work_step id="${s.id}"><name>${escapeXml(s.name)}</name><status state="${escapeXml(s.status)}">${escapeXml(s.statusDetails ?? '')}</status></work_step>`,
      )
      .join('');
    const timesXml = Object.entries(times)
      .map(([k, v]) => (v === '' ? `<${k}/>` : `<${k}>${v}</${k}>`))
      .join('');
    return xmlBody(
      `<work_order time="${railsTime(book.now())}" action="${action}" id="${order.id}" master_id="${order.id}"><name>${escapeXml(order.extra.title)}</name><workflow id="${order.extra.workflowId}" revision_id="12">${escapeXml(workflow?.name ?? '')}</workflow><status state="${escapeXml(status.state)}">${escapeXml(status.prose)}</status><comments/><latest_update/><ownership><initiated_by>${escapeXml(owner.initiated_by)}</initiated_by><running_as>system</running_as><launched_by>${escapeXml(owner.launched_by)}</launched_by></ownership><priority dedicated_worker="false">${order.extra.priority}</priority><timestamps>${timesXml}</timestamps><work_steps>${stepsXml}</work_steps></work_order>`,
    );
  };

  /** A cancelled step as documented (3.0.3): `<work_step action="cancel" id="">`, two `<status>`, `<action>`, `<timestamps>`. */
  const stepCancelBody = (order: SimJob<AsperaWorkOrderExtra>, step: StepView, format: Format): SimResponse => {
    const prose = step.statusDetails ?? 'Cancel requested';
    const times = orderTimes(order, book.phase(order));
    if (format === 'json') {
      return json({
        work_step: {
          time: railsTime(book.now()),
          action: 'cancel',
          id: '',
          name: step.name,
          workflow: { id: String(order.extra.workflowId) },
          status: [
            { state: 'Canceling', content: prose },
            { state: 'Canceling', attempt: '1', content: prose },
          ],
          timestamps: { ...times, completed_at: '' },
        },
      });
    }
    return xmlBody(
      `<work_step time="${railsTime(book.now())}" action="cancel" id="" ><name>${escapeXml(step.name)}</name><workflow id="${order.extra.workflowId}"></workflow><status state="Canceling">${escapeXml(prose)}</status><action type="${step.type}" id="${step.rank}"/><status state="Canceling" attempt="1">${escapeXml(prose)}</status><timestamps><created_at>${times.created_at}</created_at><initiated_at>${times.initiated_at}</initiated_at><updated_at>${times.updated_at}</updated_at><completed_at></completed_at></timestamps></work_step>`,
    );
  };

  /** A step reset as documented (3.0.2): XML `<WorkStep_Reset>` with one `<work_steps>` per step; JSON the work order. */
  const stepResetBody = (order: SimJob<AsperaWorkOrderExtra>, format: Format): SimResponse => {
    if (format === 'json') return workOrderBody(order, 'json', 'reset');
    const stepsXml = stepViews(order)
      .map((s) => {
        const data = workStepData(order, s);
        return `<work_steps>${Object.entries(data)
          .map(([k, v]) => (v === null ? `<${k} />` : `<${k}>${escapeXml(String(v))}</${k}>`))
          .join('')}</work_steps>`;
      })
      .join('');
    return xmlBody(`<WorkStep_Reset><workstep_reset>true</workstep_reset>${stepsXml}</WorkStep_Reset>`);
  };

  const start = (
    workflowId: string,
    parameters: Record<string, string>,
    settings: { name?: string; priority?: string },
    format: Format,
  ) => {
    const workflow = WORKFLOWS.find((w) => String(w.id) === workflowId);
    if (!workflow) return failure(`Couldn't find Workflow with id=${workflowId}`, 404);
    const id = String(++nextWorkOrder);
    const stepIds = STEPS.map(() => ++nextStep);
    nextOutput += 100;
    const outputBase = nextOutput;
    const priority = Number(settings.priority ?? 2);
    const order = book.create(id, workflow.name, {
      workflowId: workflow.id,
      title: settings.name ?? workflow.name,
      priority: priority >= 1 && priority <= 3 ? priority : 2,
      parameters,
      stepIds,
      outputBase,
      packageId: uuid(random),
    });
    stepIds.forEach((stepId, rank) => {
      steps.set(stepId, { order, rank });
    });
    return workOrderBody(order, format, 'initiate');
  };

  /** `external_parameters[NAME]=V` and `work_order[name]=` from the query string. */
  const bracketed = (request: SimRequest, prefix: string) => {
    const out: Record<string, string> = {};
    for (const [key, value] of request.url.searchParams) {
      const match = /^([^[]+)\[([^\]]*)\]$/.exec(key);
      if (match?.[1] === prefix && match[2] !== undefined) out[match[2]] = value;
    }
    return out;
  };

  /** A route that names a work order by id: auth, format and lookup, then the handler. */
  const onOrder =
    (handler: (order: SimJob<AsperaWorkOrderExtra>, format: Format, request: SimRequest) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      if (!authorized(request)) return denied();
      const { id, suffix } = split(request.params.file);
      const f = formatOf(request, suffix);
      if (!f || f === 'txt') return failure(`Unknown format for ${request.url.pathname}`, 406);
      const order = findOrder(id);
      return order ? handler(order, f, request) : failure(`Couldn't find WorkOrder with id=${id}`, 404);
    };
  const onStep =
    (handler: (order: SimJob<AsperaWorkOrderExtra>, step: StepView, format: Format, request: SimRequest) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      if (!authorized(request)) return denied();
      const { id, suffix } = split(request.params.file);
      const f = formatOf(request, suffix);
      const entry = /^\d+$/.test(id) ? steps.get(Number(id)) : undefined;
      const view = entry ? stepViews(entry.order)[entry.rank] : undefined;
      if (!f || !entry || !view) return failure(`Couldn't find WorkStep with id=${id}`, 404);
      return handler(entry.order, view, f, request);
    };

  const cancelOrder = (order: SimJob<AsperaWorkOrderExtra>) => {
    const before = orderStatus(order);
    return book.cancel(order) ? undefined : failure(`Work order ${order.id} cannot be canceled: it is ${before.state}`, 500);
  };
  const resetOrder = (order: SimJob<AsperaWorkOrderExtra>) => {
    const status = orderStatus(order);
    if (status.phase === 'queued' || status.phase === 'running') {
      return failure(`Work order ${order.id} cannot be reset: it is ${status.state}`, 500);
    }
    // A reset runs the work order again from its first step.
    order.createdAt = book.now();
    delete order.cancelled;
    return undefined;
  };

  /** `workflows_list` (what IBM's aspera-cli calls, and the fields it shows). */
  const workflowsList = (request: SimRequest): SimResponse => {
    if (!authorized(request)) return denied();
    const f = formatOf(request, split(request.params.file).suffix);
    const list = WORKFLOWS.map((w) => ({
      id: w.id,
      portable_id: w.portableId,
      name: w.name,
      published_status: 'published',
      published_revision_id: 12,
      latest_revision_id: 12,
      last_modification: '2014-11-20 09:12:00 UTC',
    }));
    if (f === 'json') return json({ workflows: { workflow: list } });
    return xmlBody(`<workflows>${list.map((w) => xmlScalar('workflow', w)).join('')}</workflows>`);
  };
  /** A route that names a workflow by id: auth, format and lookup, then the handler. */
  const onWorkflow =
    (handler: (workflow: (typeof WORKFLOWS)[number], format: 'xml' | 'json', request: SimRequest) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      if (!authorized(request)) return denied();
      const { id, suffix } = split(request.params.file);
      const f = formatOf(request, suffix);
      if (f !== 'xml' && f !== 'json') return failure(`Unknown format for ${request.url.pathname}`, 406);
      const workflow = WORKFLOWS.find((w) => String(w.id) === id);
      return workflow ? handler(workflow, f, request) : failure(`Couldn't find Workflow with id=${id}`, 404);
    };

  const server = await startHttpServer({
    basePath: '/aspera/orchestrator',
    chaos: options.chaos,
    port: options.port,
    notFound: (request) => failure(`No route matches [${request.method}] "${request.url.pathname}"`, 404),
    routes: [
      {
        method: 'GET',
        path: '/api/work_step_status/:file',
        handler: (request) => {
          if (!authorized(request)) return denied();
          const { id, suffix } = split(request.params.file);
          const f = formatOf(request, suffix);
          const query = request.url.searchParams;
          if (id === 'work_order') {
            if (f !== 'xml' && f !== 'json') return failure('Unknown format', 406);
            const orderId = query.get('work_order_id') ?? '';
            const order = findOrder(orderId);
            if (!order) return failure(`Couldn't find WorkOrder with id=${orderId}`, 404);
            const stepName = query.get('step_name') ?? '';
            const step = stepViews(order).find((s) => s.name === stepName);
            if (!step) return failure(`Couldn't find WorkStep with name=${stepName} in work order ${order.id}`, 404);
            if (query.get('status_only') === 'true') return text(step.status);
            return stepStatusBody(order, step, f);
          }
          const entry = /^\d+$/.test(id) ? steps.get(Number(id)) : undefined;
          const view = entry ? stepViews(entry.order)[entry.rank] : undefined;
          if (!f || !entry || !view) return failure(`Couldn't find WorkStep with id=${id}`, 404);
          // Without an output name: the step's status by its own id (IBM's aspera-cli `workstep status`).
          if (!query.has('output_name') && f !== 'txt') return stepStatusBody(entry.order, view, f);
          const name = query.get('output_name') ?? '';
          const output = view.outputs.find((o) => o.name === name);
          if (!output) return failure(`Couldn't find output ${name} of work step ${id}`, 404);
          if (f === 'txt') return text(output.value);
          if (f === 'json') return json(jsonValue(output));
          return xmlBody(
            `<Work_step_output><name>${escapeXml(output.name)}</name><id type="integer">${output.id}</id>${xmlScalar('value', output.value)}<type>${output.type}</type></Work_step_output>`,
          );
        },
      },
      { method: 'GET', path: '/api/work_order_status/:file', handler: onOrder((order, format) => workOrderBody(order, format)) },
      {
        method: 'GET',
        path: '/api/initiate/:file',
        handler: (request) => {
          if (!authorized(request)) return denied();
          const { id, suffix } = split(request.params.file);
          const f = formatOf(request, suffix);
          if (!f || f === 'txt') return failure('Unknown format', 406);
          return start(id, bracketed(request, 'external_parameters'), bracketed(request, 'work_order'), f);
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
          return start(
            String(body.workflow_id ?? ''),
            parameters,
            bracketed(request, 'work_order'),
            formatOf(request, undefined) ?? 'xml',
          );
        },
      },
      {
        method: 'GET',
        path: '/api/work_order_cancel/:file',
        handler: onOrder((order, format) => cancelOrder(order) ?? workOrderBody(order, format, 'cancel')),
      },
      {
        method: 'GET',
        path: '/api/work_order_reset/:file',
        handler: onOrder((order, format) => resetOrder(order) ?? workOrderBody(order, format, 'reset')),
      },
      {
        method: 'GET',
        path: '/api/work_step_cancel/:file',
        handler: onStep((order, step, format) => {
          if (step.status !== 'In Progress' && step.status !== 'Inactive') {
            return failure(`Work step ${step.id} cannot be canceled: it is ${step.status}`, 500);
          }
          // Cancelling a step stops its work order: the run cannot go on without it.
          book.cancel(order);
          return stepCancelBody(order, step, format === 'txt' ? 'xml' : format);
        }),
      },
      {
        method: 'GET',
        path: '/api/workstep_reset/:file',
        handler: onStep((order, _step, format) => {
          const refused = resetOrder(order);
          if (refused) return refused;
          return stepResetBody(order, format === 'txt' ? 'xml' : format);
        }),
      },
      {
        method: 'GET',
        path: '/api/work_order_output/:file',
        handler: onOrder((order, format, request) => {
          const stepName = request.url.searchParams.get('step_name');
          const variableName = request.url.searchParams.get('variable_name');
          const variables = stepViews(order)
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
      { method: 'GET', path: '/api/workflows_list/:file', handler: (request) => workflowsList(request) },
      {
        method: 'GET',
        path: '/api/work_orders_list/:file',
        handler: onWorkflow((workflow, format, request) => {
          const max = Number(request.url.searchParams.get('max_results') ?? Number.NaN);
          const orders = [...book.jobs.values()].filter((o) => o.extra.workflowId === workflow.id);
          const list = (Number.isInteger(max) && max > 0 ? orders.slice(0, max) : orders).map((o) => ({
            id: Number(o.id),
            name: o.extra.title,
            workflow_id: o.extra.workflowId,
            status: orderStatus(o).state,
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
            const state = orderStatus(o).state;
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
        method: 'GET',
        path: '/api/:file',
        handler: (request) => {
          const { id, suffix } = split(request.params.file);
          if (id === 'workflows_list') return workflowsList(request);
          if (id !== 'remote_node_ping') return failure(`No route matches [GET] "${request.url.pathname}"`, 404);
          if (!authorized(request)) return denied();
          const f = formatOf(request, suffix);
          if (f === 'json') return json({ remote_orchestrator_info: { 'orchestrator-version': ORCHESTRATOR_VERSION } });
          return xmlBody(
            `<remote_orchestrator_info><orchestrator-version>${ORCHESTRATOR_VERSION}</orchestrator-version></remote_orchestrator_info>`,
          );
        },
      },
    ],
  });

  return Object.assign(server, {
    vendor: 'aspera-orchestrator' as const,
    credentials,
    jobs: book,
  });
}
