import { apiErrorClassFor, apiErrorInit, InvalidStateError, isRecord, type JobwireError, NotFoundError } from '@jobwire/core';
import type { ErrorResponse } from '@jobwire/core/internal';

const MAX_LINE = 300;

/**
 * The first meaningful line of an Orchestrator error body. Its 404/500 bodies are a message
 * followed by a Ruby stack trace: the message is what the caller needs, the trace is noise (and
 * stays available, redacted, in `error.body`).
 */
export function firstLineOf(body: unknown, fallback: string): string {
  if (typeof body !== 'string') return fallback;
  const xmlMessage = /<(?:error|message)>([^<]+)<\/(?:error|message)>/i.exec(body)?.[1];
  if (/^\s*</.test(body)) return xmlMessage?.trim() ?? fallback;
  const line = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (!line) return fallback;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

/**
 * What an Orchestrator JSON error body says, read the way IBM's aspera-cli reads it
 * (`lib/aspera/rest_errors_aspera.rb`): `{ "work_order": { "statusDetails": ".." }, "missing_parameters": [..] }`.
 */
export interface AsperaErrorDetails {
  /** `work_order.statusDetails`: the server's explanation. */
  statusDetails?: string;
  /** `missing_parameters`: the inputs the request lacked (empty when none). */
  missingParameters: string[];
}

/** The details of a JSON error body (see `AsperaErrorDetails`); `undefined` for plain-text bodies and other shapes. */
export function errorDetailsOf(body: unknown): AsperaErrorDetails | undefined {
  let value = body;
  if (typeof body === 'string' && body.trimStart().startsWith('{')) {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }
  if (!isRecord(value)) return undefined;
  const order = isRecord(value.work_order) ? value.work_order : undefined;
  const statusDetails = typeof order?.statusDetails === 'string' && order.statusDetails !== '' ? order.statusDetails : undefined;
  const missing = Array.isArray(value.missing_parameters) ? value.missing_parameters.map(String) : [];
  if (statusDetails === undefined && missing.length === 0) return undefined;
  return statusDetails === undefined ? { missingParameters: missing } : { statusDetails, missingParameters: missing };
}

/** The `AsperaErrorDetails` an error carries (`statusDetails`, `missingParameters`), when the server sent a JSON error body. */
export function asperaErrorDetails(error: unknown): AsperaErrorDetails | undefined {
  return isRecord(error) && isRecord(error.details) && Array.isArray(error.details.missingParameters)
    ? (error.details as unknown as AsperaErrorDetails)
    : undefined;
}

// Orchestrator answers 500 for many client mistakes; these sentences say which one it was.
const NOT_FOUND = /couldn'?t find|not found|does not exist|no such/i;
const WRONG_STATE = /cannot be (cancel|reset)|not (cancel|reset)able|already (complete|canceled|cancelled|finished|failed)/i;

/** Maps an Orchestrator error: message = the body's first line, and the sentence picks the class. */
export function mapAsperaError(response: ErrorResponse): JobwireError | undefined {
  const details = errorDetailsOf(response.body);
  const line = details
    ? [details.statusDetails, ...details.missingParameters.map((name) => `missing parameter: ${name}`)]
        .filter((part) => part !== undefined)
        .join('; ')
    : firstLineOf(response.body, response.message);
  const statusLine = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const message = `${response.vendor} ${response.operation} failed: ${statusLine}${line ? `: ${line}` : ''}`;
  const ErrorClass =
    response.status !== 401 && response.status !== 403 && WRONG_STATE.test(line)
      ? InvalidStateError
      : response.status === 500 && NOT_FOUND.test(line)
        ? NotFoundError
        : apiErrorClassFor(response.status);
  const error = new ErrorClass(message, apiErrorInit(response));
  // The body's statusDetails and missing_parameters, typed: read them with asperaErrorDetails(error).
  if (details) Object.defineProperty(error, 'details', { value: details, enumerable: true });
  return error;
}
