// Everything a caller needs from the core (errors, the status model, waitForJob, ClientOptions,
// CallOptions…), so that one package is enough; this package's own names follow.
export * from '@jobwire/core';
export { TOKEN_HEADER, type UserCredentials } from './auth.js';
export {
  createTrueSightClient,
  createTrueSightOrchestrationClient,
  type ExecuteOptions,
  restRoot,
  type TrueSightClient,
  type TrueSightClientOptions,
  type TrueSightConnection,
  type TrueSightOrchestrationClient,
  type TrueSightOrchestrationClientOptions,
  type TrueSightOrchestrationConnection,
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
