import { isRecord, type ShapeContext, shapeError, type UnexpectedResponseError } from '@jobwire/core';
import type { XmlModule } from './load-xml.js';
import { parseRubyLiteral } from './ruby-literal.js';
import type { OutputValue, Variable, WorkOrder, WorkOrderOwnership, WorkOrderStep, WorkStepStatus } from './types.js';
import { parseXmlRoot, type WireValue } from './xml-wire.js';

/*
 * Every body is read as text and decoded here, XML through the hardened parseXml of `@jobwire/xml` and then
 * into the JSON spelling (xml-wire.ts), so both formats go through the same shape checks. A body
 * without the fields jobwire relies on is an UnexpectedResponseError, never a TypeError later.
 * XML is decoded with the `@jobwire/xml` module the client loaded (see load-xml.ts): nothing
 * here imports it, so the JSON wire never loads the XML parser.
 */

export interface DecodeContext extends ShapeContext {
  status?: number;
}

/** How a body is read: JSON, or XML with the loaded `@jobwire/xml` module (`loadXml()`). */
export type Wire = { format: 'json' } | { format: 'xml'; xml: XmlModule };

/** The JSON wire: the same object for every call. */
export const JSON_WIRE: Wire = { format: 'json' };

export function invalid(context: DecodeContext, reason: string, text: string): UnexpectedResponseError {
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

export const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
const isOptionalString = (value: unknown) => value === undefined || value === null || typeof value === 'string';
export const idOf = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value)
    ? String(value)
    : typeof value === 'string' && value !== ''
      ? value
      : undefined;
export const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

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

/** `status` is `<status state="..">prose</status>` in XML (repeated in some answers: the first one counts); in JSON a string or `{state, content}`. */
export function statusOf(value: unknown, details: unknown): { status: string; statusDetails?: string } | undefined {
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
export const asRecord = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/** Copies the defined, non-empty values of `fields` onto `target` (the decoded objects carry no `undefined` keys). */
export function assign<T extends object>(target: T, fields: Partial<T>): T {
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

/** createdAt … completedAt from `<timestamps>` (documented) or top-level `created_at` / `updated_at`. */
export function timestampsOf(value: Record<string, unknown>) {
  const times = asRecord(value.timestamps);
  return {
    createdAt: text(times.created_at) ?? text(value.created_at),
    initiatedAt: text(times.initiated_at) ?? text(value.initiated_at),
    updatedAt: text(times.updated_at) ?? text(value.updated_at),
    completedAt: text(times.completed_at) ?? text(value.completed_at),
  };
}

export function toStep(value: unknown): WorkOrderStep | undefined {
  if (!isRecord(value)) return undefined;
  const id = idOf(value.id);
  if (id === undefined) return undefined;
  const step: WorkOrderStep = { id };
  put(step, 'name', text(value.name) ?? text(value.workStepName));
  const status = statusOf(value.status, value.status_details ?? value.statusDetails);
  if (status) {
    step.status = status.status;
    put(step, 'statusDetails', status.statusDetails);
  }
  return step;
}

export const stepsOf = (value: unknown): unknown[] => asArray(isRecord(value) && 'work_step' in value ? value.work_step : value);

/** Sets `key` only when `value` is defined (decoded objects carry no `undefined` keys). Cheap: a status poll runs it. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

const flag = (value: unknown) =>
  value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;

/** The documented work order (3.0.1): every field set directly, no intermediate objects (a status poll decodes it). */
function toWorkOrder(value: unknown): WorkOrder | undefined {
  if (!isRecord(value)) return undefined;
  const id = idOf(value.id) ?? idOf(value.work_order_id);
  const status = statusOf(value.status, value.status_details ?? value.statusDetails);
  if (id === undefined || !status) return undefined;
  const steps: WorkOrderStep[] = [];
  for (const item of stepsOf(value.work_steps)) {
    const step = toStep(item);
    if (!step) return undefined;
    steps.push(step);
  }
  const order: WorkOrder = { id, status: status.status, steps, raw: value };
  put(order, 'statusDetails', status.statusDetails);
  put(order, 'masterId', idOf(value.master_id));
  put(order, 'name', text(value.name));
  const workflow = isRecord(value.workflow) ? value.workflow : undefined;
  put(order, 'workflowId', idOf(workflow?.id) ?? idOf(value.workflow_id));
  put(order, 'workflowRevisionId', idOf(workflow?.revision_id));
  put(order, 'workflowName', text(workflow?.content) ?? text(value.workflow_name));
  const priorityText = contentOf(value.priority);
  const priority =
    typeof priorityText === 'number'
      ? priorityText
      : typeof priorityText === 'string' && priorityText.trim() !== ''
        ? Number(priorityText)
        : Number.NaN;
  if (Number.isInteger(priority)) {
    order.priority = priority;
    put(order, 'priorityName', PRIORITY_NAMES[priority as keyof typeof PRIORITY_NAMES]);
  }
  if (isRecord(value.priority)) put(order, 'dedicatedWorker', flag(value.priority.dedicated_worker));
  if (isRecord(value.ownership)) {
    const owner = value.ownership;
    const ownership: WorkOrderOwnership = {};
    put(ownership, 'initiatedBy', text(owner.initiated_by));
    put(ownership, 'runningAs', text(owner.running_as));
    put(ownership, 'launchedBy', text(owner.launched_by));
    if (ownership.initiatedBy ?? ownership.runningAs ?? ownership.launchedBy) order.ownership = ownership;
  }
  const times = isRecord(value.timestamps) ? value.timestamps : undefined;
  put(order, 'createdAt', text(times?.created_at) ?? text(value.created_at));
  put(order, 'initiatedAt', text(times?.initiated_at) ?? text(value.initiated_at));
  put(order, 'updatedAt', text(times?.updated_at) ?? text(value.updated_at));
  put(order, 'completedAt', text(times?.completed_at) ?? text(value.completed_at));
  return order;
}

/** A body's single top-level object: XML has it as the root, JSON wraps it in `{ [key]: ... }` (when it does). */
export function unwrap(
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
