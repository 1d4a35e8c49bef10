// `@jobwire/core/internal`: what jobwire's vendor packages are built from — the HTTP transport and
// its helpers, URL and id encoding, lazy loading, timing. UNSTABLE: not part of the public API, may
// change in any release; applications use a vendor package (and `@jobwire/core`) instead.
export { type BufferedBody, bufferedResponse, utf8Length } from './http/buffered-response.js';
export { clientTransportOptions } from './http/client-options.js';
export { bodyStatusPolicy } from './http/policies/body-status.js';
export { parseRetryAfter } from './http/retry-after.js';
export { excerptOf, serverMessage } from './http/server-message.js';
export {
  createHttpTransport,
  type ErrorResponse,
  type FetchLike,
  HTTP_STATUS_HEADER,
  type HttpTransport,
  type HttpTransportOptions,
  type OperationOptions,
  type RequestOptions,
  type TransportRequest,
  type TransportResponse,
} from './http/transport.js';
export { type QueryParams, requestUrl, urlCache } from './http/url.js';
export { pathSegment } from './ids.js';
export { type LazyModule, lazyModule } from './lazy.js';
export { decodeFormComponent, parameterName } from './redact.js';
export { secretForms } from './secret-forms.js';
export { abortReason, backoffDelay, clampDelay, MAX_TIMER_DELAY_MS, sleep } from './timing.js';
