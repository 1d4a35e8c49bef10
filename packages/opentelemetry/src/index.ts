// `@jobwire/core`'s instrumentation contract implemented on `@opentelemetry/api`: a client given
// `instrumentation: openTelemetry()` makes a span per call, a child span per HTTP attempt, a span per
// `waitForJob` with an event per poll, and HTTP client metrics. Only the API is imported: with no SDK
// registered every span is the API's non-recording one and no attribute is built.
export { type OpenTelemetryOptions, openTelemetry } from './open-telemetry.js';
