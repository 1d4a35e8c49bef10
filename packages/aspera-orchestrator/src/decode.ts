import { isRecord, type ShapeContext, shapeError, type UnexpectedResponseError } from '@jobwire/core';
import type { XmlModule } from './load-xml.js';
import { parseRubyLiteral } from './ruby-literal.js';
import type {
  LoginResult,
  OutputValue,
  PingResult,
  StepOutput,
  Variable,
  WorkflowSummary,
  WorkOrder,
  WorkOrderOutput,
  WorkOrderStep,
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

/** `status` is `<status state="..">prose</status>` in XML; in JSON a string or `{state, content}`. */
function statusOf(value: unknown, details: unknown): { status: string; statusDetails?: string } | undefined {
  if (typeof value === 'string') {
    const statusDetails = text(details);
    return statusDetails ? { status: value, statusDetails } : { status: value };
  }
  if (isRecord(value) && typeof value.state === 'string') {
    const statusDetails = text(value.content) ?? text(value.details) ?? text(details);
    return statusDetails ? { status: value.state, statusDetails } : { status: value.state };
  }
  return undefined;
}

function toStep(value: unknown): WorkOrderStep | undefined {
  if (!isRecord(value)) return undefined;
  const id = idOf(value.id);
  const status = statusOf(value.status, value.status_details ?? value.statusDetails);
  if (id === undefined || !status) return undefined;
  const step: WorkOrderStep = { id, ...status };
  const name = text(value.name) ?? text(value.workStepName);
  if (name) step.name = name;
  return step;
}

function toWorkOrder(value: unknown): WorkOrder | undefined {
  if (!isRecord(value)) return undefined;
  const id = idOf(value.id) ?? idOf(value.work_order_id);
  const status = statusOf(value.status, value.status_details ?? value.statusDetails);
  if (id === undefined || !status) return undefined;
  const steps = asArray(isRecord(value.work_steps) ? value.work_steps.work_step : value.work_steps).map(toStep);
  if (steps.some((step) => step === undefined)) return undefined;
  const order: WorkOrder = { id, ...status, steps: steps as WorkOrderStep[] };
  const name = text(value.name);
  if (name) order.name = name;
  const workflowId = idOf(value.workflow_id);
  if (workflowId) order.workflowId = workflowId;
  const priority = Number(value.priority);
  if (value.priority !== undefined && value.priority !== null && Number.isFinite(priority)) order.priority = priority;
  const createdAt = text(value.created_at);
  if (createdAt) order.createdAt = createdAt;
  const updatedAt = text(value.updated_at);
  if (updatedAt) order.updatedAt = updatedAt;
  return order;
}

/** A work order, from XML `<work_order id="..">` or JSON `{ "work_order": {...} }`. */
export function decodeWorkOrder(body: string, wire: Wire, context: DecodeContext): WorkOrder {
  const { root, value } = parseBody(body, wire, context);
  const inner = root === undefined && isRecord(value) && 'work_order' in value ? value.work_order : value;
  const order = toWorkOrder(inner);
  if (!order) throw shapeError(context, 'a work_order with an id and a status', value);
  return order;
}

/** A step after cancel/reset: `<work_step id=".."><status state="Canceling">`, or `{ "work_step": {...} }`. */
export function decodeWorkStepChange(body: string, wire: Wire, context: DecodeContext): WorkOrderStep {
  const { root, value } = parseBody(body, wire, context);
  const inner = root === undefined && isRecord(value) && 'work_step' in value ? value.work_step : value;
  const step = toStep(inner);
  if (!step) throw shapeError(context, 'a work_step with an id and a status', value);
  return step;
}

/** `{workflows: {workflow: [...]}}` (one workflow may come unwrapped from XML), or a bare list. */
export function decodeWorkflows(body: string, wire: Wire, context: DecodeContext): WorkflowSummary[] {
  const { value } = parseBody(body, wire, context);
  const container = isRecord(value) && 'workflows' in value ? value.workflows : value;
  const list = asArray(isRecord(container) ? container.workflow : container);
  if (!list.every((item) => isRecord(item) && idOf(item.id) !== undefined && typeof item.name === 'string')) {
    throw shapeError(context, 'a list of workflows with id and name', value);
  }
  return list as WorkflowSummary[];
}

export function decodeWorkOrders(body: string, wire: Wire, context: DecodeContext): WorkOrder[] {
  const { value } = parseBody(body, wire, context);
  const container = isRecord(value) && 'work_orders' in value ? value.work_orders : value;
  const orders = asArray(isRecord(container) ? container.work_order : container).map(toWorkOrder);
  if (orders.some((order) => order === undefined)) throw shapeError(context, 'a list of work orders with id and status', value);
  return orders as WorkOrder[];
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

export function decodeLogin(value: unknown, context: DecodeContext): LoginResult {
  if (!isRecord(value) || typeof value.token !== 'string' || value.token === '') {
    throw shapeError(context, 'a login response with a token', value);
  }
  return { token: value.token };
}
