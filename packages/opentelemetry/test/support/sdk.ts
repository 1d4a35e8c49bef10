// The real OpenTelemetry SDK for tests: an in-memory span exporter, a metric reader collected on
// demand, the AsyncLocalStorage context manager and the W3C propagator registered globally.
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { type DataPoint, type Histogram, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

class CollectingReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** One metric's data points, as read by {@link TestSdk.metrics}. */
export type MetricPoints = Map<string, DataPoint<number | Histogram>[]>;

/** A tracer provider and meter provider whose output the test reads. */
export interface TestSdk {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  /** The spans ended since the last `reset`, in the order they ended. */
  spans(): ReadableSpan[];
  /** Every span ended, `reset` or not (for scans). */
  allSpans(): ReadableSpan[];
  /** Every metric's data points by metric name. */
  metrics(): Promise<MetricPoints>;
  /** Leaves the spans ended so far out of `spans()`. */
  reset(): void;
  shutdown(): Promise<void>;
}

let contextManager: AsyncLocalStorageContextManager | undefined;

/** Registers the context manager and propagator (once per file) and makes fresh providers. */
export function startTestSdk(): TestSdk {
  if (!contextManager) {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  }
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader();
  let from = 0;
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans().slice(from),
    allSpans: () => exporter.getFinishedSpans(),
    reset: () => {
      from = exporter.getFinishedSpans().length;
    },
    async metrics() {
      const { resourceMetrics } = await reader.collect();
      const points: MetricPoints = new Map();
      for (const scope of resourceMetrics.scopeMetrics)
        for (const metric of scope.metrics)
          points.set(metric.descriptor.name, metric.dataPoints as DataPoint<number | Histogram>[]);
      return points;
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** The span's parent span id, or undefined for a root span. */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The one span of that name; fails when there are none or several. */
export function onlySpan(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) throw new Error(`${found.length} spans named ${name}: ${spans.map((s) => s.name).join(', ')}`);
  return found[0] as ReadableSpan;
}

/** The spans whose parent is `parent`, in the order they started. */
export function childrenOf(spans: readonly ReadableSpan[], parent: ReadableSpan): ReadableSpan[] {
  return spans
    .filter((span) => parentOf(span) === parent.spanContext().spanId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
}
