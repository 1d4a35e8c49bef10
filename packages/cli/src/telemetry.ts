// Traces of a command's requests sent to an OTLP endpoint, when the standard OpenTelemetry
// variable OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: the clients
// get `openTelemetry()` from @jobwire/opentelemetry on an SDK tracer provider exporting with
// OTLP/HTTP (JSON). Everything OpenTelemetry is imported dynamically, only then: a command without
// the variable, and `--help`, load none of it.
import type { Instrumentation } from '@jobwire/core';
import { type Io, writeLine } from './io.js';
import { cliVersion } from './vendors.js';

/** The tracing of this process, once started. */
interface Telemetry {
  instrumentation: Instrumentation;
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

let started: Promise<Telemetry | undefined> | undefined;

/** Whether the environment asks for OTLP export (and has not switched the SDK off). */
export function wantsTelemetry(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * The instrumentation for this command's clients: undefined (nothing loaded) unless the environment
 * asks for OTLP export. Started once per process; `flushTelemetry()` sends what it recorded. Tracing
 * that cannot start fails no command: it runs untraced, after a line on stderr saying why.
 */
export async function cliInstrumentation(io: Io): Promise<Instrumentation | undefined> {
  if (!wantsTelemetry(io.env)) return undefined;
  started ??= startTelemetry(io.env).catch((error: unknown) => {
    writeLine(io.stderr, `jobwire: traces not exported: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  return (await started)?.instrumentation;
}

/**
 * Sends the spans still buffered and stops the exporter; nothing when tracing never started. An
 * endpoint that is down or refuses them changes nothing about the command's outcome or exit code.
 */
export async function flushTelemetry(): Promise<void> {
  const telemetry = await started;
  started = undefined;
  await telemetry?.shutdown().catch(() => undefined);
}

/** How long a command waits at exit for its spans to be accepted, unless OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT is set. */
const EXPORT_TIMEOUT_MS = 2000;

async function startTelemetry(env: Readonly<Record<string, string | undefined>>): Promise<Telemetry> {
  const [{ openTelemetry }, { context }, { AsyncLocalStorageContextManager }, sdk, { OTLPTraceExporter }, resources] =
    await Promise.all([
      import('@jobwire/opentelemetry'),
      import('@opentelemetry/api'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  // The context manager makes a login started inside a call the call's child, and a wait's polls its children.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // service.name is jobwire unless OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES say otherwise (envDetector).
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ 'service.name': 'jobwire', 'service.version': cliVersion }))
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  // The exporter reads its endpoint, headers and timeout from the OTEL_EXPORTER_OTLP_* variables
  // itself. Its default timeout (10 s, retries included) would hold every command that long at exit
  // when the endpoint is down: a command line waits EXPORT_TIMEOUT_MS unless the variables say otherwise.
  const timeoutSet = Boolean(env.OTEL_EXPORTER_OTLP_TIMEOUT || env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT);
  const exporter = new OTLPTraceExporter(timeoutSet ? {} : { timeoutMillis: EXPORT_TIMEOUT_MS });
  // Batched: a command's spans go in one request at exit, not one per span while the command runs.
  const provider = new sdk.BasicTracerProvider({ resource, spanProcessors: [new sdk.BatchSpanProcessor(exporter)] });
  return {
    instrumentation: openTelemetry({ tracerProvider: provider }),
    shutdown: () => provider.shutdown(),
  };
}
