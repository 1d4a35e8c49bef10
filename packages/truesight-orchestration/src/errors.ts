import { ApiError, apiErrorInit, type JobwireError, NotFoundError } from '@jobwire/core';
import type { ErrorResponse } from '@jobwire/core/internal';
import { INVALID_INPUT } from './decode.js';

/** Operations that address a job by id: there "Invalid input" means the id does not exist. */
const JOB_OPERATIONS = new Set(['getJob', 'getJobStatus']);

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return '';
  }
}

/**
 * TrueSight answers an unknown job id with "Invalid input. No result generated" (the
 * documentation gives no HTTP status for it): on job operations that is a NotFoundError whatever
 * the status. 405 "Method not allowed" says the component or server version lacks the call (an
 * activity peer only executes processes before 7.9.01): the message says so.
 */
export function mapTrueSightError(response: ErrorResponse): JobwireError | undefined {
  const init = apiErrorInit(response);
  const said = `${response.message} ${bodyText(response.body)}`;
  if (JOB_OPERATIONS.has(response.operation) && response.status < 500 && INVALID_INPUT.test(said)) {
    return new NotFoundError(response.defaultMessage, init);
  }
  if (response.status === 405) {
    const hint =
      ' — this component or server version does not offer the call (an activity peer, baoap, only executes processes before TrueSight Orchestration 7.9.01)';
    return new ApiError(`${response.defaultMessage}${hint}`, init);
  }
  return undefined;
}
