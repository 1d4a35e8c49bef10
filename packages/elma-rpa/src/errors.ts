import {
  type ApiError,
  apiErrorClassFor,
  apiErrorInit,
  InvalidStateError,
  isRecord,
  type JobwireError,
  type Redactor,
} from '@jobwire/core';
import { type ErrorResponse, serverMessage } from '@jobwire/core/internal';

/**
 * Header of an error whose status came from the body: the HTTP status the server really sent
 * (ELMA answers `200 OK` with `{"status": 404}`). Core's, re-exported here.
 */
export { HTTP_STATUS_HEADER } from '@jobwire/core/internal';

/** A body `status` that means failure: an HTTP error code. */
export function isErrorStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599;
}

/**
 * ELMA answers every call with a JSON `status` that can differ from the HTTP status: `200 OK`
 * with `{"status": 404}` is a missing task. Read by the client's transport policy
 * (`elmaBodyStatusPolicy`, body-status-policy.ts), so such an answer becomes the same typed error (retried or not) as a real HTTP 404 or 503 would, with the
 * HTTP status really sent kept in `HTTP_STATUS_HEADER`. Only the top-level `status` counts (as
 * `JSON.parse` reads it: the last of duplicate keys); a `status` nested deeper or in a string does not.
 */
export function elmaBodyStatus(body: unknown): number | undefined {
  return isRecord(body) && isErrorStatus(body.status) ? body.status : undefined;
}

/**
 * ELMA-specific error classes. A cancel the server refuses because of the task's state (not in
 * the queue any more) is an `InvalidStateError`; ELMA says so with 400, 409 or 422 [guess: the
 * documentation shows no error body]. A 403 (another system's task) stays a `PermissionError`.
 */
export function mapElmaError(response: ErrorResponse): JobwireError | undefined {
  const cancel = response.operation === 'cancelTask' || response.operation === 'cancelJob';
  if (cancel && [400, 409, 422].includes(response.status)) {
    return new InvalidStateError(response.defaultMessage, apiErrorInit(response));
  }
  return undefined;
}

/**
 * The error for a JSON body whose `status` is an error code although it was not caught on the
 * wire (a body too large to look into there): same classes and message as the transport's.
 */
export function bodyStatusError(
  operation: string,
  body: Record<string, unknown> & { status: number },
  redactor: Redactor,
): ApiError {
  const redacted = redactor.value(body);
  const message = redactor.text(serverMessage(redacted, '', 'application/json'));
  const defaultMessage = `elma-rpa ${operation} failed: status ${body.status} in the response body${message ? `: ${message}` : ''}`;
  const response: ErrorResponse = {
    vendor: 'elma-rpa',
    operation,
    status: body.status,
    statusText: '',
    headers: {},
    body: redacted,
    message,
    retryAfterMs: undefined,
    defaultMessage,
  };
  const mapped = mapElmaError(response);
  if (mapped) return mapped as ApiError;
  const ErrorClass = apiErrorClassFor(body.status);
  return new ErrorClass(defaultMessage, apiErrorInit(response));
}
