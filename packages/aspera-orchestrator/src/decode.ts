import { isRecord, type ShapeContext, shapeError, type UnexpectedResponseError } from '@jobwire/core';
import type { XmlModule } from './load-xml.js';
import { parseRubyLiteral } from './ruby-literal.js';
import type {
  OutputValue,
  PingResult,
  StepOutput,
  Variable,
  WorkflowDetails,
  WorkflowInput,
  WorkflowInputs,
  WorkflowOutput,
  WorkflowOutputs,
  WorkflowStatusCount,
  WorkflowSummary,
  WorkOrder,
  WorkOrderOutput,
  WorkOrderOwnership,
  WorkOrderStep,
  WorkOrderSummary,
  WorkStepChange,
  WorkStepReset,
  WorkStepStatus,
} from './types.js';
import { parseXmlRoot, type WireValue } from './xml-wire.js';

/*
 * Every body is read as text and decoded here, XML through core's hardened parseXml and then
 * into the JSON spelling (xml-wire.ts), so both formats go through the same shape checks. A body
 * without the fields jobwire relies on is an UnexpectedResponseError, never a TypeError later.
 * XML is decoded with the `@jobwire/core/xml` module the client loaded (see load-xml.ts): nothing
 * here imports it, so the JSON wire never loads the XML parser.
 */

export interface DecodeContext extends ShapeContext {
  status?: number;
}

/** How a body is read: JSON, or XML with the loaded `@jobwire/core/xml` module (`loadXml()`). */
export type Wire = { format: 'json' } | { format: 'xml'; xml: XmlModule };

/** The JSON wire: the same object for every call. */
export const JSON_WIRE: Wire = { format: 'json' };

function invalid(context: DecodeContext, reason: string, text: string): UnexpectedResponseError {
  return shapeError(context, reason, text);
}

/** Parses a body in the given format into its JSON spelling, with the XML root's name. */
export function parseBody(text: string, wire: Wire, context: DecodeContext): { root?: string; value: WireValue } {
  if (text.trim() === '') throw invalid(context, `a ${wire.format.toUpperCase()} body, got an empty one`, text);
  if (wire.format === 'xml') {
    const root = parseXmlRoot(text, wire.xml, {
      vendor: context.vendor,
      operation: context.operation,
      status: context.status,
      redact: context.redact,
    });
    if (!root) throw invalid(context, 'an XML document with a root element', text);
    return { root: root.name, value: root.value };
  }
  try {
    return { value: JSON.parse(text) as WireValue };
  } catch {
    const what = /^\s*</.test(text) ? 'JSON, got an HTML/XML page' : 'JSON, got malformed or truncated JSON';
    throw invalid(context, what, text);
  }
}

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
const isOptionalString = (value: unknown) => value === undefined || value === null || typeof value === 'string';
const idOf = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value)
    ? String(value)
    : typeof value === 'string' && value !== ''
      ? value
      : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function isVariable(value: unknown): value is Variable {
  return isRecord(value) && typeof value.name === 'string';
}

export function decodeWorkStepStatus(body: string, wire: Wire, context: DecodeContext): WorkStepStatus {
  const { value } = parseBody(body, wire, context);
  const step = isRecord(value) ? value.work_step : undefined;
  if (!isRecord(value) || !isRecord(step) || typeof step.status !== 'string' || typeof step.id !== 'number') {
    throw shapeError(context, 'a work step status with work_step.id and work_step.status', value);
  }
  const lists = { inputs: asArray(value.inputs), carry_thrus: asArray(value.carry_thrus), outputs: asArray(value.outputs) };
  if (!Object.values(lists).every((list) => list.every(isVariable)) || !isOptionalString(step.statusDetails)) {
    throw shapeError(context, 'inputs, carry_thrus and outputs as lists of named values', value);
  }
  return { ...lists, work_step: step } as WorkStepStatus;
}

/** The bare text of `status_only=true` and `.txt` outputs (a JSON server may quote it). */
export function decodeBareText(body: string, context: DecodeContext): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // not JSON after all: the text as sent
    }
  }
  if (/^</.test(trimmed)) throw invalid(context, 'bare text, got an HTML/XML page', body);
  return trimmed;
}

/**
 * An output value by its declared type: a `hash` written as a Ruby literal (XML) becomes an object,
 * `integer` a number. Throws UnexpectedResponseError when a `hash` does not parse.
 */
export function decodeOutputValue(value: unknown, type: string | undefined, context: DecodeContext): OutputValue {
  if (typeof value !== 'string') return (value ?? null) as OutputValue;
  if (type === 'hash' || type === 'array') {
    const trimmed = value.trim();
    try {
      return trimmed.startsWith('{') || trimmed.startsWith('[')
        ? (JSON.parse(trimmed) as OutputValue)
        : parseRubyLiteral(trimmed);
    } catch {
      try {
        return parseRubyLiteral(trimmed);
      } catch (error) {
        throw shapeError(context, `a ${type} output (${error instanceof Error ? error.message : 'unreadable'})`, value);
      }
    }
  }
  if (type === 'integer' || type === 'float' || type === 'decimal') {
    const number = Number(value);
    return value.trim() !== '' && Number.isFinite(number) ? number : value;
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** XML: `<Work_step_output>` with name, id, type, value. JSON: the value itself. */
export function decodeStepOutput(body: string, wire: Wire, outputName: string, context: DecodeContext): StepOutput {
  if (wire.format === 'json') {
    // A JSON server sends the value itself; a plain string value may come unquoted (not JSON at all).
    const trimmed = body.trim();
    if (trimmed !== '' && !/^[[{"]/.test(trimmed)) {
      try {
        return { name: outputName, value: JSON.parse(trimmed) as OutputValue };
      } catch {
        return { name: outputName, value: decodeBareText(body, context) };
      }
    }
    const { value } = parseBody(body, wire, context);
    return { name: outputName, value: value as OutputValue };
  }
  const { value } = parseBody(body, wire, context);
  if (!isRecord(value) || !('value' in value)) throw shapeError(context, 'a Work_step_output with a value', value);
  const type = text(value.type);
  const output: StepOutput = {
    name: text(value.name) ?? outputName,
    value: decodeOutputValue(value.value, type, context),
  };
  if (typeof value.id === 'number') output.id = value.id;
  if (type) output.type = type;
  return output;
}

/** `status` is `<status state="..">prose</status>` in XML (repeated in some answers: the first one counts); in JSON a string or `{state, content}`. */
function statusOf(value: unknown, details: unknown): { status: string; statusDetails?: string } | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const status = statusOf(item, details);
      if (status) return status;
    }
    return undefined;
  }
  if (typeof value === 'string' && value !== '') {
    const statusDetails = text(details);
    return statusDetails ? { status: value, statusDetails } : { status: value };
  }
  if (isRecord(value) && typeof value.state === 'string') {
    const statusDetails = text(value.content) ?? text(value.details) ?? text(details);
    return statusDetails ? { status: value.state, statusDetails } : { status: value.state };
  }
  return undefined;
}

const PRIORITY_NAMES = { 1: 'low', 2: 'normal', 3: 'high' } as const;

/** A value element that may carry attributes (`<priority dedicated_worker="false">2</priority>` → `{content}`). */
const contentOf = (value: unknown): unknown => (isRecord(value) ? value.content : value);
const asRecord = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/** Copies the defined, non-empty values of `fields` onto `target` (the decoded objects carry no `undefined` keys). */
function assign<T extends object>(target: T, fields: Partial<T>): T {
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

/** createdAt … completedAt from `<timestamps>` (documented) or top-level `created_at` / `updated_at`. */
function timestampsOf(value: Record<string, unknown>) {
  const times = asRecord(value.timestamps);
  return {
    createdAt: text(times.created_at) ?? text(value.created_at),
    initiatedAt: text(times.initiated_at) ?? text(value.initiated_at),
    updatedAt: text(times.updated_at) ?? text(value.updated_at),
    completedAt: text(times.completed_at) ?? text(value.completed_at),
  };
}

function toStep(value: unknown): WorkOrderStep | undefined {
  if (!isRecord(value)) return undefined;
  const id = idOf(value.id);
  if (id === undefined) return undefined;
  const status = statusOf(value.status, value.status_details ?? value.statusDetails);
  return assign<WorkOrderStep>({ id }, { name: text(value.name) ?? text(value.workStepName), ...status });
}

const stepsOf = (value: unknown): unknown[] => asArray(isRecord(value) && 'work_step' in value ? value.work_step : value);

function toWorkOrder(value: unknown): WorkOrder | undefined {
  if (!isRecord(value)) return undefined;
  const id = idOf(value.id) ?? idOf(value.work_order_id);
  const status = statusOf(value.status, value.status_details ?? value.statusDetails);
  if (id === undefined || !status) return undefined;
  const steps = stepsOf(value.work_steps).map(toStep);
  if (steps.some((step) => step === undefined)) return undefined;
  const workflow = asRecord(value.workflow);
  const priorityText = contentOf(value.priority);
  const priority =
    typeof priorityText === 'number'
      ? priorityText
      : typeof priorityText === 'string' && priorityText.trim() !== ''
        ? Number(priorityText)
        : Number.NaN;
  const hasPriority = Number.isInteger(priority);
  const dedicated = isRecord(value.priority) ? value.priority.dedicated_worker : undefined;
  const owner = asRecord(value.ownership);
  const ownership = assign<WorkOrderOwnership>(
    {},
    { initiatedBy: text(owner.initiated_by), runningAs: text(owner.running_as), launchedBy: text(owner.launched_by) },
  );
  return assign<WorkOrder>(
    { id, status: status.status, steps: steps as WorkOrderStep[], raw: value },
    {
      statusDetails: status.statusDetails,
      masterId: idOf(value.master_id),
      name: text(value.name),
      workflowId: idOf(workflow.id) ?? idOf(value.workflow_id),
      workflowRevisionId: idOf(workflow.revision_id),
      workflowName: text(workflow.content) ?? text(value.workflow_name),
      priority: hasPriority ? priority : undefined,
      priorityName: hasPriority ? PRIORITY_NAMES[priority as keyof typeof PRIORITY_NAMES] : undefined,
      dedicatedWorker:
        dedicated === true || dedicated === 'true' ? true : dedicated === false || dedicated === 'false' ? false : undefined,
      ownership: Object.keys(ownership).length > 0 ? ownership : undefined,
      ...timestampsOf(value),
    },
  );
}

/** A body's single top-level object: XML has it as the root, JSON wraps it in `{ [key]: ... }` (when it does). */
function unwrap(
  body: string,
  wire: Wire,
  context: DecodeContext,
  key: string,
): { root?: string; value: WireValue; inner: unknown } {
  const parsed = parseBody(body, wire, context);
  const { root, value } = parsed;
  const inner = root === undefined && isRecord(value) && key in value ? value[key] : value;
  return { root, value, inner };
}

/** A work order, from XML `<work_order id="..">` or JSON `{ "work_order": {...} }`. */
export function decodeWorkOrder(body: string, wire: Wire, context: DecodeContext): WorkOrder {
  const { value, inner } = unwrap(body, wire, context, 'work_order');
  const order = toWorkOrder(inner);
  if (!order) throw shapeError(context, 'a work_order with an id and a status', value);
  return order;
}

/**
 * A step after `work_step_cancel`: `<work_step action="cancel" id="">` (the documented answer has an
 * empty id: `stepId`, the id the caller asked for, stands in), its status (the first of the repeated
 * `status` elements), `<workflow id>`, `<action>` and `<timestamps>`. JSON: `{ "work_step": {...} }`.
 */
export function decodeWorkStepChange(body: string, wire: Wire, stepId: string, context: DecodeContext): WorkStepChange {
  const { value, inner } = unwrap(body, wire, context, 'work_step');
  const status = isRecord(inner) ? statusOf(inner.status, inner.statusDetails) : undefined;
  if (!isRecord(inner) || !status) throw shapeError(context, 'a work_step with a status', value);
  const statuses = asArray(inner.status);
  const attempt = Number(statuses.map((s) => (isRecord(s) ? s.attempt : undefined)).find((a) => a !== undefined));
  const action = isRecord(inner.action)
    ? assign<{ type?: string; id?: string }>({}, { type: text(inner.action.type), id: idOf(inner.action.id) })
    : undefined;
  return assign<WorkStepChange>(
    { id: idOf(inner.id) ?? stepId, status: status.status, raw: inner },
    {
      statusDetails: status.statusDetails,
      name: text(inner.name) ?? text(inner.workStepName),
      workflowId: idOf(asRecord(inner.workflow).id) ?? idOf(inner.workflow_id),
      action,
      attempt: Number.isInteger(attempt) ? attempt : undefined,
      ...timestampsOf(inner),
    },
  );
}

/**
 * `workstep_reset`: XML `<WorkStep_Reset><workstep_reset>true</workstep_reset><work_steps>…`
 * (one `work_steps` element per step); JSON `{ "work_order": {...} }` (documented only in part).
 * Steps without an id are kept in `raw` only.
 */
export function decodeWorkStepReset(body: string, wire: Wire, context: DecodeContext): WorkStepReset {
  const { root, value } = parseBody(body, wire, context);
  const key =
    root === undefined && isRecord(value)
      ? ['WorkStep_Reset', 'workstep_reset', 'work_order'].find((k) => k in value)
      : undefined;
  const inner = key !== undefined && isRecord(value) ? value[key] : value;
  if ((root !== undefined && root !== 'WorkStep_Reset') || !isRecord(inner) || (root === undefined && key === undefined)) {
    throw shapeError(context, 'a WorkStep_Reset (XML) or a work_order (JSON)', value);
  }
  const flag = inner.workstep_reset;
  const steps = stepsOf(inner.work_steps)
    .map(toStep)
    .filter((step): step is WorkOrderStep => step !== undefined);
  const firstStep = asRecord(asArray(inner.work_steps)[0]);
  return assign<WorkStepReset>(
    { steps, raw: inner },
    {
      reset: flag === true || flag === 'true' ? true : flag === false || flag === 'false' ? false : undefined,
      workOrderId: key === 'work_order' ? idOf(inner.id) : idOf(firstStep.workOrder_id),
    },
  );
}

/** `{workflows: {workflow: [...]}}` (one workflow may come unwrapped from XML), or a bare list. */
export function decodeWorkflows(body: string, wire: Wire, context: DecodeContext): WorkflowSummary[] {
  const { value } = parseBody(body, wire, context);
  const container = isRecord(value) && 'workflows' in value ? value.workflows : value;
  const list = asArray(isRecord(container) ? container.workflow : container);
  if (!list.every((item) => isRecord(item) && idOf(item.id) !== undefined)) {
    throw shapeError(context, 'a list of workflows with an id', value);
  }
  return list as WorkflowSummary[];
}

/** `work_orders_list`: `{ "work_orders": [...] }` (what IBM's aspera-cli reads), `{ work_orders: { work_order: [...] } }` or XML. Each needs an id. */
export function decodeWorkOrders(body: string, wire: Wire, context: DecodeContext): WorkOrderSummary[] {
  const { value } = parseBody(body, wire, context);
  const container = isRecord(value) && 'work_orders' in value ? value.work_orders : value;
  const list = asArray(isRecord(container) && 'work_order' in container ? container.work_order : container);
  return list.map((item) => {
    const id = isRecord(item) ? (idOf(item.id) ?? idOf(item.work_order_id)) : undefined;
    if (!isRecord(item) || id === undefined) throw shapeError(context, 'a list of work orders with an id', value);
    const status = statusOf(item.status, item.status_details ?? item.statusDetails);
    return assign<WorkOrderSummary>(
      { id, raw: item },
      {
        name: text(item.name),
        ...status,
        workflowId: idOf(asRecord(item.workflow).id) ?? idOf(item.workflow_id),
        createdAt: timestampsOf(item).createdAt,
      },
    );
  });
}

/** `workflow_details`: XML `<workflows><workflow id name><status type count last_activity/>…`; JSON `{workflows: {workflow: {id, statuses: [...]}}}`. */
export function decodeWorkflowDetails(body: string, wire: Wire, context: DecodeContext): WorkflowDetails {
  const { value, inner } = unwrap(body, wire, context, 'workflows');
  const workflow = isRecord(inner) ? inner.workflow : undefined;
  const id = isRecord(workflow) ? (idOf(workflow.id) ?? idOf(asRecord(inner).id)) : undefined;
  if (!isRecord(workflow) || id === undefined) throw shapeError(context, 'workflows.workflow with an id', value);
  const statuses = asArray(workflow.statuses ?? workflow.status).map((item) => {
    const entry = asRecord(item);
    const status = text(entry.status) ?? text(entry.type);
    const count = Number(entry.count);
    if (status === undefined || entry.count === undefined || !Number.isFinite(count)) {
      throw shapeError(context, 'statuses with a status and a count', value);
    }
    return assign<WorkflowStatusCount>(
      { status, count },
      { lastActivity: text(entry.last_activity), workflowName: text(entry.workflowName) },
    );
  });
  return assign<WorkflowDetails>({ id, statuses, raw: workflow }, { name: text(workflow.name) });
}

const flagOf = (value: unknown) =>
  value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;

/** `workflow_inputs_spec`: `<workflow_inputs_spec><parameter id name>…` or `{workflow_inputs_spec: {parameter: [...]}}`. */
export function decodeWorkflowInputs(body: string, wire: Wire, context: DecodeContext): WorkflowInputs {
  const { value, inner } = unwrap(body, wire, context, 'workflow_inputs_spec');
  if (!isRecord(inner)) throw shapeError(context, 'a workflow_inputs_spec', value);
  const parameters = asArray(inner.parameter ?? inner.parameters).map((item) => {
    if (!isRecord(item) || typeof item.name !== 'string') throw shapeError(context, 'parameters with a name', value);
    const rawValue = item.value;
    return assign<WorkflowInput>(
      { name: item.name },
      {
        id: idOf(item.id),
        valueType: text(item.value_type),
        optional: flagOf(item.optional),
        value: typeof rawValue === 'string' || typeof rawValue === 'number' ? String(rawValue) : undefined,
      },
    );
  });
  return assign<WorkflowInputs>(
    { parameters, raw: inner },
    { workflowId: idOf(inner.workflow_id), workflowName: text(inner.workflow_name) },
  );
}

/** `workflow_outputs_spec`: one `<context id>` per output (3.0.1 documentation; IBM's aspera-cli reads `output`). */
export function decodeWorkflowOutputs(body: string, wire: Wire, context: DecodeContext): WorkflowOutputs {
  const { value, inner } = unwrap(body, wire, context, 'workflow_outputs_spec');
  if (!isRecord(inner)) throw shapeError(context, 'a workflow_outputs_spec', value);
  const outputs = asArray(inner.context ?? inner.output).map((item) => {
    const name = isRecord(item) ? (text(item.variable_name) ?? text(item.name)) : undefined;
    if (!isRecord(item) || name === undefined) throw shapeError(context, 'outputs with a variable_name', value);
    return assign<WorkflowOutput>(
      { variableName: name },
      { stepName: text(item.step_name), id: idOf(item.id), valueType: text(item.value_type) },
    );
  });
  return { outputs, raw: inner };
}

/** `<work_order_output><variable name=".." type="..">value</variable>...`, or its JSON spelling. */
export function decodeWorkOrderOutputs(body: string, wire: Wire, context: DecodeContext): WorkOrderOutput[] {
  const { value } = parseBody(body, wire, context);
  const container = isRecord(value) && 'work_order_output' in value ? value.work_order_output : value;
  const list = asArray(isRecord(container) ? (container.variable ?? container.variables) : container);
  return list.map((item) => {
    if (!isRecord(item) || typeof item.name !== 'string') throw shapeError(context, 'variables with a name', value);
    const type = text(item.type);
    const output: WorkOrderOutput = {
      name: item.name,
      value: decodeOutputValue(item.value ?? item.content ?? '', type, context),
    };
    const stepName = text(item.step_name);
    if (stepName) output.stepName = stepName;
    if (type) output.type = type;
    return output;
  });
}

export function decodePing(body: string, wire: Wire, context: DecodeContext): PingResult {
  const { root, value } = parseBody(body, wire, context);
  const info = root === undefined && isRecord(value) ? value.remote_orchestrator_info : value;
  if (!isRecord(info)) throw shapeError(context, 'remote_orchestrator_info', value);
  const version = text(info['orchestrator-version']) ?? text(info.orchestrator_version);
  return version ? { orchestratorVersion: version, info } : { info };
}
