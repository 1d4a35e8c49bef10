/**
 * Request ids: the id a server (or the proxy in front of it) gives each answer, which its support
 * can look up in their logs. Read only when an error or a log line is built (error-answer.ts,
 * log-lines.ts), never on a quiet call, and loaded with the error path: not in a client's up-front
 * bundle.
 *
 * None of the five vendors' documents names a request-id header (specs/<vendor>/samples/README.md,
 * "Request ids"), so this generic list is what is looked for; a vendor whose documents name one
 * adds it with `HttpTransportOptions.requestIdHeaders`, looked at first.
 */
import type { Redactor } from '../redact.js';

/**
 * The response headers read for a request id, in this order (the first one present wins):
 * - `x-request-id`: Rails (`ActionDispatch::RequestId`), Heroku's router, nginx's `$request_id`
 *   and most API gateways and reverse proxies;
 * - `request-id`: ASP.NET's hierarchical `Request-Id` and the HTTP API design guides that name it;
 * - `x-correlation-id`, `correlation-id`: API gateways and Java/.NET middleware that correlate one
 *   request across services;
 * - `x-ms-request-id`: Microsoft's (Azure, IIS-hosted) front ends;
 * - `x-amzn-requestid`: AWS API Gateway and load balancers in front of a server.
 */
export const REQUEST_ID_HEADERS: readonly string[] = Object.freeze([
  'x-request-id',
  'request-id',
  'x-correlation-id',
  'correlation-id',
  'x-ms-request-id',
  'x-amzn-requestid',
]);

/** The longest request id kept: ids are UUIDs or a few of them (36–100 characters). */
export const MAX_REQUEST_ID_LENGTH = 128;

/**
 * The request id of an answer: the first of `extra` (a vendor's own names), then
 * `REQUEST_ID_HEADERS`, that the answer carries, redacted (a secret echoed in it becomes `***`),
 * printable ASCII only (a header-safe value for logs and support tickets), at most
 * `MAX_REQUEST_ID_LENGTH` characters; undefined when there is none.
 */
export function requestIdOf(headers: Headers, redactor: Redactor, extra?: readonly string[] | undefined): string | undefined {
  const names = extra && extra.length > 0 ? [...extra, ...REQUEST_ID_HEADERS] : REQUEST_ID_HEADERS;
  for (const name of names) {
    const value = headers.get(name);
    if (value === null) continue;
    // Redacted whole before it is cut, so a cut never leaves part of a secret behind.
    const id = redactor
      .text(value)
      .replace(/[^\x20-\x7e]+/g, '')
      .trim()
      .slice(0, MAX_REQUEST_ID_LENGTH)
      .trim();
    if (id !== '') return id;
  }
  return undefined;
}
