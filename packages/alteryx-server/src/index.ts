// Everything a caller needs from the core, so that one package is enough.
export {
  ApiError,
  AuthenticationError,
  ConnectionError,
  InvalidStateError,
  type JobState,
  type JobStatus,
  JobwireError,
  type Logger,
  NotFoundError,
  PermissionError,
  RateLimitError,
  RedirectError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  type WaitOptions,
  WaitTimeoutError,
} from '@jobwire/core';
export type { ClientCredentials } from './auth.js';
export {
  type AlteryxServerClient,
  type AlteryxServerClientOptions,
  type AlteryxServerConnection,
  type CallOptions,
  createAlteryxServerClient,
} from './client.js';
export { mapAlteryxError } from './errors.js';
export type { components, paths } from './generated/openapi.js';
export { alteryxJobState, lastErrorMessage, toJobStatus } from './status.js';
export type {
  AlteryxDisposition,
  AlteryxJobStatusValue,
  AlteryxPriority,
  AppValue,
  CancelJobResult,
  EnqueueJobContract,
  InvalidRequestResponseBody,
  JobMessageView,
  JobOutput,
  JobView,
  ListWorkflowJobsQuery,
  MessageView,
  OutputDataView,
  TokenResponse,
  WorkflowJobView,
  WorkflowQuestion,
  WorkflowQuestionItem,
} from './types.js';
