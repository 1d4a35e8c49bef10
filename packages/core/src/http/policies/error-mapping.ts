/**
 * Error mapping: a non-2xx answer becomes the typed error of its status (`ApiError` and its
 * subclasses, or what the vendor's `mapError` makes of it), with the server's own message and
 * `Retry-After`; a failure to talk to the server becomes `ConnectionError`. The code that decodes
 * error answers is loaded on the first one (error-answer.ts): most calls never need it.
 */
import { apiErrorClassFor, ConnectionError, JobwireError, UnexpectedResponseError } from '../../errors.js';
import { ERROR_BODY_MAX_BYTES, readBody } from '../body-limit.js';
import type { TransportCall } from '../call.js';
import type { ErrorAnswerContext } from '../error-answer.js';
import { loadErrorAnswer } from '../lazy-chunks.js';
import { describeNetworkError, safeCause } from '../network-error.js';
import type { Answer, CallPolicy } from '../pipeline.js';
import { parseRetryAfter } from '../retry-after.js';
import { excerptOf, serverMessage } from '../server-message.js';

/** Header added to an error whose status came from the body (`errorAs`): the HTTP status really sent. */
export const HTTP_STATUS_HEADER = 'x-jobwire-http-status';

// Core's error classes and helpers, for the error path (error-answer.ts), which imports none itself.
function errorContext(call: TransportCall): ErrorAnswerContext {
  const { vendor, redactor, mapError } = call.settings;
  const operation = call.operation;
  return {
    vendor,
    operation,
    redactor,
    mapError,
    call,
    apiErrorClassFor,
    unexpected: (message, init) => new UnexpectedResponseError(message, { vendor, operation, ...init }),
    excerptOf,
    serverMessage,
    parseRetryAfter,
    httpStatusHeader: HTTP_STATUS_HEADER,
  };
}

/** The typed error for a non-2xx answer, or for a 2xx one whose body said an error `status` (its text read already). */
export async function errorFrom(
  call: TransportCall,
  response: Response,
  fromBody?: { status: number; text: string },
): Promise<JobwireError> {
  // An error body is kept, redacted, up to ERROR_BODY_MAX_BYTES; a longer one is cut there (and not parsed).
  const read = fromBody ? { text: fromBody.text, over: false } : await readBody(response, ERROR_BODY_MAX_BYTES);
  const { errorFromAnswer } = await loadErrorAnswer();
  return errorFromAnswer(response, read, fromBody, errorContext(call));
}

/** The `UnexpectedResponseError` for a 2xx answer over `maxBytes` (when given) or not the JSON expected. */
export async function unusable(call: TransportCall, response: Response, text: string, maxBytes?: number): Promise<never> {
  const { unusableAnswer } = await loadErrorAnswer();
  throw unusableAnswer(response, text, maxBytes, errorContext(call));
}

/**
 * What a failure below becomes. An aborted attempt is left to the timeout policy (the caller's
 * reason, or the attempt's `TimeoutError`); jobwire's own errors pass as they are (e.g. the token
 * request's `ConnectionError` inside a status call: wrapping it again said host and cause twice);
 * anything else is the network.
 */
export function failure(call: TransportCall, error: unknown): unknown {
  if (call.signal.aborted || error instanceof JobwireError) return error;
  const { vendor, redactor } = call.settings;
  const operation = call.operation;
  return new ConnectionError(
    `${vendor} ${operation}: could not reach ${call.redactedUrl()}: ${describeNetworkError(error, redactor)}`,
    { vendor, operation, cause: safeCause(error, redactor), attempts: call.attempts },
  );
}

/** Non-2xx answers → typed errors; network failures → `ConnectionError`. */
export const errorMappingPolicy: CallPolicy = {
  name: 'errorMapping',
  async sendRequest(call, next) {
    let answer: Answer;
    try {
      answer = await next(call);
    } catch (error) {
      throw failure(call, error);
    }
    if (answer.response.ok) return answer;
    let error: unknown;
    try {
      error = await errorFrom(call, answer.response);
    } catch (readFailure) {
      error = failure(call, readFailure);
    }
    throw error;
  },
};
