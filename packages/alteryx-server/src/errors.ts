import { ApiError, apiErrorInit, InvalidStateError, type JobwireError, NotFoundError, PermissionError } from '@jobwire/core';
import type { ErrorResponse } from '@jobwire/core/internal';

/**
 * Operations whose endpoint is documented only from some Server version on (help.alteryx.com
 * "Job Endpoints" pages, see specs/alteryx-server/samples/README.md): the first version listing it.
 */
const FIRST_DOCUMENTED_IN: Readonly<Record<string, string>> = { getJobMessages: '2024.2', cancelJob: '2025.1' };

/**
 * Alteryx answers a cancel it will not do with 400 and a sentence: the sentence says which error
 * it is. Servers older than the first version documenting the messages (2024.2) or cancel (2025.1)
 * endpoint answer 404/405 there without the JSON body a missing job gets.
 */
export function mapAlteryxError(response: ErrorResponse): JobwireError | undefined {
  const init = apiErrorInit(response);
  if (response.status === 400 && /not in '?queued'? or '?running'? state/i.test(response.message)) {
    return new InvalidStateError(response.defaultMessage, init);
  }
  if (response.status === 400 && /do not have permission/i.test(response.message)) {
    return new PermissionError(response.defaultMessage, init);
  }
  const jsonBody = typeof response.body === 'object' && response.body !== null;
  const since = FIRST_DOCUMENTED_IN[response.operation];
  if (since && (response.status === 405 || (response.status === 404 && !jsonBody))) {
    const message = `${response.defaultMessage} — the endpoint is not available on this server version (${response.operation} is documented from Alteryx Server ${since})`;
    return response.status === 404 ? new NotFoundError(message, init) : new ApiError(message, init);
  }
  return undefined;
}
