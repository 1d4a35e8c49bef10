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
export type { AsperaAuth } from './auth.js';
export {
  type AsperaJobStatus,
  type AsperaOrchestratorClient,
  type AsperaOrchestratorClientOptions,
  type CallOptions,
  createAsperaOrchestratorClient,
} from './client.js';
export { type AsperaErrorDetails, asperaErrorDetails, errorDetailsOf, firstLineOf, mapAsperaError } from './errors.js';
export type { components, paths } from './generated/openapi.js';
export { parseRubyLiteral, RubyLiteralError, type RubyValue } from './ruby-literal.js';
export { asperaJobState, stepOutputs, workOrderJobStatus, workStepJobStatus } from './status.js';
export type {
  AsperaFormat,
  AsperaJobRef,
  AsperaPriority,
  AsperaStatusValue,
  OutputValue,
  PingResult,
  PriorityName,
  StartWorkOrderOptions,
  StepOutput,
  Variable,
  WorkflowDetails,
  WorkflowInput,
  WorkflowInputs,
  WorkflowOutput,
  WorkflowOutputs,
  WorkflowStatusCount,
  WorkflowSummary,
  WorkOrder,
  WorkOrderOutput,
  WorkOrderOwnership,
  WorkOrderStep,
  WorkOrderSummary,
  WorkStep,
  WorkStepChange,
  WorkStepReset,
  WorkStepStatus,
} from './types.js';
