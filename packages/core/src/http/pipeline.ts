/**
 * The transport as a pipeline of small named policies, one concern each (`policies/*.ts`), in the
 * manner of Azure's core-rest-pipeline (`createPipelineFromOptions.ts`). It is composed ONCE per
 * client, here: each policy gets the next one bound at composition time, so a call allocates no
 * closure for the chain, and a policy a client does not need (no logger, no credentials, no user
 * agent) is left out instead of being skipped on every call.
 *
 * The order, outermost first (a request goes down, its answer comes back up):
 *
 *  0. `traceCall`    only with an `instrumentation`: the call's scope (policies/trace-call.ts), so
 *                    that everything below, a token request included, runs inside it.
 *  1. `userAgent`    sets `User-Agent` once per call (not in browsers). First: every attempt sends it.
 *  2. `retry`        repeats everything below on a transient error, within the call's deadline;
 *                    an attempt is what it repeats, so all below runs once per attempt.
 *  3. `concurrencyLimit` takes one of `maxConcurrentRequests` slots for the attempt (credential
 *                    requests skip it); a call waiting in line is bounded by its deadline only.
 *  4. `timeout`      the attempt's one AbortController and one timer (its timeout or the call's
 *                    deadline, whichever is sooner), started once it has a slot, so waiting in
 *                    line does not eat the attempt's time; it turns an abort into the caller's
 *                    reason or a `TimeoutError`, and bounds a streamed body once it is handed over.
 *  5. `auth`         applies credentials (under the attempt's timer) and, on a 401, renews them
 *                    once and sends again within the attempt. Above the vendor's policies, so a 401
 *                    a vendor policy reads out of a body is renewed like a real one.
 *     `traceAttempt` only with an `instrumentation`: one attempt scope per request sent (the
 *                    resend after a renewal included), with the headers it propagates.
 *  6. the vendor's own policies (`HttpTransportOptions.policies`, in the order given): they see
 *                    the request before it goes and every 2xx answer of every attempt, read and
 *                    parsed; what they throw is retried, mapped and timed like any other error.
 *  7. `errorMapping` non-2xx answers become typed errors (`mapError`, then the status); network
 *                    failures become `ConnectionError`. Above body reading, whose failures it maps.
 *  8. `bodyReading`  reads a 2xx body whole under `maxResponseBytes` and parses JSON once, or
 *                    hands a stream over unread. Below it the answer is a bare `Response`:
 *  9. `logging`      one redacted debug line per exchange, with the final status and its time, and
 *                    a meta object (method, url, status, durationMs, attempt, requestId).
 * 10. `redirect`     follows or refuses 3xx answers itself (`redirect: 'manual'`, redirect.ts).
 *     then the sender: `fetch`.
 */
import type { JobwireError } from '../errors.js';
import type { Instrumentation } from '../instrumentation.js';
import type { VendorId } from '../status.js';
import type { TransportCall, TransportSettings } from './call.js';
import { loadTracing } from './lazy-chunks.js';
import type { Limiter } from './limiter.js';
import { authPolicy } from './policies/auth.js';
import { bodyReading } from './policies/body-reading.js';
import { concurrencyLimitPolicy } from './policies/concurrency-limit.js';
import { errorMappingPolicy } from './policies/error-mapping.js';
import { loggingPolicy } from './policies/logging.js';
import { redirectPolicy } from './policies/redirect.js';
import { retryPolicy } from './policies/retry.js';
import { timeoutPolicy } from './policies/timeout.js';
import { userAgentPolicy } from './policies/user-agent.js';

/**
 * The request a `TransportPolicy` sees: one call of the client, the same object on every attempt.
 * Change `headers` before calling `next`; pass `next` this same object.
 */
export interface TransportPolicyRequest {
  /** The vendor the client talks to. */
  readonly vendor: VendorId;
  /** The operation, as named in errors and logs (e.g. `getJobStatus`). */
  readonly operation: string;
  /** The HTTP method. */
  readonly method: string;
  /** The URL, ids encoded (not redacted: a policy is trusted code; keep it out of logs). */
  readonly url: string;
  /** The headers every attempt sends, credentials already set (the auth policy runs above the vendor's). */
  readonly headers: Headers;
  /** Aborts with the caller's reason or the attempt's `TimeoutError`; give it to anything a policy awaits. */
  readonly signal: AbortSignal;
}

/** A 2xx answer as a `TransportPolicy` sees it: read and parsed already, unless it streams. */
export interface TransportPolicyAnswer {
  /** The answer. Its body is read already, except for a streamed one (`body: 'stream'` operations). */
  readonly response: Response;
  /** The whole body as text (`''` when empty); undefined when the body streams. */
  readonly text: string | undefined;
  /** The parsed JSON when the body was read as JSON; the text when read as text; undefined when empty or streamed. */
  readonly value: unknown;
  /**
   * The body as parsed JSON, or undefined when it is not JSON. For a streamed answer that says it is
   * JSON, its first 64 KiB are read: when that is the whole body it is parsed (and the answer streams
   * the same bytes on); a longer body is no small JSON document and streams on whole, unbuffered.
   */
  json(): Promise<unknown>;
  /**
   * The typed error this answer stands for when its body says `status` (400–599) although HTTP said
   * 2xx: the class, message and retries of that HTTP status, the server's message, and the status
   * really sent in the `x-jobwire-http-status` header (`HTTP_STATUS_HEADER`). Throw it.
   */
  errorAs(status: number): Promise<JobwireError>;
}

/** Sends the request on through the rest of the pipeline and resolves with its (2xx) answer. */
export type TransportPolicyNext = (request: TransportPolicyRequest) => Promise<TransportPolicyAnswer>;

/**
 * A step a vendor adds to its client's HTTP pipeline (`HttpTransportOptions.policies`). Vendor
 * policies run once per attempt, inside retries, the concurrency limit, the attempt's timeout and
 * credentials, and above error mapping and body reading: they see each request before it goes and
 * each 2xx answer, read and parsed, and may throw a typed error (retried like any other).
 *
 * ```ts
 * const bodyStatus: TransportPolicy = {
 *   name: 'bodyStatus',
 *   async sendRequest(request, next) {
 *     const answer = await next(request);
 *     const body = answer.text === undefined ? await answer.json() : answer.value;
 *     const status = (body as { status?: unknown } | undefined)?.status;
 *     if (status === 404) throw await answer.errorAs(404);
 *     return answer;
 *   },
 * };
 * ```
 */
export interface TransportPolicy {
  /** What the policy does, in a word (`bodyStatus`); no two of a client's policies share one. */
  readonly name: string;
  /** Handles one attempt: may change `request.headers`, must call `next(request)` at most once per attempt, and return or refuse its answer. */
  sendRequest(request: TransportPolicyRequest, next: TransportPolicyNext): Promise<TransportPolicyAnswer>;
}

/** A 2xx-or-error answer inside the pipeline (answer.ts); what the policies above body reading pass up. */
export interface Answer extends TransportPolicyAnswer {
  response: Response;
}

/** One step above body reading: sees the call and answers. */
export interface CallPolicy {
  readonly name: string;
  sendRequest(call: TransportCall, next: (call: TransportCall) => Promise<Answer>): Promise<Answer>;
}

/** One step below body reading: sees the call and the bare `Response`. */
export interface ExchangePolicy {
  readonly name: string;
  sendRequest(call: TransportCall, next: (call: TransportCall) => Promise<Response>): Promise<Response>;
}

/** `policies` around `last`, each bound to the next once, here: a call costs no closure for the chain. */
export function compose<T>(
  policies: readonly { sendRequest(call: TransportCall, next: (call: TransportCall) => Promise<T>): Promise<T> }[],
  last: (call: TransportCall) => Promise<T>,
): (call: TransportCall) => Promise<T> {
  let next = last;
  for (let i = policies.length - 1; i >= 0; i--) {
    const policy = policies[i] as (typeof policies)[number];
    const inner = next;
    next = (call) => policy.sendRequest(call, inner);
  }
  return next;
}

/** What `createPipeline` needs besides the settings. */
export interface PipelineParts {
  limiter: Limiter;
  /** The `User-Agent` to send, when there is one (user-agent.ts decides). */
  userAgent: string | undefined;
  /** The vendor's own policies, in the order they run. */
  policies: readonly TransportPolicy[];
}

/** The client's pipeline, in the order documented at the top of this file. Called once per client. */
export function createPipeline(settings: TransportSettings, parts: PipelineParts): (call: TransportCall) => Promise<Answer> {
  const { send, logger, authenticator } = settings;
  const below: ExchangePolicy[] = [];
  if (logger) below.push(loggingPolicy(logger));
  below.push(redirectPolicy(settings));
  const exchange = compose(below, (call) =>
    typeof call.input === 'string'
      ? send(call.nextInput(), {
          method: call.method,
          headers: call.headers,
          body: call.requestBody,
          signal: call.signal,
          redirect: 'manual',
        })
      : send(call.nextInput(), { headers: call.headers, signal: call.signal, redirect: 'manual' }),
  );
  const above: CallPolicy[] = [];
  const { instrumentation } = settings;
  if (instrumentation) above.push(traced('traceCall', instrumentation));
  if (parts.userAgent !== undefined) above.push(userAgentPolicy(parts.userAgent));
  above.push(retryPolicy(logger), concurrencyLimitPolicy(parts.limiter), timeoutPolicy);
  if (authenticator) above.push(authPolicy(authenticator));
  if (instrumentation) above.push(traced('traceAttempt', instrumentation));
  // A vendor policy sees the call through its public face; it is the same object, passed on.
  above.push(...(parts.policies as readonly CallPolicy[]));
  above.push(errorMappingPolicy);
  return compose(above, bodyReading(exchange));
}

/** A tracing policy, its code loaded on the first call (tracing.ts): in no untraced client's bundle. */
function traced(name: 'traceCall' | 'traceAttempt', instrumentation: Instrumentation): CallPolicy {
  const run = async (call: TransportCall, next: (call: TransportCall) => Promise<Answer>) => {
    const tracing = loadTracing.loaded() ?? (await loadTracing());
    return name === 'traceCall' ? tracing.traceCall(instrumentation, call, next) : tracing.traceAttempt(call, next);
  };
  return {
    name,
    // A call the instrumentation would not record (`active()` false: nothing registered) skips
    // its hooks, and its attempts have no call scope to report to.
    sendRequest: (call, next) =>
      (name === 'traceCall' ? instrumentation.active?.() === false : call.scope === undefined) ? next(call) : run(call, next),
  };
}
