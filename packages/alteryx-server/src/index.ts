// Everything a caller needs from the core (errors, the status model, waitForJob, ClientOptions,
// CallOptions…), so that one package is enough; this package's own names follow.
export * from '@jobwire/core';
export type { ClientCredentials } from './auth.js';
export {
  type AlteryxServerClient,
  type AlteryxServerClientOptions,
  type AlteryxServerConnection,
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
