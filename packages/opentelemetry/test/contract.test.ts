/**
 * `openTelemetry()` driven the way core's policies and wait drive the contract (a fake driver, no
 * HTTP), recorded by the real SDK: span names, kinds, parents, attributes, statuses, events, metrics.
 */
import { ServerError, TimeoutError } from '@jobwire/core';
import { propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptErrorType, errorTypeOf, methodOf, serverOf } from '../src/attributes.js';
import { openTelemetry } from '../src/index.js';
import { childrenOf, onlySpan, parentOf, startTestSdk, type TestSdk } from './support/sdk.js';

let sdk: TestSdk;
beforeEach(() => {
  sdk = startTestSdk();
});
afterEach(async () => {
  await sdk.shutdown();
});

const URL_A = 'http://127.0.0.1:8123/api/jobs/42?token=%5BREDACTED%5D';

describe('a client call', () => {
  it('one call span (CLIENT, <vendor>.<operation>) with one attempt span (CLIENT, GET) under it', async () => {
    const otel = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const call = otel.startCall({ vendor: 'alteryx-server', operation: 'getJobStatus', method: 'GET', url: URL_A, jobId: '42' });
    const answer = await call.run(async () => {
      const attempt = call.startAttempt({ attempt: 1, resendCount: 0, method: 'GET', url: URL_A });
      expect(attempt.headers()).toBeUndefined(); // propagate is off by default
      attempt.end({ status: 200, requestId: 'req-1' });
      return 'done';
    });
    call.end();
    expect(answer).toBe('done');

    const spans = sdk.spans();
    expect(spans).toHaveLength(2);
    const callSpan = onlySpan(spans, 'alteryx-server.getJobStatus');
    expect(callSpan.kind).toBe(SpanKind.CLIENT);
    expect(parentOf(callSpan)).toBeUndefined();
    expect(callSpan.attributes['jobwire.vendor']).toBe('alteryx-server');
    expect(callSpan.attributes['jobwire.operation']).toBe('getJobStatus');
    expect(callSpan.attributes['jobwire.job.id']).toBe('42');
    expect(callSpan.status.code).toBe(SpanStatusCode.UNSET);
    expect(callSpan.instrumentationScope.name).toBe('@jobwire/opentelemetry');

    const [attemptSpan] = childrenOf(spans, callSpan);
    expect(attemptSpan?.name).toBe('GET');
    expect(attemptSpan?.kind).toBe(SpanKind.CLIENT);
    expect(attemptSpan?.attributes['http.request.method']).toBe('GET');
    expect(attemptSpan?.attributes['url.full']).toBe(URL_A);
    expect(attemptSpan?.attributes['server.address']).toBe('127.0.0.1');
    expect(attemptSpan?.attributes['server.port']).toBe(8123);
    expect(attemptSpan?.attributes['http.response.status_code']).toBe(200);
    expect(attemptSpan?.attributes['jobwire.request_id']).toBe('req-1');
    expect(attemptSpan?.attributes['http.request.resend_count']).toBeUndefined();
    expect(attemptSpan?.attributes['error.type']).toBeUndefined();
    expect(attemptSpan?.status.code).toBe(SpanStatusCode.UNSET);

    const metrics = await sdk.metrics();
    const durations = metrics.get('http.client.request.duration') ?? [];
    expect(durations).toHaveLength(1);
    expect(durations[0]?.attributes).toEqual({
      'http.request.method': 'GET',
      'jobwire.vendor': 'alteryx-server',
      'server.address': '127.0.0.1',
      'server.port': 8123,
      'http.response.status_code': 200,
    });
    expect((durations[0]?.value as Histogram | undefined)?.count).toBe(1);
    expect(metrics.get('http.client.active_requests')?.[0]?.value).toBe(0);
    expect(metrics.get('jobwire.client.retries')).toBeUndefined();
    expect(metrics.get('jobwire.client.errors')).toBeUndefined();
  });

  it('a retried call: two attempts, the second with resend_count 1, the 503 one an error with error.type "503"', async () => {
    const otel = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const call = otel.startCall({ vendor: 'elma-rpa', operation: 'getJobStatus', method: 'GET', url: URL_A });
    await call.run(async () => {
      const first = call.startAttempt({ attempt: 1, resendCount: 0, method: 'GET', url: URL_A });
      first.end({
        status: 503,
        error: new ServerError('elma-rpa getJobStatus: 503 busy', { vendor: 'elma-rpa', operation: 'getJobStatus', status: 503 }),
      });
      const second = call.startAttempt({ attempt: 2, resendCount: 1, method: 'GET', url: URL_A });
      second.end({ status: 200 });
    });
    call.end();

    const spans = sdk.spans();
    const callSpan = onlySpan(spans, 'elma-rpa.getJobStatus');
    expect(callSpan.attributes['jobwire.job.id']).toBeUndefined();
    const attempts = childrenOf(spans, callSpan);
    expect(attempts.map((span) => span.name)).toEqual(['GET', 'GET']);
    expect(attempts[0]?.attributes['error.type']).toBe('503');
    expect(attempts[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'elma-rpa getJobStatus: 503 busy' });
    expect(attempts[0]?.attributes['http.request.resend_count']).toBeUndefined();
    expect(attempts[1]?.attributes['http.request.resend_count']).toBe(1);
    expect(attempts[1]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(callSpan.status.code).toBe(SpanStatusCode.UNSET);

    const metrics = await sdk.metrics();
    expect(metrics.get('jobwire.client.retries')?.map((p) => [p.attributes, p.value])).toEqual([
      [{ 'jobwire.vendor': 'elma-rpa', 'jobwire.operation': 'getJobStatus' }, 1],
    ]);
    const durations = metrics.get('http.client.request.duration') ?? [];
    expect(durations.map((p) => [p.attributes['http.response.status_code'], p.attributes['error.type']])).toEqual([
      [503, '503'],
      [200, undefined],
    ]);
  });

  it('a failed call: status ERROR with the message, error.type the class name, counted in jobwire.client.errors', async () => {
    const otel = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const call = otel.startCall({ vendor: 'nagra-apubi', operation: 'getTaskStatus', method: 'POST', url: URL_A });
    const error = new TimeoutError('nagra-apubi getTaskStatus: no answer within 30000 ms', {
      vendor: 'nagra-apubi',
      operation: 'getTaskStatus',
      timeoutMs: 30000,
    });
    await expect(
      call.run(async () => {
        const attempt = call.startAttempt({ attempt: 1, resendCount: 0, method: 'POST', url: URL_A });
        attempt.end({ error });
        throw error;
      }),
    ).rejects.toBe(error);
    call.end(error);

    const spans = sdk.spans();
    const callSpan = onlySpan(spans, 'nagra-apubi.getTaskStatus');
    expect(callSpan.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
    expect(callSpan.attributes['error.type']).toBe('TimeoutError');
    const [attempt] = childrenOf(spans, callSpan);
    expect(attempt?.name).toBe('POST');
    expect(attempt?.attributes['error.type']).toBe('TimeoutError');
    expect(attempt?.attributes['http.response.status_code']).toBeUndefined();
    expect(callSpan.events).toEqual([]); // no exception event: no stack traces with local paths

    const metrics = await sdk.metrics();
    expect(metrics.get('jobwire.client.errors')?.map((p) => [p.attributes, p.value])).toEqual([
      [{ 'jobwire.vendor': 'nagra-apubi', 'jobwire.operation': 'getTaskStatus', 'error.type': 'TimeoutError' }, 1],
    ]);
  });

  it('a login made inside a call is a child call span with its own attempt', async () => {
    const otel = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const call = otel.startCall({ vendor: 'truesight-orchestration', operation: 'getJobStatus', method: 'GET', url: URL_A });
    await call.run(async () => {
      const first = call.startAttempt({ attempt: 1, resendCount: 0, method: 'GET', url: URL_A });
      first.end({ status: 401 });
      const login = otel.startCall({ vendor: 'truesight-orchestration', operation: 'login', method: 'POST', url: URL_A });
      await login.run(async () =>
        login.startAttempt({ attempt: 1, resendCount: 0, method: 'POST', url: URL_A }).end({ status: 200 }),
      );
      login.end();
      call.startAttempt({ attempt: 2, resendCount: 1, method: 'GET', url: URL_A }).end({ status: 200 });
    });
    call.end();

    const spans = sdk.spans();
    const callSpan = onlySpan(spans, 'truesight-orchestration.getJobStatus');
    const children = childrenOf(spans, callSpan);
    expect(children.map((span) => span.name)).toEqual(['GET', 'truesight-orchestration.login', 'GET']);
    const loginSpan = onlySpan(spans, 'truesight-orchestration.login');
    expect(childrenOf(spans, loginSpan).map((span) => span.name)).toEqual(['POST']);
    expect(children[0]?.attributes['error.type']).toBe('401');
    expect(children[2]?.attributes['http.request.resend_count']).toBe(1);
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1);
  });

  it("propagate: true → headers() gives the attempt span's traceparent", async () => {
    const otel = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider, propagate: true });
    const call = otel.startCall({ vendor: 'alteryx-server', operation: 'getJobStatus', method: 'GET', url: URL_A });
    let headers: Record<string, string> | undefined;
    await call.run(async () => {
      const attempt = call.startAttempt({ attempt: 1, resendCount: 0, method: 'GET', url: URL_A });
      headers = attempt.headers();
      attempt.end({ status: 200 });
    });
    call.end();
    const attemptSpan = onlySpan(sdk.spans(), 'GET');
    const { traceId, spanId } = attemptSpan.spanContext();
    expect(headers).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
  });

  it('ending an attempt twice counts it once', async () => {
    const otel = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const call = otel.startCall({ vendor: 'alteryx-server', operation: 'getJobStatus', method: 'GET', url: URL_A });
    const attempt = call.startAttempt({ attempt: 1, resendCount: 0, method: 'GET', url: URL_A });
    attempt.end({ status: 200 });
    attempt.end({ status: 500 });
    call.end();
    const metrics = await sdk.metrics();
    expect(metrics.get('http.client.request.duration')).toHaveLength(1);
    expect(metrics.get('http.client.active_requests')?.[0]?.value).toBe(0);
  });
});

describe('a wait', () => {
  it('one span <vendor>.waitForJob with a poll event per poll and the final state', async () => {
    const otel = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const wait = otel.startWait({ vendor: 'aspera-orchestrator', jobId: '8461' });
    await wait.run(async () => {
      const call = otel.startCall({
        vendor: 'aspera-orchestrator',
        operation: 'getWorkOrder',
        method: 'GET',
        url: URL_A,
        jobId: '8461',
      });
      call.end();
      wait.poll({ poll: 1, state: 'queued', vendorStatus: 'Queued', delayMs: 1000, reason: 'schedule' });
      wait.poll({
        poll: 2,
        state: undefined,
        vendorStatus: undefined,
        delayMs: 2000,
        reason: 'error',
        error: new ServerError('x', { vendor: 'aspera-orchestrator', operation: 'getWorkOrder', status: 502 }),
      });
      wait.poll({ poll: 3, state: 'succeeded', vendorStatus: 'Complete', delayMs: undefined, reason: undefined });
    });
    wait.end({ state: 'succeeded', vendorStatus: 'Complete' });

    const spans = sdk.spans();
    const waitSpan = onlySpan(spans, 'aspera-orchestrator.waitForJob');
    expect(waitSpan.kind).toBe(SpanKind.INTERNAL);
    expect(waitSpan.attributes['jobwire.vendor']).toBe('aspera-orchestrator');
    expect(waitSpan.attributes['jobwire.job.id']).toBe('8461');
    expect(waitSpan.attributes['jobwire.job.state']).toBe('succeeded');
    expect(waitSpan.attributes['jobwire.vendor_status']).toBe('Complete');
    expect(waitSpan.status.code).toBe(SpanStatusCode.UNSET);
    expect(childrenOf(spans, waitSpan).map((span) => span.name)).toEqual(['aspera-orchestrator.getWorkOrder']);
    expect(waitSpan.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'poll',
        {
          'jobwire.poll': 1,
          'jobwire.job.state': 'queued',
          'jobwire.vendor_status': 'Queued',
          'jobwire.poll.delay_ms': 1000,
          'jobwire.poll.delay_reason': 'schedule',
        },
      ],
      [
        'poll',
        { 'jobwire.poll': 2, 'jobwire.poll.delay_ms': 2000, 'jobwire.poll.delay_reason': 'error', 'error.type': 'ServerError' },
      ],
      ['poll', { 'jobwire.poll': 3, 'jobwire.job.state': 'succeeded', 'jobwire.vendor_status': 'Complete' }],
    ]);

    const metrics = await sdk.metrics();
    const polls = metrics.get('jobwire.wait.polls') ?? [];
    expect(polls.map((p) => [p.attributes, (p.value as Histogram).sum, (p.value as Histogram).count])).toEqual([
      [{ 'jobwire.vendor': 'aspera-orchestrator', 'jobwire.wait.outcome': 'succeeded' }, 3, 1],
    ]);
    expect(metrics.get('jobwire.wait.duration')?.[0]?.attributes).toEqual({
      'jobwire.vendor': 'aspera-orchestrator',
      'jobwire.wait.outcome': 'succeeded',
    });
  });

  it('an aborted wait ends with status ERROR and error.type AbortError', async () => {
    const otel = openTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const wait = otel.startWait({ vendor: 'elma-rpa', jobId: 'a/b' });
    wait.poll({ poll: 1, state: 'running', vendorStatus: 'InProgress', delayMs: 500, reason: 'schedule' });
    const error = new DOMException('elma-rpa waitForJob: aborted', 'AbortError');
    wait.end({ error });
    const waitSpan = onlySpan(sdk.spans(), 'elma-rpa.waitForJob');
    expect(waitSpan.status).toEqual({ code: SpanStatusCode.ERROR, message: 'elma-rpa waitForJob: aborted' });
    expect(waitSpan.attributes['error.type']).toBe('AbortError');
    expect(waitSpan.attributes['jobwire.job.state']).toBeUndefined();
    const metrics = await sdk.metrics();
    expect(metrics.get('jobwire.wait.duration')?.[0]?.attributes).toEqual({
      'jobwire.vendor': 'elma-rpa',
      'jobwire.wait.outcome': 'error',
      'error.type': 'AbortError',
    });
  });
});

describe('with no SDK registered', () => {
  it('spans do not record, headers() gives nothing even with propagate, and run still runs', async () => {
    propagation.disable();
    try {
      const otel = openTelemetry({ propagate: true });
      const call = otel.startCall({ vendor: 'alteryx-server', operation: 'getJobStatus', method: 'GET', url: URL_A });
      const attempt = call.startAttempt({ attempt: 1, resendCount: 0, method: 'GET', url: URL_A });
      expect(attempt.headers()).toBeUndefined();
      expect(trace.getTracerProvider().getTracer('x').startSpan('y').isRecording()).toBe(false);
      attempt.end({ status: 200 });
      expect(await call.run(async () => 7)).toBe(7);
      call.end(new Error('x'));
      const wait = otel.startWait({ vendor: 'alteryx-server', jobId: '1' });
      wait.poll({ poll: 1, state: 'running', vendorStatus: 'Running', delayMs: 1, reason: 'schedule' });
      wait.end({ state: 'succeeded' });
      expect(sdk.spans()).toEqual([]);
    } finally {
      startTestSdk(); // puts the W3C propagator back for later tests
    }
  });
});

describe('attribute values', () => {
  it('server.address and server.port of a URL', () => {
    expect(serverOf('https://Orchestrator.example.com/aspera/orchestrator/api')).toEqual({
      address: 'orchestrator.example.com',
      port: 443,
    });
    expect(serverOf('http://example.com?x=1')).toEqual({ address: 'example.com', port: 80 });
    expect(serverOf('http://[::1]:8080/x')).toEqual({ address: '::1', port: 8080 });
    expect(serverOf('http://user:pass@host:81/x')).toEqual({ address: 'host', port: 81 });
    expect(serverOf('ftp://host/x')).toEqual({ address: 'host', port: undefined });
    expect(serverOf('/relative')).toBeUndefined();
  });

  it('http.request.method and error.type', () => {
    expect(methodOf('get')).toBe('GET');
    expect(methodOf('PROPFIND')).toBe('_OTHER');
    expect(attemptErrorType(404, new Error('x'))).toBe('404');
    expect(attemptErrorType(200, new TypeError('x'))).toBe('TypeError');
    expect(attemptErrorType(302, undefined)).toBeUndefined();
    expect(errorTypeOf('a string')).toBe('_OTHER');
  });
});
