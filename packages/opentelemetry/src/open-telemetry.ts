// The contract's scopes as OpenTelemetry spans and metrics.
import type {
  AttemptInfo,
  AttemptOutcome,
  AttemptScope,
  CallInfo,
  CallScope,
  Instrumentation,
  JobState,
  WaitInfo,
  WaitPoll,
  WaitScope,
} from '@jobwire/core';
import {
  type Attributes,
  type Context,
  context,
  createNoopMeter,
  type MeterProvider,
  metrics,
  ProxyTracerProvider,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { attemptErrorType, errorMessageOf, errorTypeOf, methodOf, type Server, serverOf } from './attributes.js';
import { createInstruments, type Instruments } from './instruments.js';

/** Options of {@link openTelemetry}. */
export interface OpenTelemetryOptions {
  /** Where spans go; the globally registered provider by default (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider | undefined;
  /**
   * Where metrics go; the globally registered provider by default. The meter is taken when
   * `openTelemetry()` is called: register the SDK before, or pass the provider here.
   */
  meterProvider?: MeterProvider | undefined;
  /**
   * Send the attempt's context to the server (`traceparent`, through the registered propagator).
   * Off by default: vendor servers do not read it, and it tells them your trace ids.
   */
  propagate?: boolean | undefined;
}

/** The instrumentation scope name of the tracer and meter. */
const SCOPE_NAME = '@jobwire/opentelemetry';
declare const __PACKAGE_VERSION__: string;

/**
 * An `Instrumentation` for a jobwire client (`ClientOptions.instrumentation`) that records
 * OpenTelemetry traces and metrics:
 *
 * - a span `<vendor>.<operation>` (kind CLIENT) per client call, with `jobwire.vendor` and `jobwire.job.id`;
 * - under it a span per HTTP attempt, named by its method (`GET`) as the HTTP conventions say, with
 *   `http.request.method`, `url.full` (redacted), `server.address`, `server.port`,
 *   `http.response.status_code`, `error.type`, `http.request.resend_count` (when above 0) and
 *   `jobwire.request_id`;
 * - a span `<vendor>.waitForJob` per wait, with an event `poll` per poll;
 * - the metrics `http.client.request.duration`, `http.client.active_requests`,
 *   `jobwire.client.retries`, `jobwire.client.errors`, `jobwire.wait.polls`, `jobwire.wait.duration`.
 *
 * @example
 * ```ts
 * import { createAlteryxServerClient } from '@jobwire/alteryx-server';
 * import { openTelemetry } from '@jobwire/opentelemetry';
 *
 * const alteryx = createAlteryxServerClient(
 *   { baseUrl: 'https://alteryx.example.com/webapi', clientId: 'key', clientSecret: 'secret' },
 *   { instrumentation: openTelemetry() },
 * );
 * ```
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): Instrumentation {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE_NAME, __PACKAGE_VERSION__);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE_NAME, __PACKAGE_VERSION__);
  const instruments = createInstruments(meter);
  const propagate = options.propagate === true;
  // Metrics have no proxy: a meter taken while no provider was registered stays a no-op.
  const metersRecord = !(meter instanceof (createNoopMeter().constructor as new () => unknown));
  // The global tracer provider is the API's proxy, registered or not: a tracer provider is there once
  // the proxy has a delegate (then for good; the answer is kept).
  let tracersRecord = options.tracerProvider !== undefined;
  const tracerRegistered = () => {
    const provider = trace.getTracerProvider();
    return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer(SCOPE_NAME) !== undefined;
  };
  return {
    startCall: (call) => startCall(tracer, instruments, propagate, call),
    startWait: (wait) => startWait(tracer, instruments, wait),
    // Asked before each call and wait: with no tracer provider and no meter registered nothing would
    // be recorded, and the client calls no hook.
    active() {
      if (!metersRecord && !tracersRecord) tracersRecord = tracerRegistered();
      return metersRecord || tracersRecord;
    },
  };
}

function startCall(tracer: Tracer, instruments: Instruments, propagate: boolean, call: CallInfo): CallScope {
  const span = tracer.startSpan(`${call.vendor}.${call.operation}`, { kind: SpanKind.CLIENT });
  if (span.isRecording()) {
    span.setAttribute('jobwire.vendor', call.vendor);
    span.setAttribute('jobwire.operation', call.operation);
    if (call.jobId !== undefined) span.setAttribute('jobwire.job.id', call.jobId);
  }
  const spanContext = trace.setSpan(context.active(), span);
  return {
    run: (fn) => context.with(spanContext, fn),
    startAttempt: (attempt) => startAttempt(tracer, instruments, propagate, call, spanContext, attempt),
    end(error) {
      if (error !== undefined) {
        const errorType = errorTypeOf(error);
        instruments.errors.add(1, {
          'jobwire.vendor': call.vendor,
          'jobwire.operation': call.operation,
          'error.type': errorType,
        });
        if (span.isRecording()) {
          span.setAttribute('error.type', errorType);
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessageOf(error) });
        }
      }
      span.end();
    },
  };
}

function startAttempt(
  tracer: Tracer,
  instruments: Instruments,
  propagate: boolean,
  call: CallInfo,
  parent: Context,
  attempt: AttemptInfo,
): AttemptScope {
  const started = performance.now();
  const method = methodOf(attempt.method);
  const server: Server | undefined = serverOf(attempt.url);
  const metricAttributes: Attributes = { 'http.request.method': method, 'jobwire.vendor': call.vendor };
  if (server) {
    metricAttributes['server.address'] = server.address;
    if (server.port !== undefined) metricAttributes['server.port'] = server.port;
  }
  const span = tracer.startSpan(method === '_OTHER' ? 'HTTP' : method, { kind: SpanKind.CLIENT }, parent);
  if (span.isRecording()) {
    span.setAttribute('http.request.method', method);
    if (method === '_OTHER') span.setAttribute('http.request.method_original', attempt.method);
    span.setAttribute('url.full', attempt.url);
    if (server) {
      span.setAttribute('server.address', server.address);
      if (server.port !== undefined) span.setAttribute('server.port', server.port);
    }
    if (attempt.resendCount > 0) span.setAttribute('http.request.resend_count', attempt.resendCount);
  }
  if (attempt.resendCount > 0) instruments.retries.add(1, { 'jobwire.vendor': call.vendor, 'jobwire.operation': call.operation });
  instruments.activeRequests.add(1, metricAttributes);
  let ended = false;
  return {
    headers: propagate ? () => injected(span) : () => undefined,
    end(outcome: AttemptOutcome) {
      if (ended) return; // the contract says once; a second end must not count twice
      ended = true;
      instruments.activeRequests.add(-1, metricAttributes);
      const errorType = attemptErrorType(outcome.status, outcome.error);
      const durationAttributes: Attributes = { ...metricAttributes };
      if (outcome.status !== undefined) durationAttributes['http.response.status_code'] = outcome.status;
      if (errorType !== undefined) durationAttributes['error.type'] = errorType;
      instruments.requestDuration.record((performance.now() - started) / 1000, durationAttributes);
      if (span.isRecording()) {
        if (outcome.status !== undefined) span.setAttribute('http.response.status_code', outcome.status);
        if (outcome.requestId !== undefined) span.setAttribute('jobwire.request_id', outcome.requestId);
        if (errorType !== undefined) {
          span.setAttribute('error.type', errorType);
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessageOf(outcome.error) });
        }
      }
      span.end();
    },
  };
}

/** The propagator's headers for a span's context (`traceparent`…), or undefined when it gives none. */
function injected(span: Span): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

function startWait(tracer: Tracer, instruments: Instruments, wait: WaitInfo): WaitScope {
  const started = performance.now();
  const span = tracer.startSpan(`${wait.vendor}.waitForJob`, { kind: SpanKind.INTERNAL });
  if (span.isRecording()) {
    span.setAttribute('jobwire.vendor', wait.vendor);
    span.setAttribute('jobwire.job.id', wait.jobId);
  }
  const spanContext = trace.setSpan(context.active(), span);
  let polls = 0;
  let ended = false;
  return {
    run: (fn) => context.with(spanContext, fn),
    poll(event: WaitPoll) {
      polls = Math.max(polls, event.poll);
      if (!span.isRecording()) return;
      const attributes: Attributes = { 'jobwire.poll': event.poll };
      if (event.state !== undefined) attributes['jobwire.job.state'] = event.state;
      if (event.vendorStatus !== undefined) attributes['jobwire.vendor_status'] = event.vendorStatus;
      if (event.delayMs !== undefined) attributes['jobwire.poll.delay_ms'] = event.delayMs;
      if (event.reason !== undefined) attributes['jobwire.poll.delay_reason'] = event.reason;
      if (event.error !== undefined) attributes['error.type'] = errorTypeOf(event.error);
      span.addEvent('poll', attributes);
    },
    end(outcome: { state?: JobState | undefined; vendorStatus?: string | undefined; error?: unknown }) {
      if (ended) return;
      ended = true;
      const metricAttributes: Attributes = { 'jobwire.vendor': wait.vendor };
      if (outcome.error !== undefined) {
        metricAttributes['jobwire.wait.outcome'] = 'error';
        metricAttributes['error.type'] = errorTypeOf(outcome.error);
      } else {
        metricAttributes['jobwire.wait.outcome'] = outcome.state ?? 'unknown';
      }
      instruments.waitPolls.record(polls, metricAttributes);
      instruments.waitDuration.record((performance.now() - started) / 1000, metricAttributes);
      if (span.isRecording()) {
        if (outcome.state !== undefined) span.setAttribute('jobwire.job.state', outcome.state);
        if (outcome.vendorStatus !== undefined) span.setAttribute('jobwire.vendor_status', outcome.vendorStatus);
        if (outcome.error !== undefined) {
          span.setAttribute('error.type', errorTypeOf(outcome.error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessageOf(outcome.error) });
        }
      }
      span.end();
    },
  };
}
