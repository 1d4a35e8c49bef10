// Whether openTelemetry() records anything: a client skips its hooks (and their cost) while it
// would not. Its own file: it needs the process without any globally registered provider first.
import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { openTelemetry } from '../src/index.js';

afterAll(() => {
  trace.disable();
  metrics.disable();
});

describe('openTelemetry().active()', () => {
  it('is false while no tracer or meter provider is registered or given, true once one is', () => {
    const instrumentation = openTelemetry();
    expect(instrumentation.active?.()).toBe(false);
    expect(openTelemetry({ tracerProvider: new BasicTracerProvider() }).active?.()).toBe(true);
    expect(openTelemetry({ meterProvider: new MeterProvider() }).active?.()).toBe(true);
    // Registered after the instrumentation was made: the global tracer provider is a proxy that delegates.
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    expect(instrumentation.active?.()).toBe(true);
  });
});
