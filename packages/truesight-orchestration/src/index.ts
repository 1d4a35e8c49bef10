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
export { TOKEN_HEADER, type UserCredentials } from './auth.js';
export {
  type CallOptions,
  createTrueSightClient,
  type ExecuteOptions,
  restRoot,
  type TrueSightClient,
  type TrueSightClientOptions,
  type TrueSightConnection,
} from './client.js';
export { mapTrueSightError } from './errors.js';
export type { components, paths } from './generated/openapi.js';
export { parseJavaDate } from './java-date.js';
export { decodeOutputs, decodeOutputValue } from './outputs.js';
export { toJobStatus, trueSightJobState } from './status.js';
export type {
  AsyncExecution,
  ExecuteProcessRequest,
  ExecutionMode,
  ExecutionResult,
  InputParameter,
  JobStatusResponse,
  LoginResponse,
  OutputParameter,
  OutputValue,
  ProcessInputs,
  SyncExecution,
  TrueSightComponent,
  TrueSightJob,
  TrueSightJobStatusValue,
} from './types.js';
