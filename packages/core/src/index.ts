export {
  type Authenticator,
  abortable,
  base64Text,
  basicAuthenticator,
  basicAuthorization,
  bearerAuthenticator,
  createTokenCache,
  type IssuedToken,
  staticTokenAuthenticator,
  type TokenCache,
  type TokenCacheOptions,
} from './auth.js';
export {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  apiErrorClassFor,
  apiErrorInit,
  ConnectionError,
  type ErrorContext,
  InvalidStateError,
  isTransientError,
  JobwireError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  RedirectError,
  type RedirectErrorInit,
  ServerError,
  SoapFaultError,
  type SoapFaultInit,
  TimeoutError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from './errors.js';
export { DEFAULT_MAX_RESPONSE_BYTES } from './http/body-limit.js';
export type {
  CallOptions,
  ClientOptions,
  ClientTransportOptions,
} from './http/client-options.js';
export { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_STREAM_TIMEOUT_MS } from './http/deadline.js';
export { DEFAULT_MAX_CONCURRENT_REQUESTS } from './http/limiter.js';

// The transport itself (`createHttpTransport` and its options) is in `@jobwire/core/internal`; what
// stays here is what users meet: the `fetch` they may pass, what an error mapper gets, and policies.
export {
  DEFAULT_TIMEOUT_MS,
  type ErrorResponse,
  type FetchLike,
  type TransportPolicy,
  type TransportPolicyAnswer,
  type TransportPolicyNext,
  type TransportPolicyRequest,
} from './http/transport.js';
export type {
  AttemptInfo,
  AttemptOutcome,
  AttemptScope,
  CallInfo,
  CallScope,
  Instrumentation,
  WaitInfo,
  WaitPoll,
  WaitScope,
} from './instrumentation.js';
export { type Logger, type ObjectFirstLogger, objectFirstLogger } from './logger.js';
export {
  type PollEvent,
  type WaitOptions,
  waitForJob,
} from './poller/wait-for-job.js';
export {
  createWaitState,
  DEFAULT_MAX_CONSECUTIVE_ERRORS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MIN_DELAY_MS,
  type DelayReason,
  type PollOutcome,
  resolveWaitSchedule,
  stepWait,
  type WaitSchedule,
  type WaitScheduleOptions,
  type WaitState,
  type WaitStatus,
  type WaitStep,
  waiterDelay,
  waitTimeoutError,
} from './poller/wait-state.js';
export { createRedactor, isSecretName, REDACTED, type Redactor, SECRET_NAMES, sharedRedactor } from './redact.js';
export {
  DEFAULT_RETRY_POLICY,
  type RetryEvent,
  type RetryOption,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryPolicy,
  retryAfterOf,
  withRetry,
} from './retry.js';
export { isRecord, type ShapeContext, shapeError } from './shape.js';
export {
  createJobStatus,
  createStateMapper,
  isTerminalState,
  type JobSource,
  type JobState,
  type JobStatus,
  type JobStatusInit,
  type KnownVendorId,
  type VendorId,
} from './status.js';
// XML (parseXml, escapeXml, XmlNode…) is a package of its own, `@jobwire/xml`: it depends on
// fast-xml-parser, which JSON-only clients must not install, load at start-up or bundle. Other entries:
// `/definition` (vendor definitions), `/simulator` and `/node` (Node only), and `/internal` (what
// vendor packages are built from: the transport, URL and id encoding, timing; unstable).
