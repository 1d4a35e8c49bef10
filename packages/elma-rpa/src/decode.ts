import { isRecord, type Redactor, type ShapeContext, shapeError } from '@jobwire/core';
import { bodyStatusError, isErrorStatus } from './errors.js';
import type {
  ContextVariable,
  ElmaProcess,
  ElmaTask,
  JsonValue,
  ProcessContext,
  ProcessPage,
  SystemStatus,
  TaskMetrics,
} from './types.js';

/*
 * ELMA's JSON is checked for the fields jobwire relies on (`id`, `status`) before it is typed; a
 * body without them is an UnexpectedResponseError, never a TypeError later on. Optional fields
 * of the wrong type are left out rather than failing the whole task: the API is only partly
 * documented and the task is still worth having.
 */

export interface DecodeContext extends ShapeContext {
  redactor: Redactor;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const int = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** `0001-01-01T00:00:00Z` (also year 0, or with an offset): .NET's DateTime.MinValue, "not set". */
const NOT_SET_TIME = /^0{3}[01]-/;

function decodeTime(value: unknown): string | undefined {
  const text = str(value);
  return text === undefined || text === '' || NOT_SET_TIME.test(text) ? undefined : text;
}

function decodeMetrics(value: unknown): TaskMetrics {
  const metrics: TaskMetrics = {};
  if (!isRecord(value)) return metrics;
  const startTime = decodeTime(value.startTime);
  const endTime = decodeTime(value.endTime);
  if (startTime !== undefined) metrics.startTime = startTime;
  if (endTime !== undefined) metrics.endTime = endTime;
  return metrics;
}

/** A JSON object encoded as a string (`outputCtx`); anything else gives `undefined`. */
export function decodeJsonObject(text: string | undefined): Record<string, JsonValue> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? (value as Record<string, JsonValue>) : undefined;
  } catch {
    return undefined;
  }
}

/** A task id as the server sends it: an integer, tolerated as decimal text. */
function taskIdOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** The task's optional text fields, copied when they are strings. */
const OPTIONAL_TEXT = ['process', 'priority', 'system', 'bot', 'ctx', 'outputCtx', 'log', 'created', 'updated'] as const;

export function decodeTask(value: unknown, context: ShapeContext): ElmaTask {
  const id = isRecord(value) ? taskIdOf(value.id) : undefined;
  if (!isRecord(value) || id === undefined || typeof value.status !== 'string') {
    throw shapeError(context, 'a task with an integer id and a string status', value);
  }
  const task: ElmaTask = { id, status: value.status, metrics: decodeMetrics(value.metrics) };
  // Optional fields of the wrong type are left out (absent, not undefined).
  for (const name of OPTIONAL_TEXT) {
    const text = str(value[name]);
    if (text !== undefined) task[name] = text;
  }
  const version = int(value.version);
  if (version !== undefined) task.version = version;
  if (Array.isArray(value.groups)) task.groups = value.groups.filter((g): g is string => typeof g === 'string');
  if (task.outputCtx !== undefined) {
    const outputContext = decodeJsonObject(task.outputCtx);
    if (outputContext !== undefined) task.outputContext = outputContext;
  }
  return task;
}

/** Throws the typed error a body `status` stands for (401, 403, 404, …). */
function checkBodyStatus(value: Record<string, unknown>, context: DecodeContext): void {
  if (isErrorStatus(value.status))
    throw bodyStatusError(context.operation, value as Record<string, unknown> & { status: number }, context.redactor);
}

function envelope(value: unknown, context: DecodeContext, expected: string): Record<string, unknown> {
  if (!isRecord(value)) throw shapeError(context, expected, value);
  checkBodyStatus(value, context);
  return value;
}

/** `{status, task}` from create, status and cancel. */
export function decodeTaskResponse(value: unknown, context: DecodeContext): ElmaTask {
  const body = envelope(value, context, 'a {status, task} envelope');
  if (!isRecord(body.task)) throw shapeError(context, 'a {status, task} envelope', value);
  return decodeTask(body.task, context);
}

/** `{status: 200}`: the system is registered / approved. */
export function decodeStatusOnly(value: unknown, context: DecodeContext): SystemStatus {
  const body = envelope(value, context, 'a {status} envelope');
  if (typeof body.status !== 'number') throw shapeError(context, 'a {status} envelope', value);
  return { approved: true, status: body.status };
}

export function decodeProcessPage(value: unknown, context: DecodeContext): ProcessPage {
  const body = envelope(value, context, 'a {status, total, process} envelope');
  const list = body.process ?? [];
  if (!Array.isArray(list) || !list.every(isRecord)) throw shapeError(context, 'a process array', value);
  return { total: int(body.total), processes: list as ElmaProcess[] };
}

/** `{status, process}` from `/v1/repository/find`: the process is kept as sent. */
export function decodeFoundProcess(value: unknown, context: DecodeContext): ElmaProcess {
  const body = envelope(value, context, 'a {status, process} envelope');
  if (!isRecord(body.process)) throw shapeError(context, 'a {status, process} envelope', value);
  return body.process as ElmaProcess;
}

/** The scope names a direction, whatever the letter case (`In`, `in`, `INOUT`). */
const INPUT_SCOPES = new Set(['in', 'inout']);
const OUTPUT_SCOPES = new Set(['out', 'inout']);

function decodeVariable(value: unknown, context: DecodeContext): ContextVariable {
  if (!isRecord(value) || typeof value.name !== 'string' || value.name === '') {
    throw shapeError(context, 'context variables with a name', value);
  }
  const scope = str(value.scope);
  const variable: ContextVariable = {
    name: value.name,
    input: scope !== undefined && INPUT_SCOPES.has(scope.toLowerCase()),
    output: scope !== undefined && OUTPUT_SCOPES.has(scope.toLowerCase()),
  };
  if (scope !== undefined) variable.scope = scope;
  for (const name of ['type', 'caption', 'desc'] as const) {
    const text = str(value[name]);
    if (text !== undefined) variable[name] = text;
  }
  if (typeof value.isArray === 'boolean') variable.isArray = value.isArray;
  return variable;
}

/** `{status, ctx: [variable…]}` from `/v1/repository/context`; a missing `ctx` is no variables, as in ELMA's client. */
export function decodeProcessContext(value: unknown, context: DecodeContext): ProcessContext {
  const body = envelope(value, context, 'a {status, ctx} envelope');
  const list = body.ctx ?? [];
  if (!Array.isArray(list)) throw shapeError(context, 'a {status, ctx} envelope with a variable array', value);
  const variables = list.map((item) => decodeVariable(item, context));
  return { variables, inputs: variables.filter((v) => v.input), outputs: variables.filter((v) => v.output) };
}
