import {
  type ApiError,
  apiErrorClassFor,
  type ErrorResponse,
  InvalidStateError,
  type JobwireError,
  type Redactor,
  serverMessage,
} from '@jobwire/core';

/**
 * Header added to a response whose body status overrode a successful HTTP status: it keeps the
 * HTTP status the server really sent (ELMA answers `200 OK` with `{"status": 404}`).
 */
export const HTTP_STATUS_HEADER = 'x-jobwire-http-status';

/** A body `status` that means failure: an HTTP error code. */
export function isErrorStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599;
}

/**
 * ELMA-specific error classes. A cancel the server refuses because of the task's state (not in
 * the queue any more) is an `InvalidStateError`; ELMA says so with 400, 409 or 422 [guess: the
 * documentation shows no error body]. A 403 (another system's task) stays a `PermissionError`.
 */
export function mapElmaError(response: ErrorResponse): JobwireError | undefined {
  if (response.operation === 'cancelTask' && [400, 409, 422].includes(response.status)) {
    return new InvalidStateError(response.defaultMessage, {
      vendor: response.vendor,
      operation: response.operation,
      status: response.status,
      body: response.body,
      headers: response.headers,
    });
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
  const init = { vendor: 'elma-rpa' as const, operation, status: body.status, body: redacted };
  const mapped = mapElmaError({
    ...init,
    statusText: '',
    headers: {},
    message,
    retryAfterMs: undefined,
    defaultMessage,
  });
  if (mapped) return mapped as ApiError;
  const ErrorClass = apiErrorClassFor(body.status);
  return new ErrorClass(defaultMessage, init);
}
