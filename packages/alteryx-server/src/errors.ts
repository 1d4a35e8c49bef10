import {
  ApiError,
  type ErrorResponse,
  InvalidStateError,
  type JobwireError,
  NotFoundError,
  PermissionError,
} from '@jobwire/core';

/** Operations that exist only on Alteryx Server 2025.1 and later. */
const NEW_IN_2025_1 = new Set(['getJobMessages', 'cancelJob']);

/**
 * Alteryx answers a cancel it will not do with 400 and a sentence: the sentence says which error
 * it is. Older servers (before 2025.1) have no messages or cancel endpoint and answer 404/405
 * without the JSON body a missing job gets.
 */
export function mapAlteryxError(response: ErrorResponse): JobwireError | undefined {
  const init = {
    vendor: response.vendor,
    operation: response.operation,
    status: response.status,
    body: response.body,
    headers: response.headers,
  };
  if (response.status === 400 && /not in '?queued'? or '?running'? state/i.test(response.message)) {
    return new InvalidStateError(response.defaultMessage, init);
  }
  if (response.status === 400 && /do not have permission/i.test(response.message)) {
    return new PermissionError(response.defaultMessage, init);
  }
  const jsonBody = typeof response.body === 'object' && response.body !== null;
  if (NEW_IN_2025_1.has(response.operation) && (response.status === 405 || (response.status === 404 && !jsonBody))) {
    const message = `${response.defaultMessage} — the endpoint is not available on this server version (${response.operation} needs Alteryx Server 2025.1 or later)`;
    return response.status === 404 ? new NotFoundError(message, init) : new ApiError(message, init);
  }
  return undefined;
}
