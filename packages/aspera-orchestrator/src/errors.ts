import { apiErrorClassFor, type ErrorResponse, InvalidStateError, type JobwireError, NotFoundError } from '@jobwire/core';

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

// Orchestrator answers 500 for many client mistakes; these sentences say which one it was.
const NOT_FOUND = /couldn'?t find|not found|does not exist|no such/i;
const WRONG_STATE = /cannot be (cancel|reset)|not (cancel|reset)able|already (complete|canceled|cancelled|finished|failed)/i;

/** Maps an Orchestrator error: message = the body's first line, and the sentence picks the class. */
export function mapAsperaError(response: ErrorResponse): JobwireError | undefined {
  const line = firstLineOf(response.body, response.message);
  const statusLine = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const message = `${response.vendor} ${response.operation} failed: ${statusLine}${line ? `: ${line}` : ''}`;
  const init = {
    vendor: response.vendor,
    operation: response.operation,
    status: response.status,
    body: response.body,
    headers: response.headers,
    retryAfterMs: response.retryAfterMs,
  };
  if (response.status !== 401 && response.status !== 403 && WRONG_STATE.test(line)) return new InvalidStateError(message, init);
  if (response.status === 500 && NOT_FOUND.test(line)) return new NotFoundError(message, init);
  const ErrorClass = apiErrorClassFor(response.status);
  return new ErrorClass(message, init);
}
