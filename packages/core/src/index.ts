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
export { type BufferedBody, bufferedResponse } from './http/buffered-response.js';
export {
  type CallOptions,
  type ClientOptions,
  type ClientTransportOptions,
  clientTransportOptions,
} from './http/client-options.js';
export { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_STREAM_TIMEOUT_MS } from './http/deadline.js';
export { DEFAULT_MAX_CONCURRENT_REQUESTS } from './http/limiter.js';
export { parseRetryAfter } from './http/retry-after.js';
export { excerptOf, serverMessage } from './http/server-message.js';

export {
  createHttpTransport,
  DEFAULT_TIMEOUT_MS,
  type ErrorResponse,
  type FetchLike,
  HTTP_STATUS_HEADER,
  type HttpTransport,
  type HttpTransportOptions,
  type OperationOptions,
  type RequestOptions,
  type TransportPolicy,
  type TransportPolicyAnswer,
  type TransportPolicyNext,
  type TransportPolicyRequest,
  type TransportRequest,
  type TransportResponse,
} from './http/transport.js';
export { type QueryParams, requestUrl, urlCache } from './http/url.js';
export { pathSegment } from './ids.js';
export { type LazyModule, lazyModule } from './lazy.js';
export type { Logger } from './logger.js';
export {
  DEFAULT_MAX_CONSECUTIVE_ERRORS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MIN_DELAY_MS,
  type PollEvent,
  type WaitOptions,
  waiterDelay,
  waitForJob,
} from './poller/wait-for-job.js';
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
export { abortReason, backoffDelay, clampDelay, MAX_TIMER_DELAY_MS, sleep } from './timing.js';
// XML (parseXml, escapeXml, XmlNode…) is the `@jobwire/core/xml` subpath: it loads fast-xml-parser,
// which JSON-only clients must not pay for at start-up or in a browser bundle. Other entries:
// `/definition` (vendor definitions), `/simulator` and `/node` (Node only), and `/internal` (what
// vendor packages are built from; unstable — the helpers still exported here move there).
