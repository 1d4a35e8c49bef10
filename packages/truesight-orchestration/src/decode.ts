import { isRecord, NotFoundError, type ShapeContext, shapeError, UnexpectedResponseError } from '@jobwire/core';
import { excerptOf } from '@jobwire/core/internal';
import { parseJavaDate } from './java-date.js';
import { decodeOutputs, decodeOutputsOnRead } from './outputs.js';
import type { ExecutionMode, ExecutionResult, JobStatusResponse, OutputParameter, TrueSightJob } from './types.js';

/*
 * Bodies are read as text and checked here: the job status may come back as the documented
 * "Invalid input. No result generated" sentence instead of JSON, and the async answer's shape is
 * not documented. Anything without the fields jobwire relies on is an UnexpectedResponseError,
 * never a TypeError later on.
 */

/** The documented answer for a job id that does not exist (HTTP status not documented). */
export const INVALID_INPUT = /invalid input/i;

function unexpected(context: ShapeContext, reason: string, text: string, status: number): UnexpectedResponseError {
  return new UnexpectedResponseError(`${context.vendor} ${context.operation}: ${reason} (HTTP ${status})`, {
    vendor: context.vendor,
    operation: context.operation,
    status,
    excerpt: excerptOf(text, undefined, context.redact),
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const isOptionalString = (value: unknown) => value === undefined || value === null || typeof value === 'string';

function isOutputParameter(value: unknown): value is OutputParameter {
  return isRecord(value) && typeof value.name === 'string';
}

function isOutputParameters(value: unknown): value is OutputParameter[] {
  return Array.isArray(value) && value.every(isOutputParameter);
}

/** "Invalid input. No result generated", answered (documented) for a job id that does not exist. */
function invalidInput(body: string, status: number, context: ShapeContext): NotFoundError {
  const message = excerptOf(body, 300, context.redact);
  return new NotFoundError(`${context.vendor} ${context.operation} failed: HTTP ${status}: ${message}`, {
    vendor: context.vendor,
    operation: context.operation,
    status,
    body: message,
  });
}

function isJobStatus(value: unknown): value is JobStatusResponse {
  return (
    isRecord(value) &&
    typeof value.status === 'string' &&
    isOptionalString(value.processName) &&
    isOptionalString(value.ProcessName) &&
    isOptionalString(value.name) &&
    isOptionalString(value.peerId) &&
    isOptionalString(value.startTime) &&
    (value.outputParameters === undefined || value.outputParameters === null || isOutputParameters(value.outputParameters))
  );
}

/**
 * The 2xx body of GET /job/{jobId}/status. The documentation lists "Invalid input. No result
 * generated" beside 200 OK: an unknown job id may come back as a successful answer, as text or as
 * a JSON message, and is a NotFoundError all the same.
 */
export function decodeJobStatusBody(text: string | undefined, status: number, context: ShapeContext): JobStatusResponse {
  const body = text ?? '';
  if (body.trim() === '') throw unexpected(context, 'empty body, expected the job status', body, status);
  const parsed = parseJson(body);
  if (parsed.ok && isJobStatus(parsed.value)) return parsed.value;
  if (INVALID_INPUT.test(body)) throw invalidInput(body, status, context);
  if (parsed.ok) throw shapeError(context, 'a job status with a string status and named output parameters', parsed.value);
  const what = /^\s*</.test(body) ? 'an HTML/XML page' : 'malformed or truncated JSON';
  throw unexpected(context, `expected JSON, got ${what}`, body, status);
}

/** The friendly view of a job status: both spellings of the process name, the start time parsed, outputs decoded. */
export function toTrueSightJob(jobId: string, raw: JobStatusResponse): TrueSightJob {
  const outputParameters = raw.outputParameters ?? [];
  return {
    jobId,
    processName: raw.processName ?? raw.ProcessName ?? undefined,
    name: raw.name ?? undefined,
    peerId: raw.peerId ?? undefined,
    status: raw.status,
    startTime: raw.startTime ?? undefined,
    startedAt: parseJavaDate(raw.startTime),
    outputParameters,
    // Decoded when read: polls of a running job do not parse every `<result>` (see decodeOutputsOnRead).
    // The client has loaded the XML parser first if a value needs it (xmlReadyFor).
    outputs: decodeOutputsOnRead(outputParameters),
    raw,
  };
}

const JOB_ID_KEYS = ['jobId', 'jobID', 'JobId', 'job_id', 'id'];

function jobIdOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (!isRecord(value)) return undefined;
  for (const key of JOB_ID_KEYS) {
    const id = jobIdOf(value[key]);
    if (id !== undefined) return id;
  }
  return isRecord(value.job) ? jobIdOf(value.job) : undefined;
}

/**
 * The 2xx body of POST /process/{name}/execute. Sync: the output parameters, as an array or in an
 * object's `outputParameters`, decoded (after loading the XML parser if one is a `<result>`
 * document). Async (shape undocumented): `{jobId}` (or `id`, `job_id`, `{job:{id}}`), a JSON string
 * or number, or the id as bare text.
 */
export async function decodeExecution(
  text: string | undefined,
  mode: ExecutionMode,
  status: number,
  context: ShapeContext,
): Promise<ExecutionResult> {
  const body = text ?? '';
  const parsed = body.trim() === '' ? undefined : parseJson(body);
  if (mode === 'sync') {
    if (!parsed?.ok) throw unexpected(context, 'expected the output parameters as JSON', body, status);
    const list = isRecord(parsed.value) ? parsed.value.outputParameters : parsed.value;
    const outputParameters = list === null || list === undefined ? [] : list;
    if (!isOutputParameters(outputParameters)) throw shapeError(context, 'a list of output parameters', parsed.value);
    return { mode, outputParameters, outputs: await decodeOutputs(outputParameters) };
  }
  if (parsed?.ok) {
    const jobId = jobIdOf(parsed.value);
    if (jobId === undefined) throw shapeError(context, 'a job id', parsed.value);
    return { mode, jobId };
  }
  // Not JSON: a bare id on one line is accepted; a page or a sentence is not.
  const bare = body.trim();
  if (/^[^\s<>{}[\]"]{1,200}$/.test(bare)) return { mode, jobId: bare };
  throw unexpected(context, 'expected a job id', body, status);
}
